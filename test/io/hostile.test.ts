// Hostile input: every way a model file can be broken or malicious, through the real command line. Each
// case must exit 2 with one line naming the file and what was expected, no stack trace, quickly, and the
// process-level cases (zip bombs, size lies, devices, pipes, deep headers) in bounded memory.
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { spawn } from 'node:child_process';
import { mkdirSync, symlinkSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { constants as zlibConstants, deflateRawSync } from 'node:zlib';
import { fileURLToPath } from 'node:url';
import { main } from '../../src/cli/main.js';
import { bf16Bytes, concat, f32Bytes, f64Bytes, makeTempDir, npy, npyI64, npz, safetensors, u16Bytes, zip, type TensorSpec } from './fixtures.js';

const tmp = makeTempDir();
const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const CLI = fileURLToPath(new URL('../helpers/aon-cli.ts', import.meta.url));

const F = [[1, 2, 0.5], [0.25, -1, 3]];
const G = [[1, 0, 0], [0, 1, 0], [0, 0, 1], [1, 1, 1]];
let good = '';

interface Outcome { code: number; err: string; ms: number }

async function inProcess(file: string): Promise<Outcome> {
  let err = '';
  const t0 = performance.now();
  const code = await main(['compare', file, good], () => undefined, (s) => (err += `${s}\n`));
  return { code, err, ms: performance.now() - t0 };
}

/** A clean refusal: exit 2, one line "aon: <file>: …" holding every fragment, no stack, no raw control character. */
function expectRefusal(o: Outcome, file: string, fragments: readonly string[]): void {
  expect(o.code, o.err).toBe(2);
  const lines = o.err.trimEnd().split('\n');
  expect(lines, o.err).toHaveLength(1);
  expect(lines[0]!.startsWith(`aon: ${file}: `), o.err).toBe(true);
  for (const f of fragments) expect(o.err).toContain(f);
  expect(o.err).not.toMatch(/\n\s+at /);
  // eslint-disable-next-line no-control-regex
  expect(o.err).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f]/);
  expect(o.ms).toBeLessThan(10_000); // a hang guard: each refusal takes milliseconds
}

function f64(rows: number[][]): TensorSpec {
  return { dtype: 'F64', shape: [rows.length, rows[0]!.length], data: f64Bytes(rows.flat()) };
}
const npyOf = (rows: number[][], descr = '<f8'): Uint8Array =>
  npy({ descr, shape: [rows.length, rows[0]!.length], payload: descr.endsWith('8') ? f64Bytes(rows.flat(), descr[0] === '<') : f32Bytes(rows.flat(), descr[0] === '<') });
const stHeader = (text: string, data = new Uint8Array(0)): Uint8Array => {
  const json = Buffer.from(text, 'utf8');
  const len = new Uint8Array(8);
  new DataView(len.buffer).setBigUint64(0, BigInt(json.length), true);
  return concat(len, json, data);
};
const json = (doc: unknown): string => JSON.stringify(doc);
const withF = (bad: unknown) => json({ F: bad, G });
const f16bits = (x: number) => (x === Infinity ? 0x7c00 : x === -Infinity ? 0xfc00 : Number.isNaN(x) ? 0x7e00 : 0x3c00);
const bf16bits = (x: number) => (x === Infinity ? 0x7f80 : x === -Infinity ? 0xff80 : Number.isNaN(x) ? 0x7fc0 : 0x3f80);

/** [name, file name, contents, fragments the message must hold]. */
type Case = [string, string, Uint8Array | string, readonly string[]];

