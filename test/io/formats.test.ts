// Hand-built files exercising the container details numpy does not let us choose, and safetensors (no
// reference implementation on this machine): F32, BF16 and F16 tensors, misaligned buffers, ZIP64 records.
import { describe, expect, it } from 'vitest';
import { parseModel } from '../../src/io/index.js';
import { parsePyLiteral } from '../../src/io/py-literal.js';
import { halfToNumber } from '../../src/io/decode.js';
import { crc32, crc32Portable } from '../../src/io/crc32.js';
import { bf16Bytes, concat, crc32 as fixtureCrc32, dense, expectBitExact, f32Bytes, f64Bytes, npy, npyF64, npyI64, npz, safetensors, u16Bytes, zip } from './fixtures.js';

const Frows = [
  [1, -2, 0.5],
  [0.15625, -0, 3.0e-39],
];
const Grows = [
  [256, -1.5, 1 / 128],
  [2 ** -126, 65280, -0.25],
  [7, 8, 9],
];

describe('safetensors', () => {
  it('reads F32 tensors exactly, with the pivot from __metadata__', () => {
    const bytes = safetensors(
      { F: { dtype: 'F32', shape: [2, 3], data: f32Bytes(Frows.flat()) }, G: { dtype: 'F32', shape: [3, 3], data: f32Bytes(Grows.flat()) } },
      { metadata: { pivot: '2', format: 'pt' } },
    );
    const m = parseModel(bytes, 'x.safetensors');
    expectBitExact(m.F.data, Float64Array.from(Frows.flat(), Math.fround));
    expectBitExact(m.G.data, Float64Array.from(Grows.flat(), Math.fround));
    expect(m.pivot).toBe(2);
    expect(m.dtype).toBe('f32');
  });

  it('reads BF16 by placing the 16 bits in the high half of an f32 (values exact in bf16)', () => {
    // Every value here has at most 8 significant bits, so bf16 holds it exactly and the f64 is known.
    const f = [1, -2, 0.5, 0.15625, -0, 2 ** -126];
    const g = [256, -1.5, 1 / 128, 3.0e38 - (3.0e38 % 2 ** 120), 65280, -0.25];
    const bytes = safetensors({ G: { dtype: 'BF16', shape: [2, 3], data: bf16Bytes(g) }, F: { dtype: 'BF16', shape: [2, 3], data: bf16Bytes(f) } });
    const m = parseModel(bytes, 'b.safetensors');
    expectBitExact(m.F.data, Float64Array.from(f));
    expectBitExact(m.G.data, Float64Array.from(g));
    expect(m.dtype).toBe('bf16');
  });

  it('reads F16 from bit patterns, including subnormals and the largest finite value', () => {
    const bits = [0x3c00, 0xc000, 0x0001, 0x7bff, 0x8000, 0x3555];
    const values = [1, -2, 2 ** -24, 65504, -0, 0.333251953125];
    const bytes = safetensors({ F: { dtype: 'F16', shape: [3, 2], data: u16Bytes(bits) }, G: { dtype: 'F64', shape: [2, 2], data: f64Bytes([1, 2, 3, 4]) } });
    const m = parseModel(bytes, 'h.safetensors');
    expectBitExact(m.F.data, Float64Array.from(values));
    expect(m.dtype).toBe('F f16, G f64');
    expect(halfToNumber(0x7c00)).toBe(Infinity);
    expect(halfToNumber(0x7e00)).toBeNaN();
  });

  it('reads F64 data that is not 8-byte aligned in the file, and ignores other tensors', () => {
    const bytes = safetensors(
      {
        bias: { dtype: 'I32', shape: [1], data: new Uint8Array(4) },
        F: { dtype: 'F64', shape: [2, 3], data: f64Bytes(Frows.flat()) },
        G: { dtype: 'F64', shape: [3, 3], data: f64Bytes(Grows.flat()) },
      },
      { lead: 3 },
    );
    const m = parseModel(bytes, 'odd.safetensors');
    expectBitExact(m.F.data, dense(Frows).data);
    expectBitExact(m.G.data, dense(Grows).data);
  });

  it('decodes unaligned f32/f64 held in a Node Buffer (whose slice() is a view, not a copy)', () => {
    const bytes = safetensors({ F: { dtype: 'F32', shape: [2, 3], data: f32Bytes(Frows.flat()) }, G: { dtype: 'F64', shape: [3, 3], data: f64Bytes(Grows.flat()) } }, { lead: 1 });
    const buf = Buffer.concat([Buffer.alloc(3), Buffer.from(bytes)]).subarray(3);
    const m = parseModel(buf, 'buf.safetensors');
    expectBitExact(m.F.data, Float64Array.from(Frows.flat(), Math.fround));
    expectBitExact(m.G.data, dense(Grows).data);
  });

  it('takes tensor names from the options', () => {
    const bytes = safetensors({ ctx: { dtype: 'F64', shape: [2, 3], data: f64Bytes(Frows.flat()) }, unemb: { dtype: 'F64', shape: [3, 3], data: f64Bytes(Grows.flat()) } });
    const m = parseModel(bytes, 'n.safetensors', { fName: 'ctx', gName: 'unemb' });
    expect(m.G.rows).toBe(3);
  });
});

