// An .npz model read by offset: the zip's central directory is read from the end of the file, and each
// stored (uncompressed) member's .npy header from its local header on; rows are then read on demand.
// Deflated members cannot be read at an offset: openNpzSource returns null and the caller falls back to
// inflating them (with a size cap).
import { openSync, closeSync, fstatSync } from 'node:fs';
import { ModelFileError } from '../errors.js';
import { parsePyLiteral } from '../py-literal.js';
import { FileMatrix, readExactly } from './file-matrix.js';
import { fromMatrices } from './safetensors-source.js';
import type { ModelSource, SourceSpec } from './source.js';
import type { FloatKind } from '../decode.js';

interface Member { name: string; method: number; size: number; localHeaderOffset: number }

function fail(file: string, expected: string, received?: string): never {
  throw new ModelFileError({ file, field: 'zip archive', expected, ...(received === undefined ? {} : { received }) });
}

function directory(fd: number, size: number, file: string): Member[] {
  const tailLen = Math.min(size, 22 + 0xffff + 20);
  const tail = readExactly(fd, tailLen, size - tailLen);
  let eocd = -1;
  for (let p = tail.length - 22; p >= 0; p--) {
    if (tail.readUInt32LE(p) === 0x06054b50 && p + 22 + tail.readUInt16LE(p + 20) === tail.length) { eocd = p; break; }
  }
  if (eocd < 0) fail(file, 'a zip archive (as numpy.savez writes)', 'no end-of-central-directory record');
  let count = tail.readUInt16LE(eocd + 10);
  let dirSize = tail.readUInt32LE(eocd + 12);
  let dirOffset = tail.readUInt32LE(eocd + 16);
  if (count === 0xffff || dirSize === 0xffffffff || dirOffset === 0xffffffff) {
    const loc = eocd - 20;
    if (loc < 0 || tail.readUInt32LE(loc) !== 0x07064b50) fail(file, 'a ZIP64 end-of-central-directory locator');
    const rec = readExactly(fd, 56, Number(tail.readBigUInt64LE(loc + 8)));
    if (rec.length < 56 || rec.readUInt32LE(0) !== 0x06064b50) fail(file, 'a ZIP64 end-of-central-directory record');
    count = Number(rec.readBigUInt64LE(32));
    dirSize = Number(rec.readBigUInt64LE(40));
    dirOffset = Number(rec.readBigUInt64LE(48));
  }
  if (dirOffset + dirSize > size || dirSize > 64 * 1024 * 1024) fail(file, 'a central directory inside the file', `${dirOffset}+${dirSize}`);
  const dir = readExactly(fd, dirSize, dirOffset);
  const out: Member[] = [];
  let p = 0;
  for (let k = 0; k < count; k++) {
    if (p + 46 > dir.length || dir.readUInt32LE(p) !== 0x02014b50) fail(file, `central directory entry ${k} of ${count}`, 'damaged data');
    const flags = dir.readUInt16LE(p + 8);
    const method = dir.readUInt16LE(p + 10);
    let size32: number = dir.readUInt32LE(p + 24);
    const nameLen = dir.readUInt16LE(p + 28), extraLen = dir.readUInt16LE(p + 30), commentLen = dir.readUInt16LE(p + 32);
    let local: number = dir.readUInt32LE(p + 42);
    let compressed: number = dir.readUInt32LE(p + 20);
    const name = dir.toString(flags & 0x800 ? 'utf8' : 'latin1', p + 46, p + 46 + nameLen);
    let x = p + 46 + nameLen;
    const xEnd = x + extraLen;
    while (x + 4 <= xEnd) {
      const id = dir.readUInt16LE(x), len = dir.readUInt16LE(x + 2);
      if (id === 0x0001) {
        let q = x + 4;
        const take = () => { const v = Number(dir.readBigUInt64LE(q)); q += 8; return v; };
        if (size32 === 0xffffffff) size32 = take();
        if (compressed === 0xffffffff) compressed = take();
        if (local === 0xffffffff) local = take();
      }
      x += 4 + len;
    }
    if (flags & 0x1) fail(file, `an unencrypted entry "${name}"`, 'an encrypted one');
    out.push({ name, method, size: size32, localHeaderOffset: local });
    p += 46 + nameLen + extraLen + commentLen;
  }
  return out;
}

const KINDS: Record<number, FloatKind> = { 8: 'f64', 4: 'f32', 2: 'f16' };

