// Bad input gets a ModelFileError naming the file, the field and what was expected; one case per failure mode.
import { afterAll, describe, expect, it } from 'vitest';
import { mkdirSync } from 'node:fs';
import { ModelFileError, parseModel, readModelFile } from '../../src/io/index.js';
import { crc32, expectModelError, f32Bytes, f64Bytes, makeTempDir, npy, npyF64, npyI64, npz, safetensors, u16Bytes, zip } from './fixtures.js';

const tmp = makeTempDir();
afterAll(() => tmp.remove());

const json = (doc: unknown): Uint8Array => Buffer.from(JSON.stringify(doc));
const F = [
  [1, 2, 3, 4, 5],
  [6, 7, 8, 9, 10],
];
const G = [
  [1, 0, 0, 0, 0],
  [0, 1, 0, 0, 0],
  [0, 0, 1, 0, 0],
];
const f64 = (rows: number[][]) => ({ dtype: 'F64', shape: [rows.length, rows[0]!.length], data: f64Bytes(rows.flat()) });

describe('files and extensions', () => {
  it('a file that does not exist is named', () => {
    const path = tmp.path('nope.npz');
    const e = expectModelError(() => readModelFile(path), { file: path, field: 'file', message: 'cannot read the model file: no such file or directory (ENOENT)' });
    expect(e.received).toBe('ENOENT');
  });

  it('a directory is not a model file', () => {
    const path = tmp.path('dir.json');
    mkdirSync(path);
    expectModelError(() => readModelFile(path), { file: path, field: 'file', message: 'it is a directory' });
  });

  it('an unknown extension lists the supported ones', () => {
    expectModelError(() => readModelFile('m.pt'), { file: 'm.pt', field: 'extension', message: 'expected .json, .npz or .safetensors, got .pt' });
    expectModelError(() => parseModel(new Uint8Array(), 'model'), { file: 'model', field: 'extension', message: 'got no extension' });
    expectModelError(() => parseModel(new Uint8Array(), 'F.npy'), { file: 'F.npy', field: 'extension', message: 'numpy.savez' });
  });

  it('errors are ModelFileError instances with structured fields', () => {
    try {
      parseModel(json({ F, G: [[1, 2, 3, 4]] }), 'a.json');
      expect.fail('no error');
    } catch (e) {
      expect(e).toBeInstanceOf(ModelFileError);
      expect(e).toBeInstanceOf(Error);
      const err = e as ModelFileError;
      expect(err.name).toBe('ModelFileError');
      expect({ file: err.file, field: err.field, expected: err.expected, received: err.received }).toEqual({
        file: 'a.json',
        field: 'G',
        expected: '5 columns (the width d of F)',
        received: '4',
      });
      expect(err.message).toBe('a.json: G: expected 5 columns (the width d of F), got 4');
    }
  });
});