describe('npz containers', () => {
  it('the portable CRC-32 agrees with the native one and the test fixture', () => {
    const data = Uint8Array.from({ length: 4099 }, (_, k) => (k * 7919) & 0xff);
    expect(crc32Portable(data)).toBe(fixtureCrc32(data));
    expect(crc32(data)).toBe(fixtureCrc32(data));
    expect(crc32Portable(Buffer.from('123456789'))).toBe(0xcbf43926);
  });

  const arrays = { F: npyF64(Frows), G: npyF64(Grows), pivot: npyI64(1n) };

  for (const [label, opts] of [
    ['stored', {}],
    ['deflated', { deflate: true }],
    ['ZIP64 records', { zip64: true }],
    ['ZIP64 and deflated', { zip64: true, deflate: true }],
  ] as const) {
    it(`reads ${label} entries`, () => {
      const m = parseModel(npz(arrays, opts), 'a.npz');
      expectBitExact(m.F.data, dense(Frows).data);
      expectBitExact(m.G.data, dense(Grows).data);
      expect(m.pivot).toBe(1);
    });
  }

  it('finds the end record behind an archive comment that contains a fake signature', () => {
    const bytes = zip(
      [
        { name: 'F.npy', data: arrays.F },
        { name: 'G.npy', data: arrays.G },
      ],
      { comment: 'PK\x05\x06 not the real end record' },
    );
    expect(parseModel(bytes, 'c.npz').F.rows).toBe(2);
  });

  it('reads a hand-made fortran_order f4 array and .npy versions 2.0/3.0', () => {
    // Column-major storage of Frows: column by column.
    const colMajor = [0, 1, 2].flatMap((j) => Frows.map((r) => r[j]!));
    const F = npy({ descr: '<f4', shape: [2, 3], fortran: true, payload: f32Bytes(colMajor), version: 2 });
    const G = npy({ descr: '>f8', shape: [3, 3], payload: f64Bytes(Grows.flat(), false), version: 3 });
    const m = parseModel(npz({ F, G }), 'f.npz');
    expectBitExact(m.F.data, Float64Array.from(Frows.flat(), Math.fround));
    expectBitExact(m.G.data, dense(Grows).data);
  });

  it("accepts Python 2 style shapes like (2L, 3L) and odd spacing in the header", () => {
    const F = npy({ descr: '', shape: [], payload: f64Bytes(Frows.flat()), header: "{ 'shape':(2L,3L),'fortran_order' :False, \"descr\":'<f8'}" });
    expect(parseModel(npz({ F, G: arrays.G }), 'p.npz').F.cols).toBe(3);
  });

  it('parses the Python literal subset of .npy headers', () => {
    expect(parsePyLiteral("{'a': (1,), 'b': [True, None, -3], 'c': ()}")).toEqual({ a: [1], b: [true, null, -3], c: [] });
    expect(() => parsePyLiteral("{'a': 1} x")).toThrow(/after the literal/);
    expect(() => parsePyLiteral("{'a' 1}")).toThrow(/expected ':'/);
  });

  it('keeps the exact bytes of a file read from a larger buffer (non-zero byteOffset)', () => {
    const inner = npz(arrays);
    const outer = concat(new Uint8Array(5), inner, new Uint8Array(7));
    const m = parseModel(outer.subarray(5, 5 + inner.length), 'sub.npz');
    expectBitExact(m.G.data, dense(Grows).data);
  });
});
