// A minimal zip reader/writer, enough for .npz: the central directory is the source of truth (numpy forces
// ZIP64 local headers whose size fields are 0xFFFFFFFF placeholders), entries are stored or deflated, and
// every entry's size and CRC are checked so a damaged archive fails loudly instead of yielding wrong numbers.
import { inflateRawSync } from 'node:zlib';
import { ModelFileError } from './errors.js';
import { crc32 } from './crc32.js';
import { bytesText, limitText } from './limits.js';

export interface ZipEntry {
  name: string;
  method: number;
  flags: number;
  crc: number;
  compressedSize: number;
  size: number;
  localHeaderOffset: number;
}

const SIG_EOCD = 0x06054b50;
const SIG_EOCD64 = 0x06064b50;
const SIG_EOCD64_LOCATOR = 0x07064b50;
const SIG_CENTRAL = 0x02014b50;
const SIG_LOCAL = 0x04034b50;

function fail(file: string, expected: string, received?: string, detail?: string): never {
  throw new ModelFileError({ file, field: 'zip archive', expected, ...(received === undefined ? {} : { received }), ...(detail === undefined ? {} : { detail }) });
}

function u64(view: DataView, at: number, file: string): number {
  const v = view.getBigUint64(at, true);
  if (v > BigInt(Number.MAX_SAFE_INTEGER)) fail(file, 'sizes and offsets below 2^53', String(v));
  return Number(v);
}

function findEocd(bytes: Uint8Array, view: DataView, file: string): number {
  // The record is 22 bytes plus a comment of up to 65535; scan backwards and require the comment length to
  // reach exactly the end of the file, so a stray signature inside the comment is not mistaken for it.
  const last = bytes.length - 22;
  for (let p = last; p >= 0 && p >= last - 0xffff; p--) {
    if (view.getUint32(p, true) === SIG_EOCD && p + 22 + view.getUint16(p + 20, true) === bytes.length) return p;
  }
  return fail(file, 'a zip archive (as numpy.savez writes)', undefined, 'not a zip archive: no end-of-central-directory record found (is this really an .npz file?)');
}

interface Directory {
  count: number;
  size: number;
  offset: number;
}

function readDirectoryLocation(bytes: Uint8Array, view: DataView, file: string): Directory {
  const eocd = findEocd(bytes, view, file);
  if (view.getUint16(eocd + 4, true) !== 0 || view.getUint16(eocd + 6, true) !== 0) {
    fail(file, 'a single-part archive', 'a multi-part (spanned) archive');
  }
  let count = view.getUint16(eocd + 10, true);
  let size = view.getUint32(eocd + 12, true);
  let offset = view.getUint32(eocd + 16, true);
  if (count === 0xffff || size === 0xffffffff || offset === 0xffffffff) {
    const loc = eocd - 20;
    if (loc < 0 || view.getUint32(loc, true) !== SIG_EOCD64_LOCATOR) {
      fail(file, 'a ZIP64 end-of-central-directory locator (the 32-bit record has ZIP64 placeholders)', 'none');
    }
    const at = u64(view, loc + 8, file);
    if (at + 56 > bytes.length || view.getUint32(at, true) !== SIG_EOCD64) {
      fail(file, 'a ZIP64 end-of-central-directory record where the locator points', `offset ${at}`);
    }
    count = u64(view, at + 32, file);
    size = u64(view, at + 40, file);
    offset = u64(view, at + 48, file);
  }
  if (offset + size > bytes.length) {
    fail(file, `a central directory inside the file`, undefined, `truncated zip archive: central directory at ${offset}+${size} bytes but the file has ${bytes.length}`);
  }
  return { count, size, offset };
}