describe('JSON', () => {
  const cases: Array<[string, unknown, string, string]> = [
    ['a string "NaN"', { F: [[1, 2], [3, 4], [5, 6], [7, 'NaN']], G }, 'F[3][1]', 'F[3][1]: expected a finite number, got "NaN" (a string)'],
    ['null', { F: [[1, null]], G }, 'F[0][1]', 'expected a finite number, got null'],
    ['a nested array', { F, G: [[1, 2, 3, 4, 5], [1, 2, [3], 4, 5]] }, 'G[1][2]', 'got an array of length 1'],
    ['a ragged row', { F: [[1, 2, 3], [4, 5]], G }, 'F[1]', 'F[1]: expected 3 numbers (the length of F[0]; rows must all have the same length), got 2'],
    ['a row that is not an array', { F: [[1], 2], G }, 'F[1]', 'expected a row (an array of numbers), got 2'],
    ['F not a list', { F: { a: 1 }, G }, 'F', 'expected a 2-D array (a list of rows of numbers), got an object'],
    ['a missing G', { F }, 'G', 'G: expected a key "G" holding a list of rows, got no such key'],
    ['an empty F', { F: [], G }, 'F', 'F: expected a non-empty matrix (n ≥ 1 contexts, d ≥ 1), got 0 × 0'],
    ['empty rows in G', { F, G: [[], []] }, 'G', 'G: expected a non-empty matrix (V ≥ 2 tokens, d ≥ 1), got 2 × 0'],
    ['G narrower than F', { F, G: [[1, 2, 3, 4], [1, 2, 3, 4]] }, 'G', 'G: expected 5 columns (the width d of F), got 4'],
    ['V = 1', { F, G: [[1, 2, 3, 4, 5]] }, 'G', 'expected at least 2 rows (one per vocabulary token; the theory needs V ≥ 2), got 1'],
    ['a fractional pivot', { F, G, pivot: 1.5 }, 'pivot', 'pivot: expected an integer token index in [0, 3) (V = 3 rows of G), got 1.5'],
    ['a negative pivot', { F, G, pivot: -1 }, 'pivot', 'got -1'],
    ['a pivot equal to V', { F, G, pivot: 3 }, 'pivot', 'in [0, 3)'],
    ['a pivot given as a string', { F, G, pivot: '1' }, 'pivot', 'got "1" (a string)'],
    ['a null pivot', { F, G, pivot: null }, 'pivot', 'got null'],
    ['a top-level array', [F, G], '(top level)', 'expected an object with keys "F" and "G", got an array of length 2'],
  ];
  for (const [label, doc, field, message] of cases) {
    it(`reports ${label}`, () => {
      expectModelError(() => parseModel(json(doc), 'a.json'), { file: 'a.json', field, message });
    });
  }

  it('reports a literal that overflows to Infinity at its position', () => {
    const text = '{"F": [[1, 2], [3, 1e999]], "G": [[1, 2], [3, 4]]}';
    expectModelError(() => parseModel(Buffer.from(text), 'a.json'), { file: 'a.json', field: 'F[1][1]', message: 'expected a finite number, got Infinity' });
  });

  it("reports malformed JSON with the parser's own message", () => {
    const text = '{"F": [[1, 2]], "G": [[1, 2], [3, 4]],}';
    let parserMessage = '';
    try {
      JSON.parse(text);
    } catch (e) {
      parserMessage = (e as Error).message;
    }
    expect(parserMessage).not.toBe('');
    expectModelError(() => parseModel(Buffer.from(text), 'a.json'), { file: 'a.json', field: 'JSON', message: ['JSON: expected valid JSON', parserMessage] });
  });

  it('uses the renamed keys in messages', () => {
    expectModelError(() => parseModel(json({ W: F, U: [[1], [2]] }), 'a.json', { fName: 'W', gName: 'U' }), {
      file: 'a.json',
      field: 'U',
      message: 'U: expected 5 columns (the width d of F, "W"), got 1',
    });
  });
});