const JSON_CASES: Case[] = [
  ['invalid JSON', 'm.json', '{"F": [[1, 2]', ['expected valid JSON']],
  ['empty file', 'm.json', '', ['expected valid JSON']],
  ['top-level array', 'm.json', '[1, 2]', ['(top level)', 'an array of length 2']],
  ['F missing', 'm.json', json({ G }), ['F: expected a key "F"']],
  ['F a number', 'm.json', withF(3), ['F: expected a 2-D array']],
  ['F an object', 'm.json', withF({ a: 1 }), ['F: expected a 2-D array', 'an object']],
  ['a row not an array', 'm.json', withF([[1, 2, 3], 4]), ['F[1]: expected a row']],
  ['a ragged row', 'm.json', withF([[1, 2, 3], [1, 2]]), ['F[1]: expected 3 numbers']],
  ['a string "NaN"', 'm.json', withF([[1, 2, 3], [1, 'NaN', 3]]), ['F[1][1]: expected a finite number']],
  ['null', 'm.json', withF([[1, null, 3], [1, 2, 3]]), ['F[0][1]: expected a finite number, got null']],
  ['1e999 (Infinity)', 'm.json', '{"F": [[1, 1e999, 3], [1, 2, 3]], "G": [[1,0,0],[0,1,0]]}', ['F[0][1]: expected a finite number, got Infinity']],
  ['-1e999', 'm.json', '{"F": [[1, 2, 3], [1, 2, -1e999]], "G": [[1,0,0],[0,1,0]]}', ['F[1][2]', 'got -Infinity']],
  ['a boolean', 'm.json', withF([[true, 2, 3]]), ['F[0][0]: expected a finite number, got true']],
  ['nested 100000 deep', 'm.json', `{"F": ${'['.repeat(100000)}${']'.repeat(100000)}, "G": []}`, ['F[0][0]: expected a finite number']],
  ['empty F', 'm.json', withF([]), ['F: expected a non-empty matrix']],
  ['V = 1', 'm.json', json({ F, G: [[1, 2, 3]] }), ['G: expected at least 2 rows']],
  ['G narrower', 'm.json', json({ F, G: [[1, 2], [3, 4]] }), ['G: expected 3 columns']],
  ['pivot a string', 'm.json', json({ F, G, pivot: '1' }), ['pivot: expected an integer token index in [0, 4)']],
  ['pivot fractional', 'm.json', json({ F, G, pivot: 1.5 }), ['pivot', 'got 1.5']],
  ['pivot negative', 'm.json', json({ F, G, pivot: -1 }), ['pivot', 'got -1']],
  ['pivot = V', 'm.json', json({ F, G, pivot: 4 }), ['pivot', 'got 4']],
  ['escape codes in a value', 'm.json', json({ F: [[1, 2, 3]], G: [[1, 2, 3], [4, 5, '\u001b[31mred\u0007']] }), ['G[1][2]', '\\u001b[31mred\\u0007']],
];