/** The .npy header of a stored member, turned into a row-major matrix layout (null: not streamable). */
function npyMatrix(fd: number, m: Member, file: string, name: string): FileMatrix | null {
  const lh = readExactly(fd, 30, m.localHeaderOffset);
  if (lh.length < 30 || lh.readUInt32LE(0) !== 0x04034b50) fail(file, `a local header for entry "${m.name}"`);
  const dataStart = m.localHeaderOffset + 30 + lh.readUInt16LE(26) + lh.readUInt16LE(28);
  const pre = readExactly(fd, 12, dataStart);
  const magic = [0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59];
  if (pre.length < 10 || magic.some((b, k) => pre[k] !== b)) {
    throw new ModelFileError({ file, field: name, expected: 'a .npy array (starting with "\\x93NUMPY")', received: 'other data' });
  }
  const major = pre[6]!;
  const headerLen = major === 1 ? pre.readUInt16LE(8) : pre.readUInt32LE(8);
  const start = major === 1 ? 10 : 12;
  const text = readExactly(fd, headerLen, dataStart + start).toString(major === 3 ? 'utf8' : 'latin1');
  let h: Record<string, unknown>;
  try {
    h = parsePyLiteral(text.trim()) as Record<string, unknown>;
  } catch (e) {
    throw new ModelFileError({ file, field: name, expected: 'a .npy header dict', received: `unparseable text (${(e as Error).message})` });
  }
  const descr = typeof h['descr'] === 'string' ? /^([<>|])f(\d)$/.exec(h['descr']) : null;
  const kind = descr ? KINDS[Number(descr[2])] : undefined;
  if (!descr || kind === undefined) {
    throw new ModelFileError({ file, field: name, expected: "dtype float64, float32 or float16 ('<f8', '>f4', …)", received: String(h['descr']) });
  }
  const shape = h['shape'];
  if (!Array.isArray(shape) || shape.length !== 2 || !shape.every((s) => Number.isSafeInteger(s) && (s as number) >= 0)) {
    throw new ModelFileError({ file, field: name, expected: '2-D shape', received: JSON.stringify(shape) });
  }
  if (h['fortran_order'] === true) return null; // column-major: rows are not contiguous
  const [rows, cols] = shape as [number, number];
  const offset = dataStart + start + headerLen;
  if (m.size !== start + headerLen + rows * cols * Number(descr[2])) {
    throw new ModelFileError({ file, field: name, expected: `${rows * cols * Number(descr[2])} bytes of data after the header`, received: `${m.size - start - headerLen}` });
  }
  return new FileMatrix(fd, { rows, cols, kind, littleEndian: descr[1] !== '>', offset }, file, name);
}

function pivotOf(fd: number, members: Member[], file: string): unknown {
  const m = members.find((e) => e.name === 'pivot.npy');
  if (!m) return 0;
  if (m.method !== 0 || m.size > 4096) return null;
  const lh = readExactly(fd, 30, m.localHeaderOffset);
  const bytes = readExactly(fd, m.size, m.localHeaderOffset + 30 + lh.readUInt16LE(26) + lh.readUInt16LE(28));
  const major = bytes[6]!;
  const start = major === 1 ? 10 : 12;
  const headerLen = major === 1 ? bytes.readUInt16LE(8) : bytes.readUInt32LE(8);
  const h = parsePyLiteral(bytes.toString('latin1', start, start + headerLen).trim()) as Record<string, unknown>;
  const d = /^([<>|])([iu])(\d)$/.exec(String(h['descr']));
  if (!d) throw new ModelFileError({ file, field: 'pivot', expected: "an integer dtype (e.g. '<i8')", received: String(h['descr']) });
  const size = Number(d[3]);
  const p = bytes.subarray(start + headerLen, start + headerLen + size);
  if (p.length !== size) throw new ModelFileError({ file, field: 'pivot', expected: 'a single integer', received: `${p.length} bytes` });
  const le = d[1] !== '>';
  const v = size === 8 ? Number(le ? p.readBigInt64LE(0) : p.readBigInt64BE(0))
    : size === 4 ? (le ? p.readInt32LE(0) : p.readInt32BE(0))
    : size === 2 ? (le ? p.readInt16LE(0) : p.readInt16BE(0)) : p.readInt8(0);
  return v;
}

/** The source, or null when a member is deflated or column-major (read it whole instead). */
export function openNpzSource(spec: SourceSpec): ModelSource | null {
  const file = spec.path;
  const fd = openSync(file, 'r');
  try {
    const members = directory(fd, fstatSync(fd).size, file);
    const find = (name: string) => {
      const m = members.find((e) => e.name === `${name}.npy`);
      if (!m) {
        throw new ModelFileError({ file, field: name, expected: `an array named "${name}"`, received: members.map((e) => e.name.replace(/\.npy$/, '')).join(', ') });
      }
      return m;
    };
    const mf = find(spec.fName), mg = find(spec.gName);
    if (mf.method !== 0 || mg.method !== 0) { closeSync(fd); return null; }
    const F = npyMatrix(fd, mf, file, spec.fName), G = npyMatrix(fd, mg, file, spec.gName);
    const pivot = pivotOf(fd, members, file);
    if (!F || !G || pivot === null) { closeSync(fd); return null; }
    return fromMatrices(spec, F, G, pivot, () => closeSync(fd));
  } catch (e) {
    try { closeSync(fd); } catch { /* already closed */ }
    throw e;
  }
}