describe('npz', () => {
  const good = { F: npyF64(F), G: npyF64(G) };

  it('a missing array lists the arrays present', () => {
    const bytes = npz({ W: npyF64(F), b: npyF64(G) });
    expectModelError(() => parseModel(bytes, 'a.npz'), { file: 'a.npz', field: 'F', message: 'a.npz: missing array "F" (arrays present: W, b)' });
  });

  it('G with a different width than F', () => {
    const bytes = npz({ F: npyF64(F), G: npyF64([[1, 2, 3, 4], [5, 6, 7, 8]]) });
    expectModelError(() => parseModel(bytes, 'b.npz'), { file: 'b.npz', field: 'G', message: 'b.npz: G: expected 5 columns (the width d of F), got 4' });
  });

  it('NaN and infinities are reported at the first position, row-major', () => {
    const G2 = G.map((r) => [...r]);
    G2[2]![0] = NaN;
    G2[2]![3] = Infinity;
    expectModelError(() => parseModel(npz({ F: npyF64(F), G: npyF64(G2) }), 'b.npz'), { file: 'b.npz', field: 'G[2][0]', message: 'G[2][0]: expected a finite number, got NaN' });
    const F2 = F.map((r) => [...r]);
    F2[1]![4] = -Infinity;
    expectModelError(() => parseModel(npz({ F: npyF64(F2), G: npyF64(G) }), 'b.npz'), { file: 'b.npz', field: 'F[1][4]', message: 'got -Infinity' });
  });

  it('a non-finite value in a fortran_order array is reported at its row-major position', () => {
    // Column-major [1, NaN, 3, 4] is the matrix [[1, 3], [NaN, 4]]: the NaN is at row 1, column 0.
    const Fc = npy({ descr: '<f8', shape: [2, 2], fortran: true, payload: f64Bytes([1, NaN, 3, 4]) });
    expectModelError(() => parseModel(npz({ F: Fc, G: npyF64([[1, 2], [3, 4]]) }), 'c.npz'), { file: 'c.npz', field: 'F[1][0]' });
  });

  it('an unsupported dtype names the dtype and the supported ones', () => {
    const Fi = npy({ descr: '<i8', shape: [1, 1], payload: new Uint8Array(8) });
    expectModelError(() => parseModel(npz({ ...good, F: Fi }), 'a.npz'), {
      file: 'a.npz',
      field: 'F',
      message: ["got '<i8'", "float64, float32 or float16 ('<f8', '>f8', '<f4', '>f4', '<f2', '>f2')"],
    });
    const Gc = npy({ descr: '<c16', shape: [1, 1], payload: new Uint8Array(16) });
    expectModelError(() => parseModel(npz({ ...good, G: Gc }), 'a.npz'), { file: 'a.npz', field: 'G', message: "got '<c16'" });
    const Gs = npy({ descr: '', shape: [], payload: new Uint8Array(16), header: "{'descr': [('a', '<f8'), ('b', '<f8')], 'fortran_order': False, 'shape': (1,), }" });
    expectModelError(() => parseModel(npz({ ...good, G: Gs }), 'a.npz'), { file: 'a.npz', field: 'G', message: 'got a structured dtype' });
  });

  it('a non-2-D array', () => {
    const F3 = npy({ descr: '<f8', shape: [1, 2, 2], payload: f64Bytes([1, 2, 3, 4]) });
    expectModelError(() => parseModel(npz({ ...good, F: F3 }), 'a.npz'), { file: 'a.npz', field: 'F', message: 'F: expected 2-D shape, got [1, 2, 2]' });
  });

  it('an empty array', () => {
    const F0 = npy({ descr: '<f8', shape: [0, 5], payload: new Uint8Array(0) });
    expectModelError(() => parseModel(npz({ ...good, F: F0 }), 'a.npz'), { file: 'a.npz', field: 'F', message: 'expected a non-empty matrix' });
  });

  it('V < 2', () => {
    expectModelError(() => parseModel(npz({ F: npyF64(F), G: npyF64([F[0]!]) }), 'a.npz'), { file: 'a.npz', field: 'G', message: 'at least 2 rows' });
  });

  it('pivots: out of range, non-integer dtype, more than one element', () => {
    expectModelError(() => parseModel(npz({ ...good, pivot: npyI64(3n) }), 'a.npz'), { file: 'a.npz', field: 'pivot', message: 'expected an integer token index in [0, 3) (V = 3 rows of G), got 3' });
    expectModelError(() => parseModel(npz({ ...good, pivot: npyI64(-(2n ** 63n)) }), 'a.npz'), { file: 'a.npz', field: 'pivot', message: 'got -9223372036854776000' });
    const pf = npy({ descr: '<f8', shape: [], payload: f64Bytes([1]) });
    expectModelError(() => parseModel(npz({ ...good, pivot: pf }), 'a.npz'), { file: 'a.npz', field: 'pivot', message: "expected an integer dtype (e.g. '<i8' or '<i4'), got '<f8'" });
    const p2 = npy({ descr: '<i8', shape: [2], payload: new Uint8Array(16) });
    expectModelError(() => parseModel(npz({ ...good, pivot: p2 }), 'a.npz'), { file: 'a.npz', field: 'pivot', message: 'expected a single integer (shape () or (1,)), got shape [2]' });
  });

  it('a truncated or padded .npy payload', () => {
    const full = npyF64(F);
    expectModelError(() => parseModel(npz({ ...good, F: full.subarray(0, full.length - 8) }), 'a.npz'), { file: 'a.npz', field: 'F', message: ['expected 80 bytes of data after the header', 'got 72 (truncated)'] });
    const padded = npy({ descr: '<f8', shape: [2, 5], payload: f64Bytes([...F.flat(), 0]) });
    expectModelError(() => parseModel(npz({ ...good, F: padded }), 'a.npz'), { file: 'a.npz', field: 'F', message: 'got 88 (trailing bytes)' });
  });

  it('a broken .npy preamble or header', () => {
    expectModelError(() => parseModel(npz({ ...good, F: Buffer.from('not an array at all') }), 'a.npz'), { file: 'a.npz', field: 'F', message: 'expected a .npy array' });
    const v4 = npyF64(F);
    v4[6] = 4;
    expectModelError(() => parseModel(npz({ ...good, F: v4 }), 'a.npz'), { file: 'a.npz', field: 'F', message: 'expected .npy format version 1.0, 2.0 or 3.0, got 4.0' });
    const bad = npy({ descr: '', shape: [], payload: new Uint8Array(), header: "{'descr': '<f8', 'shape': (1, 1)" });
    expectModelError(() => parseModel(npz({ ...good, F: bad }), 'a.npz'), { file: 'a.npz', field: 'F', message: 'expected a .npy header dict, got unparseable text' });
    const noOrder = npy({ descr: '', shape: [], payload: f64Bytes([1]), header: "{'descr': '<f8', 'shape': (1, 1)}" });
    expectModelError(() => parseModel(npz({ ...good, F: noOrder }), 'a.npz'), { file: 'a.npz', field: 'F', message: "got no 'fortran_order'" });
    const native = npy({ descr: '=f8', shape: [1, 1], payload: f64Bytes([1]) });
    expectModelError(() => parseModel(npz({ ...good, F: native }), 'a.npz'), { file: 'a.npz', field: 'F', message: "explicit byte order" });
  });

  it('zip damage: not a zip, CRC mismatch, bad deflate, unknown method, encryption, duplicates, truncation', () => {
    expectModelError(() => parseModel(Buffer.from('hello, this is plain text and no archive'), 'a.npz'), { file: 'a.npz', field: 'zip archive', message: 'not a zip archive' });
    const data = npyF64(F);
    const withCrc = zip([{ name: 'F.npy', data, crc: crc32(data) ^ 1 }, { name: 'G.npy', data: good.G }]);
    expectModelError(() => parseModel(withCrc, 'a.npz'), { file: 'a.npz', field: 'zip archive', message: ['CRC-32', 'entry "F.npy"', 'damaged'] });
    // 0xff starts a deflate block of the reserved type 3: zlib must reject it.
    const badDeflate = zip([{ name: 'F.npy', data: new Uint8Array(16).fill(0xff), method: 8 }, { name: 'G.npy', data: good.G }]);
    expectModelError(() => parseModel(badDeflate, 'a.npz'), { file: 'a.npz', field: 'zip archive', message: 'expected valid deflate data in entry "F.npy"' });
    // Stored bytes mislabelled as deflate may inflate "successfully" to the wrong length: the size check catches it.
    const mislabelled = zip([{ name: 'F.npy', data, method: 8 }, { name: 'G.npy', data: good.G }]);
    expectModelError(() => parseModel(mislabelled, 'a.npz'), { file: 'a.npz', field: 'zip archive', message: 'entry "F.npy"' });
    const bzip = zip([{ name: 'F.npy', data, method: 12 }, { name: 'G.npy', data: good.G }]);
    expectModelError(() => parseModel(bzip, 'a.npz'), { file: 'a.npz', field: 'zip archive', message: 'got compression method 12' });
    const enc = zip([{ name: 'F.npy', data, flags: 1 }, { name: 'G.npy', data: good.G }]);
    expectModelError(() => parseModel(enc, 'a.npz'), { file: 'a.npz', field: 'zip archive', message: 'got an encrypted one' });
    const dup = zip([{ name: 'F.npy', data }, { name: 'F.npy', data }, { name: 'G.npy', data: good.G }]);
    expectModelError(() => parseModel(dup, 'a.npz'), { file: 'a.npz', field: 'F', message: 'each array name once' });
    const whole = npz(good);
    const cut = whole.subarray(0, 200);
    expectModelError(() => parseModel(cut, 'a.npz'), { file: 'a.npz', field: 'zip archive', message: 'not a zip archive' });
  });

  it('a file too short to be a zip', () => {
    expectModelError(() => parseModel(new Uint8Array(3), 'a.npz'), { file: 'a.npz', field: 'zip archive', message: 'only 3 bytes' });
  });
});