const okF = npyOf(F);
const okG = npyOf(G);
const npzWith = (arrays: Record<string, Uint8Array>) => npz(arrays);
const NPZ_CASES: Case[] = [
  ['not a zip', 'm.npz', 'hello, this is not a zip archive at all', ['not a zip archive']],
  ['a truncated archive', 'm.npz', npz({ F: okF, G: okG }).subarray(0, 60), ['not a zip archive']],
  ['a CRC mismatch', 'm.npz', zip([{ name: 'F.npy', data: okF, crc: 1 }, { name: 'G.npy', data: okG }]), ['CRC-32', 'damaged']],
  ['an unknown compression method', 'm.npz', zip([{ name: 'F.npy', data: okF, method: 12 }, { name: 'G.npy', data: okG }]), ['compression method 12']],
  ['encryption', 'm.npz', zip([{ name: 'F.npy', data: okF, flags: 1 }, { name: 'G.npy', data: okG }]), ['unencrypted', 'encrypted']],
  ['broken deflate data', 'm.npz', zip([{ name: 'F.npy', data: okF, body: Uint8Array.of(0xff, 0xff, 0xff), method: 8 }, { name: 'G.npy', data: okG }]), ['valid deflate data']],
  ['duplicate entries', 'm.npz', zip([{ name: 'F.npy', data: okF }, { name: 'F.npy', data: okF }, { name: 'G.npy', data: okG }]), ['each array name once']],
  ['F missing', 'm.npz', npzWith({ W: okF, G: okG }), ['missing array "F" (arrays present: W, G)']],
  ['an entry name with escape codes', 'm.npz', npzWith({ '\u001b]0;pwned\u0007': okF, G: okG }), ['\\x1b]0;pwned\\x07']],
  ['bad magic', 'm.npz', npzWith({ F: Buffer.from('\u0093NUMPX\u0001\u0000'), G: okG }), ['F: expected a .npy array']],
  ['format version 4', 'm.npz', npzWith({ F: concat(Uint8Array.of(0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, 4, 0, 0, 0)), G: okG }), ['version 1.0, 2.0 or 3.0', 'got 4.0']],
  ['a header length past the data', 'm.npz', npzWith({ F: concat(Uint8Array.of(0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, 1, 0, 0xff, 0x0f), Buffer.from('{}')), G: okG }), ['4095-byte .npy header', 'truncated']],
  ['a header longer than numpy allows', 'm.npz', npzWith({ F: npy({ descr: '<f8', shape: [1], payload: new Uint8Array(8), header: `{'descr': '<f8', 'fortran_order': False, 'shape': (1,), }${' '.repeat(20000)}` }), G: okG }), ['at most 10000 bytes', '20058 bytes']],
  ['a header nested 5000 deep', 'm.npz', npzWith({ F: npy({ descr: '<f8', shape: [1], payload: new Uint8Array(0), header: `${'('.repeat(5000)}${')'.repeat(5000)}`.slice(0, 9990) }), G: okG }), ['F: expected a .npy header dict', 'nested more than 16 deep']],
  ['a header not a dict', 'm.npz', npzWith({ F: npy({ descr: '', shape: [], payload: new Uint8Array(0), header: '[1, 2]' }), G: okG }), ['a .npy header dict', 'another value']],
  ['a header without shape', 'm.npz', npzWith({ F: npy({ descr: '', shape: [], payload: new Uint8Array(0), header: "{'descr': '<f8', 'fortran_order': False}" }), G: okG }), ["no 'shape'"]],
  ['fortran_order not a boolean', 'm.npz', npzWith({ F: npy({ descr: '', shape: [], payload: new Uint8Array(0), header: "{'descr': '<f8', 'fortran_order': 1, 'shape': (2, 3)}" }), G: okG }), ["'fortran_order' True or False"]],
  ['a negative dimension', 'm.npz', npzWith({ F: npy({ descr: '<f8', shape: [-2, 3], payload: new Uint8Array(0) }), G: okG }), ["non-negative integers as 'shape'"]],
  ['a huge shape', 'm.npz', npzWith({ F: npy({ descr: '<f8', shape: [2 ** 40, 2 ** 40], payload: new Uint8Array(0) }), G: okG }), ['a shape whose size fits in memory']],
  ['a structured dtype', 'm.npz', npzWith({ F: npy({ descr: '', shape: [], payload: new Uint8Array(0), header: "{'descr': [('a', '<f8')], 'fortran_order': False, 'shape': (2,)}" }), G: okG }), ['a simple numeric dtype', 'a structured dtype']],
  ['native byte order', 'm.npz', npzWith({ F: npy({ descr: '=f8', shape: [2, 3], payload: new Uint8Array(48) }), G: okG }), ["an explicit byte order"]],
  ['an integer matrix', 'm.npz', npzWith({ F: npy({ descr: '<i8', shape: [2, 3], payload: new Uint8Array(48) }), G: okG }), ["F: expected dtype float64", "got '<i8'"]],
  ['complex numbers', 'm.npz', npzWith({ F: npy({ descr: '<c16', shape: [2, 3], payload: new Uint8Array(96) }), G: okG }), ["got '<c16'"]],
  ['a 3-D array', 'm.npz', npzWith({ F: npy({ descr: '<f8', shape: [2, 3, 1], payload: new Uint8Array(48) }), G: okG }), ['F: expected 2-D shape, got [2, 3, 1]']],
  ['a truncated payload', 'm.npz', npzWith({ F: npy({ descr: '<f8', shape: [2, 3], payload: new Uint8Array(40) }), G: okG }), ['48 bytes of data', '40 (truncated)']],
  ['trailing bytes', 'm.npz', npzWith({ F: npy({ descr: '<f8', shape: [2, 3], payload: new Uint8Array(56) }), G: okG }), ['56 (trailing bytes)']],
  ['a pivot of float dtype', 'm.npz', npzWith({ F: okF, G: okG, pivot: npy({ descr: '<f8', shape: [], payload: new Uint8Array(8) }) }), ['pivot: expected an integer dtype']],
  ['a pivot of two values', 'm.npz', npzWith({ F: okF, G: okG, pivot: npy({ descr: '<i8', shape: [2], payload: new Uint8Array(16) }) }), ['a single integer']],
  ['a pivot out of range', 'm.npz', npzWith({ F: okF, G: okG, pivot: npyI64(2n ** 62n) }), ['pivot: expected an integer token index in [0, 4)']],
];

