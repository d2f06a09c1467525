// .safetensors: u64 little-endian header length, a JSON header, then one byte buffer all tensors point into.
import { ModelFileError, describeValue, formatShape } from './errors.js';
import { FLOAT_SIZE, decodeFloats, encodeF64LE, type FloatKind } from './decode.js';
import type { DecodedMatrix, DenseMatrix, RawModel } from './types.js';

const DTYPES: Record<string, FloatKind> = { F64: 'f64', F32: 'f32', F16: 'f16', BF16: 'bf16' };
const METADATA = '__metadata__';

interface Layout {
  header: Record<string, unknown>;
  /** Byte offset of the data buffer in the file. */
  base: number;
  bufferLength: number;
}

function readLayout(bytes: Uint8Array, file: string): Layout {
  if (bytes.length < 8) {
    throw new ModelFileError({
      file,
      field: 'header',
      expected: 'at least 8 bytes (the header length)',
      received: `${bytes.length}`,
      detail: `truncated: expected at least 8 bytes (the header length), the file has ${bytes.length}`,
    });
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const n = view.getBigUint64(0, true);
  if (n > BigInt(bytes.length - 8)) {
    throw new ModelFileError({
      file,
      field: 'header',
      expected: `a header of at most ${bytes.length - 8} bytes`,
      received: `${n}`,
      detail: `truncated: header says ${n} bytes but the file has ${bytes.length} (${bytes.length - 8} after the 8-byte length)`,
    });
  }
  const len = Number(n);
  const text = Buffer.from(bytes.buffer, bytes.byteOffset + 8, len).toString('utf8');
  let header: unknown;
  try {
    header = JSON.parse(text);
  } catch (e) {
    throw new ModelFileError({ file, field: 'header', expected: 'a JSON header', received: `invalid JSON (${(e as Error).message})`, cause: e });
  }
  if (typeof header !== 'object' || header === null || Array.isArray(header)) {
    throw new ModelFileError({ file, field: 'header', expected: 'a JSON object mapping tensor names to {dtype, shape, data_offsets}', received: describeValue(header) });
  }
  return { header: header as Record<string, unknown>, base: 8 + len, bufferLength: bytes.length - 8 - len };
}

function readTensor(bytes: Uint8Array, layout: Layout, file: string, name: string): DecodedMatrix {
  const field = `tensor "${name}"`;
  const info = layout.header[name];
  if (info === undefined || name === METADATA) {
    const present = Object.keys(layout.header).filter((k) => k !== METADATA);
    throw new ModelFileError({
      file,
      field,
      expected: `a tensor named "${name}"`,
      received: present.join(', '),
      detail: `missing tensor "${name}" (tensors present: ${present.length ? present.join(', ') : 'none'})`,
    });
  }
  if (typeof info !== 'object' || info === null) {
    throw new ModelFileError({ file, field, expected: 'an object {dtype, shape, data_offsets}', received: describeValue(info) });
  }
  const { dtype, shape, data_offsets: offsets } = info as Record<string, unknown>;
  const kind = typeof dtype === 'string' ? DTYPES[dtype] : undefined;
  if (kind === undefined) {
    throw new ModelFileError({ file, field, expected: `dtype F64, F32, F16 or BF16`, received: typeof dtype === 'string' ? dtype : describeValue(dtype) });
  }
  if (!Array.isArray(shape) || !shape.every((s) => Number.isSafeInteger(s) && (s as number) >= 0)) {
    throw new ModelFileError({ file, field, expected: 'a shape of non-negative integers', received: JSON.stringify(shape) ?? 'nothing' });
  }
  if (shape.length !== 2) throw new ModelFileError({ file, field, expected: '2-D shape', received: formatShape(shape as number[]) });
  const [rows, cols] = shape as [number, number];
  if (!Array.isArray(offsets) || offsets.length !== 2 || !offsets.every((o) => Number.isSafeInteger(o) && (o as number) >= 0)) {
    throw new ModelFileError({ file, field, expected: 'data_offsets [begin, end] of non-negative integers', received: JSON.stringify(offsets) ?? 'nothing' });
  }
  const [begin, end] = offsets as [number, number];
  const needed = rows * cols * FLOAT_SIZE[kind];
  if (end < begin || end - begin !== needed) {
    throw new ModelFileError({
      file,
      field,
      expected: `data_offsets spanning ${needed} bytes (shape ${formatShape([rows, cols])} × ${FLOAT_SIZE[kind]}-byte ${dtype as string})`,
      received: `${formatShape([begin, end])} (${end - begin} bytes)`,
    });
  }
  if (end > layout.bufferLength) {
    throw new ModelFileError({
      file,
      field,
      expected: `data_offsets within the ${layout.bufferLength}-byte data buffer`,
      received: formatShape([begin, end]),
      detail: `${field}: truncated: data_offsets ${formatShape([begin, end])} run past the end of the ${layout.bufferLength}-byte data buffer`,
    });
  }
  return { matrix: { rows, cols, data: decodeFloats(bytes, layout.base + begin, rows * cols, kind, true) }, dtype: kind };
}

/** safetensors metadata is a map of strings to strings, so a pivot travels as a decimal string. */
function readPivot(layout: Layout, file: string): unknown {
  const meta = layout.header[METADATA];
  if (meta === undefined) return undefined;
  if (typeof meta !== 'object' || meta === null || Array.isArray(meta)) {
    throw new ModelFileError({ file, field: METADATA, expected: 'an object of string values', received: describeValue(meta) });
  }
  const raw = (meta as Record<string, unknown>)['pivot'];
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