describe('safetensors', () => {
  it('a 3-D tensor', () => {
    const bytes = safetensors({ F: f64(F), G: { dtype: 'F32', shape: [3, 4, 5], data: f32Bytes(new Array<number>(60).fill(0)) } });
    expectModelError(() => parseModel(bytes, 'models/a.safetensors'), {
      file: 'models/a.safetensors',
      field: 'tensor "G".shape',
      message: 'models/a.safetensors: tensor "G".shape: expected 2-D shape, got [3, 4, 5]',
    });
  });

  it('a header length beyond the end of the file', () => {
    const bytes = safetensors({ F: f64(F), G: f64(G) }, { headerLength: 4096n }).subarray(0, 100);
    expectModelError(() => parseModel(bytes, 'x.safetensors'), { file: 'x.safetensors', field: 'header', message: 'x.safetensors: truncated: header says 4096 bytes but the file has 100' });
  });

  it('a file shorter than the 8-byte length', () => {
    expectModelError(() => parseModel(new Uint8Array(5), 'x.safetensors'), { file: 'x.safetensors', field: 'header', message: 'truncated: expected at least 8 bytes' });
  });

  it('a header that is not JSON, or not an object', () => {
    const text = Buffer.from('{"F": oops}');
    const len = new Uint8Array(8);
    new DataView(len.buffer).setBigUint64(0, BigInt(text.length), true);
    expectModelError(() => parseModel(Buffer.concat([len, text]), 'x.safetensors'), { file: 'x.safetensors', field: 'header', message: 'expected a JSON header (padded with spaces only), got invalid JSON (' });
    const arr = Buffer.from('[1, 2]');
    new DataView(len.buffer).setBigUint64(0, BigInt(arr.length), true);
    expectModelError(() => parseModel(Buffer.concat([len, arr]), 'x.safetensors'), { file: 'x.safetensors', field: 'header', message: "expected a JSON header starting with '{', got a header starting with byte 0x5b" });
  });

  it('a missing tensor lists the tensors present (not the metadata)', () => {
    const bytes = safetensors({ embed: f64(F), G: f64(G) }, { metadata: { pivot: '0' } });
    expectModelError(() => parseModel(bytes, 'x.safetensors'), { file: 'x.safetensors', field: 'tensor "F"', message: 'missing tensor "F" (tensors present: embed, G)' });
  });

  it('an unsupported dtype names it and the supported ones', () => {
    const bytes = safetensors({ F: { dtype: 'I32', shape: [2, 5], data: new Uint8Array(40) }, G: f64(G) });
    expectModelError(() => parseModel(bytes, 'x.safetensors'), { file: 'x.safetensors', field: 'tensor "F".dtype', message: 'tensor "F".dtype: expected F64, F32, F16 or BF16 (a float matrix), got I32' });
  });

  it('data_offsets that disagree with the shape, or run past the buffer', () => {
    const short = safetensors({ F: { ...f64(F), offsets: [0, 72] }, G: f64(G) });
    expectModelError(() => parseModel(short, 'x.safetensors'), {
      file: 'x.safetensors',
      field: 'tensor "F".data_offsets',
      message: 'tensor "F".data_offsets: expected a span of 80 bytes (shape [2, 5] × 8-byte F64), got [0, 72] (72 bytes)',
    });
    const past = safetensors({ F: f64(F), G: { ...f64(G), offsets: [80, 80 + 120] } }).subarray(0, -8);
    expectModelError(() => parseModel(past, 'x.safetensors'), { file: 'x.safetensors', field: 'tensor "G".data_offsets', message: 'tensor "G": truncated: data_offsets [80, 200] run past the end of the 192-byte data buffer' });
    const weird = safetensors({ F: { ...f64(F), offsets: [0] as unknown as [number, number] }, G: f64(G) });
    expectModelError(() => parseModel(weird, 'x.safetensors'), { file: 'x.safetensors', field: 'tensor "F".data_offsets', message: '[begin, end], two non-negative integers' });
  });

  it('a NaN in a BF16 tensor is reported at its position', () => {
    const bits = new Array<number>(15).fill(0x3f80); // 1.0
    bits[7] = 0x7fc0; // NaN at row 1, column 2 of a 3 × 5 matrix
    const bytes = safetensors({ F: f64(F), G: { dtype: 'BF16', shape: [3, 5], data: u16Bytes(bits) } });
    expectModelError(() => parseModel(bytes, 'x.safetensors'), { file: 'x.safetensors', field: 'G[1][2]', message: 'G[1][2]: expected a finite number, got NaN' });
  });

  it('G narrower than F, and V < 2', () => {
    const narrow = safetensors({ F: f64(F), G: f64([[1, 2], [3, 4]]) });
    expectModelError(() => parseModel(narrow, 'x.safetensors'), { file: 'x.safetensors', field: 'G', message: 'G: expected 5 columns (the width d of F), got 2' });
    const single = safetensors({ F: f64(F), G: f64([F[0]!]) });
    expectModelError(() => parseModel(single, 'x.safetensors'), { file: 'x.safetensors', field: 'G', message: 'at least 2 rows' });
  });

  it('an empty tensor', () => {
    const bytes = safetensors({ F: { dtype: 'F64', shape: [0, 5], data: new Uint8Array(0) }, G: f64(G) });
    expectModelError(() => parseModel(bytes, 'x.safetensors'), { file: 'x.safetensors', field: 'F', message: 'expected a non-empty matrix' });
  });

  it('pivots in __metadata__: not an integer string, out of range', () => {
    for (const [pivot, message] of [
      ['abc', 'pivot: expected a string holding an integer in __metadata__ (e.g. "0"), got "abc" (a string)'],
      ['1.0', 'got "1.0" (a string)'],
      [2, 'pivot: expected a string in __metadata__ (the format maps strings to strings, e.g. "0"), got 2'],
      ['3', 'expected an integer token index in [0, 3) (V = 3 rows of G), got 3'],
      ['-1', 'got -1'],
    ] as const) {
      const bytes = safetensors({ F: f64(F), G: f64(G) }, { metadata: { pivot } });
      expectModelError(() => parseModel(bytes, 'x.safetensors'), { file: 'x.safetensors', field: 'pivot', message });
    }
  });
});