// NaN and ±∞ in every float dtype of both binary formats, at a known position.
for (const x of [NaN, Infinity, -Infinity]) {
  const rows = [[1, 2, 3], [4, 5, x]];
  const label = Number.isNaN(x) ? 'NaN' : String(x);
  for (const descr of ['<f8', '>f8', '<f4', '>f4']) {
    NPZ_CASES.push([`${label} in ${descr}`, 'm.npz', npzWith({ F: npyOf(rows, descr), G: okG }), [`F[1][2]: expected a finite number, got ${label}`]]);
  }
  for (const descr of ['<f2', '>f2']) {
    const bits = rows.flat().map((v) => (v === x || Number.isNaN(v) ? f16bits(x) : 0x3c00));
    const payload = u16Bytes(bits);
    if (descr[0] === '>') for (let k = 0; k < payload.length; k += 2) [payload[k], payload[k + 1]] = [payload[k + 1]!, payload[k]!];
    NPZ_CASES.push([`${label} in ${descr}`, 'm.npz', npzWith({ F: npy({ descr, shape: [2, 3], payload }), G: okG }), [`F[1][2]: expected a finite number, got ${label}`]]);
  }
}

const ST_CASES: Case[] = [
  ['shorter than 8 bytes', 'm.safetensors', new Uint8Array(5), ['truncated: expected at least 8 bytes']],
  ['a header length of 2^63', 'm.safetensors', concat(Uint8Array.of(0, 0, 0, 0, 0, 0, 0, 0x80), Buffer.from('{}')), ['header: expected a header length of at most 100000000 bytes']],
  ['a header length past the end', 'm.safetensors', concat(Uint8Array.of(0xff, 0, 0, 0, 0, 0, 0, 0), Buffer.from('{}')), ['truncated: header says 255 bytes']],
  ['an empty header', 'm.safetensors', stHeader(''), ["starting with '{'", 'an empty header']],
  ['a header not starting with {', 'm.safetensors', stHeader(' {}'), ["starting with '{'", '0x20']],
  ['invalid JSON', 'm.safetensors', stHeader('{"F": oops}'), ['header: expected a JSON header', 'invalid JSON']],
  ['invalid UTF-8', 'm.safetensors', concat(stHeader('{"F": "'), Uint8Array.of(0xff)), ['header']],
  ['a duplicate tensor', 'm.safetensors', stHeader('{"F": {"dtype": "F64", "shape": [2, 3], "data_offsets": [0, 48]}, "F": {"dtype": "F64", "shape": [2, 3], "data_offsets": [0, 48]}}', new Uint8Array(48)), ['duplicate key "F" in the header']],
  ['a duplicate field in a tensor', 'm.safetensors', stHeader('{"F": {"dtype": "F64", "dtype": "F32", "shape": [2, 3], "data_offsets": [0, 48]}}', new Uint8Array(48)), ['duplicate key "dtype" in "F"']],
  ['tensor info not an object', 'm.safetensors', stHeader('{"F": [1, 2]}'), ['tensor "F": expected an object {dtype, shape, data_offsets}']],
  ['an unknown key in tensor info', 'm.safetensors', stHeader('{"F": {"dtype": "F64", "shape": [2, 3], "data_offsets": [0, 48], "stride": 1}}', new Uint8Array(48)), ['only the keys dtype, shape and data_offsets', '"stride"']],
  ['an unknown dtype', 'm.safetensors', safetensors({ F: { ...f64(F), dtype: 'F128' }, G: f64(G) }), ['tensor "F".dtype: expected a safetensors dtype', 'got F128']],
  ['a dtype not a string', 'm.safetensors', stHeader('{"F": {"dtype": 8, "shape": [2, 3], "data_offsets": [0, 48]}}', new Uint8Array(48)), ['tensor "F".dtype', 'got 8']],
  ['an integer tensor', 'm.safetensors', safetensors({ F: { dtype: 'I64', shape: [2, 3], data: new Uint8Array(48) }, G: f64(G) }), ['tensor "F".dtype: expected F64, F32, F16 or BF16']],
  ['shape not a list', 'm.safetensors', stHeader('{"F": {"dtype": "F64", "shape": "2x3", "data_offsets": [0, 48]}}', new Uint8Array(48)), ['tensor "F".shape: expected a list of non-negative integers']],
  ['a negative dimension', 'm.safetensors', stHeader('{"F": {"dtype": "F64", "shape": [-2, 3], "data_offsets": [0, 48]}}', new Uint8Array(48)), ['tensor "F".shape']],
  ['a fractional dimension', 'm.safetensors', stHeader('{"F": {"dtype": "F64", "shape": [2.5, 3], "data_offsets": [0, 48]}}', new Uint8Array(48)), ['tensor "F".shape']],
  ['a 3-D tensor', 'm.safetensors', safetensors({ F: { dtype: 'F64', shape: [2, 3, 1], data: f64Bytes(F.flat()) }, G: f64(G) }), ['tensor "F".shape: expected 2-D shape']],
  ['three offsets', 'm.safetensors', stHeader('{"F": {"dtype": "F64", "shape": [2, 3], "data_offsets": [0, 48, 96]}}', new Uint8Array(48)), ['tensor "F".data_offsets: expected [begin, end]']],
  ['negative offsets', 'm.safetensors', stHeader('{"F": {"dtype": "F64", "shape": [2, 3], "data_offsets": [-8, 40]}}', new Uint8Array(48)), ['tensor "F".data_offsets']],
  ['offsets reversed', 'm.safetensors', stHeader('{"F": {"dtype": "F64", "shape": [0, 3], "data_offsets": [48, 0]}}', new Uint8Array(48)), ['tensor "F".data_offsets: expected a span of 0 bytes']],
  ['offsets disagreeing with the shape', 'm.safetensors', safetensors({ F: { ...f64(F), offsets: [0, 40] }, G: f64(G) }), ['expected a span of 48 bytes']],
  ['offsets past the buffer', 'm.safetensors', safetensors({ F: f64(F), G: { ...f64(G), offsets: [48, 144] } }).subarray(0, -8), ['run past the end']],
  ['overlapping tensors', 'm.safetensors', safetensors({ F: f64(F), G: { ...f64(G), offsets: [40, 136] } }), ['does not overlap another tensor', 'tensor "F" ends at 48']],
  ['a hole between tensors', 'm.safetensors', concat(safetensors({ F: f64(F), G: { ...f64(G), offsets: [56, 152] } }), new Uint8Array(8)), ['data starting at 48', 'no holes']],
  ['bytes after the last tensor', 'm.safetensors', concat(safetensors({ F: f64(F), G: f64(G) }), Buffer.from('polyglot')), ['data buffer: expected 144 bytes', 'got 152 bytes']],
  ['metadata not an object', 'm.safetensors', safetensors({ F: f64(F), G: f64(G) }, { metadata: ['x'] as unknown as Record<string, unknown> }), ['__metadata__: expected an object of string values']],
  ['a non-string metadata value', 'm.safetensors', safetensors({ F: f64(F), G: f64(G) }, { metadata: { n: 3 } }), ['__metadata__."n": expected a string']],
  ['a pivot "abc"', 'm.safetensors', safetensors({ F: f64(F), G: f64(G) }, { metadata: { pivot: 'abc' } }), ['pivot: expected a string holding an integer']],
  ['a missing tensor named with escape codes', 'm.safetensors', safetensors({ '\u001b[2J': f64(F), G: f64(G) }), ['missing tensor "F"', '\\x1b[2J']],
];
for (const x of [NaN, Infinity, -Infinity]) {
  const label = Number.isNaN(x) ? 'NaN' : String(x);
  const rows = [[1, 2, 3], [4, 5, x]];
  const bits = (enc: (v: number) => number) => u16Bytes(rows.flat().map((v) => (Object.is(v, x) || (Number.isNaN(v) && Number.isNaN(x)) ? enc(x) : enc(1))));
  const tensors: [string, TensorSpec][] = [
    ['F64', f64(rows)],
    ['F32', { dtype: 'F32', shape: [2, 3], data: f32Bytes(rows.flat()) }],
    ['F16', { dtype: 'F16', shape: [2, 3], data: bits(f16bits) }],
    ['BF16', { dtype: 'BF16', shape: [2, 3], data: Number.isNaN(x) ? bits(bf16bits) : bf16Bytes(rows.flat()) }],
  ];
  for (const [dtype, t] of tensors) ST_CASES.push([`${label} in ${dtype}`, 'm.safetensors', safetensors({ F: t, G: f64(G) }), [`F[1][2]: expected a finite number, got ${label}`]]);
}

