// .safetensors: u64 little-endian header length, a JSON header, then one byte buffer all tensors point into.
import { ModelFileError, describeValue, formatShape } from './errors.js';
import { MAX_SAFETENSORS_HEADER_BYTES } from './limits.js';
import { decodeFloats, encodeF64LE, type FloatKind } from './decode.js';
import type { DecodedMatrix, DenseMatrix, RawModel } from './types.js';

const DTYPES: Record<string, FloatKind> = { F64: 'f64', F32: 'f32', F16: 'f16', BF16: 'bf16' };
/** Every dtype the format defines, with its size in bytes: other tensors in the file may use any of them. */
const FORMAT_DTYPES: Record<string, number> = {
  BOOL: 1, U8: 1, I8: 1, F8_E5M2: 1, F8_E4M3: 1, F8_E8M0: 1, I16: 2, U16: 2, F16: 2, BF16: 2,
  I32: 4, U32: 4, F32: 4, I64: 8, U64: 8, F64: 8,
};
const METADATA = '__metadata__';

interface TensorInfo {
  name: string;
  dtype: string;
  shape: number[];
  begin: number;
  end: number;
}

interface Layout {
  tensors: Map<string, TensorInfo>;
  metadata: Record<string, string> | undefined;
  /** Byte offset of the data buffer in the file. */
  base: number;
  bufferLength: number;
}

/**
 * The first key that appears twice in one object of valid JSON text, with the path of that object.
 * JSON.parse keeps the last silently; the format forbids duplicates (two readers could pick different ones).
 */
function duplicateKey(text: string): { key: string; where: string } | null {
  const stack: { keys: Set<string> | null; name: string }[] = [];
  let lastString: string | null = null;
  let pendingName = '';
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '"') {
      let j = i + 1;
      while (text[j] !== '"') j += text[j] === '\\' ? 2 : 1;
      lastString = text.slice(i, j + 1);
      i = j;
    } else if (c === ':' && lastString !== null) {
      const top = stack.at(-1);
      const key = JSON.parse(lastString) as string;
      if (top?.keys) {
        if (top.keys.has(key)) return { key, where: top.name };
        top.keys.add(key);
      }
      pendingName = key;
      lastString = null;
    } else if (c === '{' || c === '[') {
      stack.push({ keys: c === '{' ? new Set() : null, name: stack.length === 0 ? 'header' : `"${pendingName}"` });
      lastString = null;
    } else if (c === '}' || c === ']') {
      stack.pop();
      lastString = null;
    } else if (c === ',') {
      lastString = null;
    }
  }
  return null;
}

