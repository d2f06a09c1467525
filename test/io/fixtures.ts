// Small builders for hand-made model files (npy, zip, safetensors), temp directories, the optional numpy
// oracle, and assertions shared by the io tests. The zip builder is independent of src/io/zip.ts on purpose:
// it can make what our writer never does (deflate, ZIP64, broken CRCs) and does not share its bugs.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { deflateRawSync } from 'node:zlib';
import { expect } from 'vitest';
import { ModelFileError } from '../../src/io/errors.js';
import type { DenseMatrix } from '../../src/io/types.js';

// ---------- temp files ----------

export function makeTempDir(): { dir: string; path: (name: string) => string; write: (name: string, bytes: Uint8Array | string) => string; remove: () => void } {
  const dir = mkdtempSync(join(tmpdir(), 'aon-io-'));
  return {
    dir,
    path: (name) => join(dir, name),
    write: (name, bytes) => {
      const p = join(dir, name);
      writeFileSync(p, bytes);
      return p;
    },
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
}

// ---------- numpy oracle ----------

let numpyChecked: boolean | undefined;

/** True when `python3` with numpy can be run; cached, since starting Python costs ~0.1 s. */
export function hasNumpy(): boolean {
  numpyChecked ??= spawnSync('python3', ['-c', 'import numpy'], { stdio: 'ignore' }).status === 0;
  return numpyChecked;
}

export function runPython(code: string, cwd: string): string {
  const r = spawnSync('python3', ['-c', code], { cwd, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`python3 failed (${r.status}): ${r.stderr}`);
  return r.stdout;
}

// ---------- matrices and bits ----------

export function dense(rows: number[][]): DenseMatrix {
  const cols = rows[0]?.length ?? 0;
  return { rows: rows.length, cols, data: Float64Array.from(rows.flat()) };
}

/** Asserts equality of every f64 bit pattern (so -0 ≠ 0), naming the first differing index. */
export function expectBitExact(actual: Float64Array, expected: Float64Array): void {
  expect(actual.length).toBe(expected.length);
  const a = new BigUint64Array(actual.buffer, actual.byteOffset, actual.length);
  const b = new BigUint64Array(expected.buffer, expected.byteOffset, expected.length);
  for (let k = 0; k < a.length; k++) {
    if (a[k] !== b[k]) expect.fail(`entry ${k}: got ${actual[k]} (bits ${a[k]!.toString(16)}), expected ${expected[k]} (bits ${b[k]!.toString(16)})`);
  }
}

// ---------- raw numeric bytes ----------

export function f64Bytes(values: readonly number[], littleEndian = true): Uint8Array {
  const out = new Uint8Array(values.length * 8);
  const v = new DataView(out.buffer);
  values.forEach((x, k) => v.setFloat64(8 * k, x, littleEndian));
  return out;
}

export function f32Bytes(values: readonly number[], littleEndian = true): Uint8Array {
  const out = new Uint8Array(values.length * 4);
  const v = new DataView(out.buffer);
  values.forEach((x, k) => v.setFloat32(4 * k, x, littleEndian));
  return out;
}

/** 16-bit patterns, little-endian: for f16 and bf16 fixtures given bit by bit. */
export function u16Bytes(bits: readonly number[]): Uint8Array {
  const out = new Uint8Array(bits.length * 2);
  const v = new DataView(out.buffer);
  bits.forEach((b, k) => v.setUint16(2 * k, b, true));
  return out;
}

/** bf16 bytes of values exactly representable in bf16 (the high half of their f32); throws otherwise. */
export function bf16Bytes(values: readonly number[]): Uint8Array {
  const v = new DataView(new ArrayBuffer(4));
  return u16Bytes(
    values.map((x) => {
      v.setFloat32(0, x);
      const bits = v.getUint32(0);
      if ((bits & 0xffff) !== 0 || (!Number.isNaN(x) && v.getFloat32(0) !== x)) throw new Error(`${x} is not exact in bf16`);
      return bits >>> 16;
    }),
  );
}

export function concat(...parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((s, p) => s + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

// ---------- .npy ----------

export interface NpySpec {
  descr: string;
  shape: readonly number[];
  payload: Uint8Array;
  fortran?: boolean;
  version?: 1 | 2 | 3;
  /** Replaces the whole header dict text. */
  header?: string;
}

export function npy(spec: NpySpec): Uint8Array {
  const shape = spec.shape.length === 1 ? `(${spec.shape[0]},)` : `(${spec.shape.join(', ')})`;
  const dict = spec.header ?? `{'descr': '${spec.descr}', 'fortran_order': ${spec.fortran ? 'True' : 'False'}, 'shape': ${shape}, }`;
  const version = spec.version ?? 1;
  const header = Buffer.from(`${dict}\n`, version === 3 ? 'utf8' : 'latin1');
  const pre = new Uint8Array(version === 1 ? 10 : 12);
  pre.set([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, version, 0]);
  const v = new DataView(pre.buffer);
  if (version === 1) v.setUint16(8, header.length, true);
  else v.setUint32(8, header.length, true);
  return concat(pre, header, spec.payload);
}

/** A C-order f64 .npy of a matrix given by rows. */
export function npyF64(rows: number[][]): Uint8Array {
  return npy({ descr: '<f8', shape: [rows.length, rows[0]?.length ?? 0], payload: f64Bytes(rows.flat()) });
}

export function npyI64(value: bigint, shape: readonly number[] = []): Uint8Array {
  const payload = new Uint8Array(8);
  new DataView(payload.buffer).setBigInt64(0, value, true);
  return npy({ descr: '<i8', shape, payload });
}

// ---------- .zip ----------

export interface ZipSpecEntry {
  name: string;
  data: Uint8Array;
  deflate?: boolean;
  method?: number;
  flags?: number;
  crc?: number;
  /** Already-compressed bytes to store as the entry's body (with `method` 8), e.g. a zip bomb's deflate stream. */
  body?: Uint8Array;
  /** The uncompressed size the headers declare, when it should differ from data.length (a size lie). */
  size?: number;
}

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

export function crc32(bytes: Uint8Array): number {
  let c = 0xffffffff;
  for (const b of bytes) c = CRC_TABLE[(c ^ b) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

/**
 * A zip archive. With zip64, entries carry ZIP64 extra fields in both headers (as numpy's force_zip64 does
 * locally) and the archive ends with ZIP64 end records, the 32-bit fields holding their placeholders.
 */
export function zip(entries: readonly ZipSpecEntry[], opts: { zip64?: boolean; comment?: string } = {}): Uint8Array {
  const z64 = opts.zip64 ?? false;
  const parts: Uint8Array[] = [];
  const central: Uint8Array[] = [];
  let offset = 0;
  for (const e of entries) {
    const name = Buffer.from(e.name, 'utf8');
    const body = e.body ?? (e.deflate ? new Uint8Array(deflateRawSync(e.data)) : e.data);
    const size = e.size ?? e.data.length;
    const method = e.method ?? (e.deflate ? 8 : 0);
    const crc = e.crc ?? crc32(e.data);
    const extra = (values: number[]): Uint8Array => {
      const x = new Uint8Array(4 + 8 * values.length);
      const v = new DataView(x.buffer);
      v.setUint16(0, 1, true);
      v.setUint16(2, 8 * values.length, true);
      values.forEach((val, k) => v.setBigUint64(4 + 8 * k, BigInt(val), true));
      return x;
    };
    const localExtra = z64 ? extra([size, body.length]) : new Uint8Array(0);
    const local = new Uint8Array(30);
    const lv = new DataView(local.buffer);
    lv.setUint32(0, 0x04034b50, true);
    lv.setUint16(4, z64 ? 45 : 20, true);
    lv.setUint16(6, e.flags ?? 0, true);
    lv.setUint16(8, method, true);
    lv.setUint32(14, crc, true);
    lv.setUint32(18, z64 ? 0xffffffff : body.length, true);
    lv.setUint32(22, z64 ? 0xffffffff : size, true);
    lv.setUint16(26, name.length, true);
    lv.setUint16(28, localExtra.length, true);
    const centralExtra = z64 ? extra([size, body.length, offset]) : new Uint8Array(0);
    const c = new Uint8Array(46);
    const cv = new DataView(c.buffer);
    cv.setUint32(0, 0x02014b50, true);
    cv.setUint16(4, z64 ? 45 : 20, true);
    cv.setUint16(6, z64 ? 45 : 20, true);
    cv.setUint16(8, e.flags ?? 0, true);
    cv.setUint16(10, method, true);
    cv.setUint32(16, crc, true);
    cv.setUint32(20, z64 ? 0xffffffff : body.length, true);
    cv.setUint32(24, z64 ? 0xffffffff : size, true);
    cv.setUint16(28, name.length, true);
    cv.setUint16(30, centralExtra.length, true);
    cv.setUint32(42, z64 ? 0xffffffff : offset, true);
    central.push(c, name, centralExtra);
    parts.push(local, name, localExtra, body);
    offset += local.length + name.length + localExtra.length + body.length;
  }
  const cd = concat(...central);
  const comment = Buffer.from(opts.comment ?? '', 'latin1');
  const tail: Uint8Array[] = [];
  if (z64) {
    const rec = new Uint8Array(56);
    const rv = new DataView(rec.buffer);
    rv.setUint32(0, 0x06064b50, true);
    rv.setBigUint64(4, 44n, true);
    rv.setUint16(12, 45, true);
    rv.setUint16(14, 45, true);
    rv.setBigUint64(24, BigInt(entries.length), true);
    rv.setBigUint64(32, BigInt(entries.length), true);
    rv.setBigUint64(40, BigInt(cd.length), true);
    rv.setBigUint64(48, BigInt(offset), true);
    const loc = new Uint8Array(20);
    const lv = new DataView(loc.buffer);
    lv.setUint32(0, 0x07064b50, true);
    lv.setBigUint64(8, BigInt(offset + cd.length), true);
    lv.setUint32(16, 1, true);
    tail.push(rec, loc);
  }
  const eocd = new Uint8Array(22);
  const ev = new DataView(eocd.buffer);
  ev.setUint32(0, 0x06054b50, true);
  ev.setUint16(8, z64 ? 0xffff : entries.length, true);
  ev.setUint16(10, z64 ? 0xffff : entries.length, true);
  ev.setUint32(12, z64 ? 0xffffffff : cd.length, true);
  ev.setUint32(16, z64 ? 0xffffffff : offset, true);
  ev.setUint16(20, comment.length, true);
  return concat(...parts, cd, ...tail, eocd, comment);
}

/** An .npz of named arrays (each becomes "<name>.npy"). */
export function npz(arrays: Record<string, Uint8Array>, opts: { deflate?: boolean; zip64?: boolean } = {}): Uint8Array {
  return zip(
    Object.entries(arrays).map(([name, data]) => ({ name: `${name}.npy`, data, deflate: opts.deflate ?? false })),
    { zip64: opts.zip64 ?? false },
  );
}

// ---------- .safetensors ----------

export interface TensorSpec {
  dtype: string;
  shape: readonly number[];
  data: Uint8Array;
  /** Overrides the computed [begin, end]. */
  offsets?: readonly [number, number];
}

/**
 * Tensors laid out back to back in the order given. `lead` pads the header with that many spaces (which the
 * format allows), so the data buffer starts at an odd file offset and the tensors are misaligned.
 */
export function safetensors(
  tensors: Record<string, TensorSpec>,
  opts: { metadata?: Record<string, unknown>; lead?: number; headerLength?: bigint } = {},
): Uint8Array {
  const header: Record<string, unknown> = {};
  const buffers: Uint8Array[] = [];
  let at = 0;
  for (const [name, t] of Object.entries(tensors)) {
    header[name] = { dtype: t.dtype, shape: t.shape, data_offsets: t.offsets ?? [at, at + t.data.length] };
    buffers.push(t.data);
    at += t.data.length;
  }
  if (opts.metadata) header['__metadata__'] = opts.metadata;
  const json = Buffer.from(JSON.stringify(header) + ' '.repeat(opts.lead ?? 0), 'utf8');
  const len = new Uint8Array(8);
  new DataView(len.buffer).setBigUint64(0, opts.headerLength ?? BigInt(json.length), true);
  return concat(len, json, ...buffers);
}

// ---------- errors ----------

/** Runs `fn`, asserting it throws a ModelFileError with the given fields and message fragments. */
export function expectModelError(
  fn: () => unknown,
  want: { file: string; field: string; message?: string | readonly string[] },
): ModelFileError {
  let caught: unknown;
  try {
    fn();
  } catch (e) {
    caught = e;
  }
  if (caught === undefined) expect.fail(`expected a ModelFileError on ${want.field}, but nothing was thrown`);
  if (!(caught instanceof ModelFileError)) throw caught;
  expect(caught.file).toBe(want.file);
  expect(caught.field).toBe(want.field);
  expect(caught.message.startsWith(`${want.file}: `)).toBe(true);
  const fragments = want.message === undefined ? [] : typeof want.message === 'string' ? [want.message] : want.message;
  for (const f of fragments) expect(caught.message).toContain(f);
  return caught;
}