beforeAll(() => {
  good = tmp.write('good.json', json({ F, G }));
});
afterAll(() => tmp.remove());

describe.each([
  ['JSON models', JSON_CASES],
  ['.npy/.npz models', NPZ_CASES],
  ['.safetensors models', ST_CASES],
] as const)('%s: every malformed field exits 2 with the file, the field and the expectation', (_, cases) => {
  it.each(cases.map((c, k) => [c[0], k] as const))('%s', async (_name, k) => {
    const [, fileName, contents, fragments] = cases[k]!;
    const file = tmp.write(`${k}-${fileName}`, contents);
    expectRefusal(await inProcess(file), file, fragments);
  });
});

describe('a model too large for the Wasm core', () => {
  it('a 1.8 MB file whose n × V log-odds would need 4.8 GB: the blocked path answers without forming them', async () => {
    const rows = (n: number) => Array.from({ length: n }, (_, i) => [((i * 7919) % 1000) / 500 - 1, ((i * 104729) % 997) / 498 - 1]);
    const file = tmp.write('huge-vocabulary.json', json({ F: rows(20000), G: rows(30000) }));
    let err = '', out = '';
    const code = await main(['compare', file, file, '--workers', '1'], (s) => (out += `${s}\n`), (s) => (err += `${s}\n`));
    expect(err).toBe('');
    expect(code).toBe(0);
    expect(out).toMatch(/distribution equivalent: yes/);
  });
});