function readLayout(bytes: Uint8Array, file: string): Layout {
  const bad = (field: string, expected: string, received?: string, detail?: string): never => {
    throw new ModelFileError({ file, field, expected, ...(received === undefined ? {} : { received }), ...(detail === undefined ? {} : { detail }) });
  };
  if (bytes.length < 8) {
    bad('header', 'at least 8 bytes (the header length)', `${bytes.length}`, `truncated: expected at least 8 bytes (the header length), the file has ${bytes.length}`);
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const n = view.getBigUint64(0, true);
  if (n > BigInt(MAX_SAFETENSORS_HEADER_BYTES)) {
    bad('header', `a header length of at most ${MAX_SAFETENSORS_HEADER_BYTES} bytes (the format's limit)`, `${n}`);
  }
  if (n > BigInt(bytes.length - 8)) {
    bad('header', `a header of at most ${bytes.length - 8} bytes`, `${n}`, `truncated: header says ${n} bytes but the file has ${bytes.length} (${bytes.length - 8} after the 8-byte length)`);
  }
  const len = Number(n);
  const raw = Buffer.from(bytes.buffer, bytes.byteOffset + 8, len);
  // The format: the header MUST begin with '{' and may be padded at the end with spaces (0x20) only.
  if (raw[0] !== 0x7b) bad('header', "a JSON header starting with '{'", len === 0 ? 'an empty header' : `a header starting with byte 0x${raw[0]!.toString(16).padStart(2, '0')}`);
  const text = raw.toString('utf8');
  if (Buffer.byteLength(text, 'utf8') !== len || text.includes('\ufffd')) bad('header', 'a UTF-8 header', 'invalid UTF-8');
  let header: unknown;
  try {
    header = JSON.parse(text.replace(/ +$/, ''));
  } catch (e) {
    return bad('header', 'a JSON header (padded with spaces only)', `invalid JSON (${(e as Error).message})`);
  }
  if (typeof header !== 'object' || header === null || Array.isArray(header)) {
    bad('header', 'a JSON object mapping tensor names to {dtype, shape, data_offsets}', describeValue(header));
  }
  const dup = duplicateKey(text);
  if (dup) bad(dup.where === 'header' ? `tensor "${dup.key}"` : `${dup.where}.${dup.key}`, 'each key once', 'a duplicate key', `duplicate key "${dup.key}" in ${dup.where === 'header' ? 'the header' : dup.where} (the format forbids it: readers would disagree on which one counts)`);
  const base = 8 + len;
  const bufferLength = bytes.length - base;
  const tensors = new Map<string, TensorInfo>();
  let metadata: Record<string, string> | undefined;
  for (const [name, info] of Object.entries(header as Record<string, unknown>)) {
    if (name === METADATA) {
      if (typeof info !== 'object' || info === null || Array.isArray(info)) bad(METADATA, 'an object of string values', describeValue(info));
      for (const [key, v] of Object.entries(info as Record<string, unknown>)) {
        if (typeof v === 'string') continue;
        // The pivot keeps its own name in messages: it is the one metadata entry this tool reads.
        bad(key === 'pivot' ? 'pivot' : `${METADATA}."${key}"`, `a string in ${METADATA} (the format maps strings to strings${key === 'pivot' ? ', e.g. "0"' : ''})`, describeValue(v));
      }
      metadata = info as Record<string, string>;
      continue;
    }
    tensors.set(name, tensorInfo(name, info, bufferLength, file));
  }
  checkCoverage([...tensors.values()], bufferLength, file);
  return { tensors, metadata, base, bufferLength };
}

function tensorInfo(name: string, info: unknown, bufferLength: number, file: string): TensorInfo {
  const field = `tensor "${name}"`;
  if (typeof info !== 'object' || info === null || Array.isArray(info)) {
    throw new ModelFileError({ file, field, expected: 'an object {dtype, shape, data_offsets}', received: describeValue(info) });
  }
  const extra = Object.keys(info).filter((k) => !['dtype', 'shape', 'data_offsets'].includes(k));
  if (extra.length) throw new ModelFileError({ file, field, expected: 'only the keys dtype, shape and data_offsets', received: extra.map((k) => `"${k}"`).join(', ') });
  const { dtype, shape, data_offsets: offsets } = info as Record<string, unknown>;
  const size = typeof dtype === 'string' ? FORMAT_DTYPES[dtype] : undefined;
  if (size === undefined) {
    throw new ModelFileError({ file, field: `${field}.dtype`, expected: `a safetensors dtype (${Object.keys(FORMAT_DTYPES).join(', ')})`, received: typeof dtype === 'string' ? dtype : describeValue(dtype) });
  }
  if (!Array.isArray(shape) || !shape.every((s) => Number.isSafeInteger(s) && (s as number) >= 0)) {
    throw new ModelFileError({ file, field: `${field}.shape`, expected: 'a list of non-negative integers', received: JSON.stringify(shape) ?? 'nothing' });
  }
  if (!Array.isArray(offsets) || offsets.length !== 2 || !offsets.every((o) => Number.isSafeInteger(o) && (o as number) >= 0)) {
    throw new ModelFileError({ file, field: `${field}.data_offsets`, expected: '[begin, end], two non-negative integers', received: JSON.stringify(offsets) ?? 'nothing' });
  }
  const [begin, end] = offsets as [number, number];
  const count = (shape as number[]).reduce((a, b) => a * b, 1);
  const needed = count * size;
  if (!Number.isSafeInteger(needed) || end < begin || end - begin !== needed) {
    throw new ModelFileError({
      file,
      field: `${field}.data_offsets`,
      expected: `a span of ${needed} bytes (shape ${formatShape(shape as number[])} × ${size}-byte ${dtype as string})`,
      received: `${formatShape([begin, end])} (${end - begin} bytes)`,
    });
  }
  if (end > bufferLength) {
    throw new ModelFileError({
      file,
      field: `${field}.data_offsets`,
      expected: `data_offsets within the ${bufferLength}-byte data buffer`,
      received: formatShape([begin, end]),
      detail: `${field}: truncated: data_offsets ${formatShape([begin, end])} run past the end of the ${bufferLength}-byte data buffer`,
    });
  }
  return { name, dtype: dtype as string, shape: shape as number[], begin, end };
}

/**
 * The format requires the tensors to tile the data buffer: contiguous, non-overlapping, no hole, nothing
 * after the last one (so a file cannot carry hidden bytes or alias one tensor's data as another's).
 */
function checkCoverage(tensors: TensorInfo[], bufferLength: number, file: string): void {
  const sorted = [...tensors].sort((a, b) => a.begin - b.begin || a.end - b.end);
  let at = 0;
  for (const t of sorted) {
    if (t.begin < at) {
      const prev = sorted[sorted.indexOf(t) - 1]!;
      throw new ModelFileError({ file, field: `tensor "${t.name}".data_offsets`, expected: `data that does not overlap another tensor's (tensor "${prev.name}" ends at ${at})`, received: formatShape([t.begin, t.end]) });
    }
    if (t.begin > at) {
      throw new ModelFileError({ file, field: `tensor "${t.name}".data_offsets`, expected: `data starting at ${at}, right after the previous tensor (the format allows no holes)`, received: formatShape([t.begin, t.end]) });
    }
    at = t.end;
  }
  if (at !== bufferLength) {
    throw new ModelFileError({ file, field: 'data buffer', expected: `${at} bytes, exactly what the tensors use (the format allows nothing after the last tensor)`, received: `${bufferLength} bytes` });
  }
}

function readTensor(bytes: Uint8Array, layout: Layout, file: string, name: string): DecodedMatrix {
  const field = `tensor "${name}"`;
  const t = layout.tensors.get(name);
  if (t === undefined) {
    const present = [...layout.tensors.keys()];
    throw new ModelFileError({
      file,
      field,
      expected: `a tensor named "${name}"`,
      received: present.join(', '),
      detail: `missing tensor "${name}" (tensors present: ${present.length ? present.join(', ') : 'none'})`,
    });
  }
  const kind = DTYPES[t.dtype];
  if (kind === undefined) throw new ModelFileError({ file, field: `${field}.dtype`, expected: 'F64, F32, F16 or BF16 (a float matrix)', received: t.dtype });
  if (t.shape.length !== 2) throw new ModelFileError({ file, field: `${field}.shape`, expected: '2-D shape', received: formatShape(t.shape) });
  const [rows, cols] = t.shape as [number, number];
  return { matrix: { rows, cols, data: decodeFloats(bytes, layout.base + t.begin, rows * cols, kind, true) }, dtype: kind };
}

/** safetensors metadata is a map of strings to strings, so a pivot travels as a decimal string. */
function readPivot(layout: Layout, file: string): unknown {
  const meta = layout.metadata;
  if (meta === undefined) return undefined;
  const raw = meta['pivot'];
  if (raw === undefined) return undefined;
  if (typeof raw !== 'string' || !/^-?\d+$/.test(raw)) {
    throw new ModelFileError({ file, field: 'pivot', expected: `a string holding an integer in ${METADATA} (e.g. "0")`, received: describeValue(raw) });
  }
  return Number(raw);
}

export function readSafetensorsModel(bytes: Uint8Array, file: string, fName: string, gName: string): RawModel {
  const layout = readLayout(bytes, file);
  return { F: readTensor(bytes, layout, file, fName), G: readTensor(bytes, layout, file, gName), pivot: readPivot(layout, file) };
}

export function encodeSafetensors(F: DenseMatrix, G: DenseMatrix, pivot: number): Uint8Array {
  const fBytes = F.rows * F.cols * 8;
  const gBytes = G.rows * G.cols * 8;
  const header = {
    F: { dtype: 'F64', shape: [F.rows, F.cols], data_offsets: [0, fBytes] },
    G: { dtype: 'F64', shape: [G.rows, G.cols], data_offsets: [fBytes, fBytes + gBytes] },
    [METADATA]: { pivot: String(pivot) },
  };
  let json = Buffer.from(JSON.stringify(header), 'utf8');
  // Pad with spaces (allowed by the format) so the buffer starts 8-aligned and readers can view it as f64 directly.
  const pad = (8 - (json.length % 8)) % 8;
  json = Buffer.concat([json, Buffer.from(' '.repeat(pad))]);
  const out = new Uint8Array(8 + json.length + fBytes + gBytes);
  new DataView(out.buffer).setBigUint64(0, BigInt(json.length), true);
  out.set(json, 8);
  out.set(encodeF64LE(F.data), 8 + json.length);
  out.set(encodeF64LE(G.data), 8 + json.length + fBytes);
  return out;
}