/** Lists the entries of a zip archive from its central directory. */
export function readZipDirectory(bytes: Uint8Array, file: string): ZipEntry[] {
  if (bytes.length < 22) fail(file, 'a zip archive (as numpy.savez writes)', `${bytes.length} bytes`, `not a zip archive: only ${bytes.length} bytes`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const dir = readDirectoryLocation(bytes, view, file);
  const entries: ZipEntry[] = [];
  let p = dir.offset;
  const end = dir.offset + dir.size;
  for (let k = 0; k < dir.count; k++) {
    if (p + 46 > end || view.getUint32(p, true) !== SIG_CENTRAL) fail(file, `central directory entry ${k} of ${dir.count}`, 'damaged data');
    const flags = view.getUint16(p + 8, true);
    const method = view.getUint16(p + 10, true);
    const crc = view.getUint32(p + 16, true);
    let compressedSize = view.getUint32(p + 20, true);
    let size = view.getUint32(p + 24, true);
    const nameLen = view.getUint16(p + 28, true);
    const extraLen = view.getUint16(p + 30, true);
    const commentLen = view.getUint16(p + 32, true);
    let localHeaderOffset = view.getUint32(p + 42, true);
    if (p + 46 + nameLen + extraLen + commentLen > end) fail(file, `central directory entry ${k} inside the directory`, 'an entry running past it');
    // Bit 11 marks UTF-8 names; otherwise the name is CP437, which agrees with latin1 on the ASCII numpy uses.
    const name = Buffer.from(bytes.buffer, bytes.byteOffset + p + 46, nameLen).toString(flags & 0x800 ? 'utf8' : 'latin1');
    // ZIP64 extra field: the 64-bit values appear only for the 32-bit fields that hold the 0xFFFFFFFF placeholder.
    let x = p + 46 + nameLen;
    const xEnd = x + extraLen;
    while (x + 4 <= xEnd) {
      const id = view.getUint16(x, true);
      const len = view.getUint16(x + 2, true);
      if (id === 0x0001) {
        let q = x + 4;
        const take = (): number => {
          if (q + 8 > x + 4 + len) fail(file, `a complete ZIP64 extra field for entry "${name}"`, 'a short one');
          const v = u64(view, q, file);
          q += 8;
          return v;
        };
        if (size === 0xffffffff) size = take();
        if (compressedSize === 0xffffffff) compressedSize = take();
        if (localHeaderOffset === 0xffffffff) localHeaderOffset = take();
      }
      x += 4 + len;
    }
    entries.push({ name, method, flags, crc, compressedSize, size, localHeaderOffset });
    p += 46 + nameLen + extraLen + commentLen;
  }
  return entries;
}

/**
 * The uncompressed bytes of one entry, checked against the directory's size and CRC. The declared size is
 * checked against `limit` before anything is inflated, and inflation stops as soon as the output passes the
 * declared size: neither a zip bomb nor a member lying about its size costs more than the limit.
 */
export function readZipEntry(bytes: Uint8Array, entry: ZipEntry, file: string, limit: number): Uint8Array {
  const what = `entry "${entry.name}"`;
  if (entry.flags & 0x1) fail(file, `an unencrypted ${what}`, 'an encrypted one');
  if (entry.size > limit) {
    fail(file, `${what} of at most ${bytesText(limit)}`, bytesText(entry.size), `too large: ${what} declares ${bytesText(entry.size)} uncompressed; ${limitText(limit)}`);
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const h = entry.localHeaderOffset;
  if (h + 30 > bytes.length || view.getUint32(h, true) !== SIG_LOCAL) {
    fail(file, `a local file header for ${what} at offset ${h}`, 'damaged data');
  }
  const start = h + 30 + view.getUint16(h + 26, true) + view.getUint16(h + 28, true);
  if (start + entry.compressedSize > bytes.length) {
    fail(file, `${what} inside the file`, undefined, `truncated zip archive: ${what} needs ${entry.compressedSize} bytes at offset ${start} but the file has ${bytes.length}`);
  }
  const raw = bytes.subarray(start, start + entry.compressedSize);
  let data: Uint8Array;
  if (entry.method === 0) {
    data = raw;
  } else if (entry.method === 8) {
    try {
      data = inflateRawSync(raw, { maxOutputLength: Math.max(entry.size, 1) });
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE') {
        fail(file, `${entry.size} bytes in ${what} (from the central directory)`, 'more', `${what} inflates to more than the ${bytesText(entry.size)} its directory entry declares (damaged or hostile archive); inflation stopped there`);
      }
      fail(file, `valid deflate data in ${what}`, (e as Error).message);
    }
  } else {
    fail(file, `${what} stored (method 0) or deflated (method 8)`, `compression method ${entry.method}`);
  }
  if (data.length !== entry.size) fail(file, `${entry.size} bytes in ${what} (from the central directory)`, `${data.length}`);
  const crc = crc32(data);
  if (crc !== entry.crc) {
    fail(file, `CRC-32 ${hex(entry.crc)} for ${what}`, `${hex(crc)} (the archive is damaged)`);
  }
  return data;
}

function hex(n: number): string {
  return `0x${n.toString(16).padStart(8, '0')}`;
}

/**
 * Builds a zip of stored (uncompressed) entries: simplest to get right and numpy reads it. Without ZIP64
 * every offset must fit in 32 bits, which bounds archives at 4 GiB; beyond that we refuse rather than
 * write an archive readers would misparse.
 */
export function buildStoredZip(entries: ReadonlyArray<{ name: string; data: Uint8Array }>, file: string): Uint8Array {
  const names = entries.map((e) => Buffer.from(e.name, 'utf8'));
  const localSize = entries.reduce((s, e, k) => s + 30 + names[k]!.length + e.data.length, 0);
  const centralSize = names.reduce((s, n) => s + 46 + n.length, 0);
  const total = localSize + centralSize + 22;
  if (total > 0xffffffff || entries.length > 0xffff) {
    fail(file, 'an archive below 4 GiB (the writer does not produce ZIP64)', `${total} bytes`);
  }
  const out = new Uint8Array(total);
  const view = new DataView(out.buffer);
  const offsets: number[] = [];
  const crcs = entries.map((e) => crc32(e.data));
  // 1980-01-01 00:00, the earliest DOS date: a fixed timestamp keeps the output reproducible.
  const dosTime = 0;
  const dosDate = (0 << 9) | (1 << 5) | 1;
  let p = 0;
  entries.forEach((e, k) => {
    const name = names[k]!;
    offsets.push(p);
    view.setUint32(p, SIG_LOCAL, true);
    view.setUint16(p + 4, 20, true); // version needed: 2.0
    view.setUint16(p + 6, 0x800, true); // UTF-8 names
    view.setUint16(p + 8, 0, true);
    view.setUint16(p + 10, dosTime, true);
    view.setUint16(p + 12, dosDate, true);
    view.setUint32(p + 14, crcs[k]!, true);
    view.setUint32(p + 18, e.data.length, true);
    view.setUint32(p + 22, e.data.length, true);
    view.setUint16(p + 26, name.length, true);
    view.setUint16(p + 28, 0, true);
    out.set(name, p + 30);
    out.set(e.data, p + 30 + name.length);
    p += 30 + name.length + e.data.length;
  });
  const centralStart = p;
  entries.forEach((e, k) => {
    const name = names[k]!;
    view.setUint32(p, SIG_CENTRAL, true);
    view.setUint16(p + 4, 20, true);
    view.setUint16(p + 6, 20, true);
    view.setUint16(p + 8, 0x800, true);
    view.setUint16(p + 10, 0, true);
    view.setUint16(p + 12, dosTime, true);
    view.setUint16(p + 14, dosDate, true);
    view.setUint32(p + 16, crcs[k]!, true);
    view.setUint32(p + 20, e.data.length, true);
    view.setUint32(p + 24, e.data.length, true);
    view.setUint16(p + 28, name.length, true);
    view.setUint32(p + 42, offsets[k]!, true);
    out.set(name, p + 46);
    p += 46 + name.length;
  });
  view.setUint32(p, SIG_EOCD, true);
  view.setUint16(p + 8, entries.length, true);
  view.setUint16(p + 10, entries.length, true);
  view.setUint32(p + 12, p - centralStart, true);
  view.setUint32(p + 16, centralStart, true);
  return out;
}