// ---------- real processes: bombs, lies, devices, pipes ----------

function runCli(args: string[], env: Record<string, string> = {}): Promise<Outcome & { cpuMs: number; maxRssMiB: number }> {
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    const child = spawn(process.execPath, ['--import', 'tsx', CLI, ...args], { cwd: ROOT, env: { ...process.env, ...env, FORCE_COLOR: '0' }, stdio: ['ignore', 'ignore', 'pipe'] });
    let err = '';
    child.stderr.setEncoding('utf8').on('data', (d) => (err += d));
    const timer = setTimeout(() => child.kill('SIGKILL'), 60_000); // a read of /dev/zero would never end
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      const m = /@@cpu (\d+) maxrss (\d+)\n$/.exec(err);
      resolve({ code: code ?? -1, err: err.replace(/@@cpu \d+ maxrss \d+\n$/, ''), ms: performance.now() - t0, cpuMs: m ? Number(m[1]) : NaN, maxRssMiB: m ? Number(m[2]) / 1024 : NaN });
    });
  });
}

/**
 * A raw deflate stream of `mib` MiB of zeros (about 1 KiB per MiB) without deflating them all: one MiB
 * deflated with a sync flush ends byte-aligned in non-final blocks whose back-references stay inside it, so
 * copies of it concatenate into a valid stream; an empty final fixed-Huffman block (0x03 0x00) ends it.
 */
function zeroBomb(mib: number): Uint8Array {
  const chunk = deflateRawSync(Buffer.alloc(2 ** 20), { level: 9, finishFlush: zlibConstants.Z_SYNC_FLUSH });
  return Buffer.concat([...Array<Buffer>(mib).fill(chunk), Buffer.from([0x03, 0x00])]);
}

describe('hostile files through a real process: refused in seconds and bounded memory', () => {
  // Spawning costs ~1 s each: the cases run concurrently, and each is judged on the CPU time and memory of
  // its own process (not wall-clock time, which depends on the machine's load).
  const CPU_MS = 5000; // node + tsx start-up and loading the tool take ~1–2 s of CPU; inflating the bomb adds seconds
  const RSS_MIB = 400; // node + tsx + the tool are ~150 MiB; inflating the bomb would be 600 MiB more

  it('zip bomb, size lie, /dev/zero link, FIFO, directory, deep header: exit 2, one line, no stack', async () => {
    const bomb = zeroBomb(600); // 600 MiB of zeros in ~600 KiB, more than the 512 MiB limit
    const files = {
      bomb: tmp.write('bomb.npz', zip([{ name: 'F.npy', data: new Uint8Array(0), body: bomb, method: 8, size: 600 * 2 ** 20 }, { name: 'G.npy', data: npyOf(G) }])),
      lie: tmp.write('lie.npz', zip([{ name: 'F.npy', data: new Uint8Array(0), body: bomb, method: 8, size: 1000 }, { name: 'G.npy', data: npyOf(G) }])),
      deep: tmp.write('deep.npz', npz({ F: npy({ descr: '', shape: [], payload: new Uint8Array(0), header: `{'shape': ${'('.repeat(4990)}` }), G: npyOf(G) })),
      zero: tmp.path('zero.npz'),
      fifo: tmp.path('fifo.json'),
      dir: tmp.path('dir.safetensors'),
    };
    symlinkSync('/dev/zero', files.zero);
    execFileSync('mkfifo', [files.fifo]);
    mkdirSync(files.dir);
    const expected: Record<keyof typeof files, string[]> = {
      bomb: ['too large', 'entry "F.npy" declares 629145600 bytes', 'the limit is 536870912 bytes', 'AON_MAX_INPUT_BYTES'],
      lie: ['inflates to more than the 1000 bytes its directory entry declares'],
      deep: ['nested more than 16 deep'],
      zero: ['not a regular file', 'a character device'],
      fifo: ['not a regular file', 'a named pipe (FIFO)'],
      dir: ['not a regular file', 'a directory'],
    };
    const keys = Object.keys(files) as (keyof typeof files)[];
    const outcomes = await Promise.all(keys.map((k) => runCli(['compare', files[k], good])));
    keys.forEach((k, i) => {
      const o = outcomes[i]!;
      expectRefusal({ ...o, ms: 0 }, files[k], expected[k]);
      expect(o.cpuMs, k).toBeLessThan(CPU_MS);
      expect(o.maxRssMiB, k).toBeLessThan(RSS_MIB);
    });
  });

  it('a file over the input limit is refused from its size, before it is read', async () => {
    const big = tmp.write('big.json', json({ F, G, pad: 'x'.repeat(5000) }));
    const o = await runCli(['compare', big, good], { AON_MAX_INPUT_BYTES: '4096' });
    expectRefusal({ ...o, ms: 0 }, big, ['too large', 'the limit is 4096 bytes']);
  });
});
