// The .npy array format (versions 1.0, 2.0, 3.0): magic, version, header length, a Python-dict header, raw data.
import { ModelFileError, formatShape } from './errors.js';
import { PyLiteralError, parsePyLiteral } from './py-literal.js';
import { decodeFloats, encodeF64LE, fortranToRowMajor, type FloatKind } from './decode.js';
import { MAX_NPY_HEADER_BYTES } from './limits.js';
import type { DecodedMatrix, DenseMatrix } from './types.js';

const MAGIC = [0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59]; // "\x93NUMPY"

export interface NpyDtype {
  /** The descr string as written, e.g. '<f8'. */
  text: string;
  kind: string;
  size: number;
  littleEndian: boolean;
}

export interface NpyArray {
  dtype: NpyDtype;
  shape: number[];
  fortranOrder: boolean;
  /** Exactly the array's bytes (shape product × itemsize), after the header. */
  payload: Uint8Array;
}

const FLOAT_DESCRS = "float64, float32 or float16 ('<f8', '>f8', '<f4', '>f4', '<f2', '>f2')";

function parseDescr(descr: unknown, file: string, name: string): NpyDtype {
  const m = typeof descr === 'string' ? /^([<>|=])([a-zA-Z])(\d+)$/.exec(descr) : null;
  if (!m) {
    throw new ModelFileError({
      file,
      field: name,
      expected: `a simple numeric dtype, ${FLOAT_DESCRS}`,
      received: typeof descr === 'string' ? `'${descr}'` : 'a structured dtype',
    });
  }
  const size = Number(m[3]);
  // '|' (no byte order) is only meaningful for 1-byte types; '=' (native) is never written by numpy and would
  // make the file's meaning depend on the writer's machine.
  if (m[1] === '=' || (m[1] === '|' && size !== 1)) {
    throw new ModelFileError({ file, field: name, expected: `an explicit byte order in the dtype ('<' or '>')`, received: `'${descr as string}'` });
  }
  return { text: descr as string, kind: m[2]!, size, littleEndian: m[1] !== '>' };
}

export function parseNpy(bytes: Uint8Array, file: string, name: string): NpyArray {
  const bad = (expected: string, received?: string): never => {
    throw new ModelFileError({ file, field: name, expected, ...(received === undefined ? {} : { received }) });
  };
  if (bytes.length < 10 || MAGIC.some((b, k) => bytes[k] !== b)) bad('a .npy array (starting with "\\x93NUMPY")', 'other data');
  const major = bytes[6]!;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let headerLen: number;
  let start: number;
  if (major === 1) {
    headerLen = view.getUint16(8, true);
    start = 10;
  } else if (major === 2 || major === 3) {
    if (bytes.length < 12) bad('a complete .npy preamble', `${bytes.length} bytes`);
    headerLen = view.getUint32(8, true);
    start = 12;
  } else {
    return bad('.npy format version 1.0, 2.0 or 3.0', `${major}.${bytes[7]}`);
  }
  if (headerLen > MAX_NPY_HEADER_BYTES) {
    bad(`a .npy header of at most ${MAX_NPY_HEADER_BYTES} bytes (numpy's own max_header_size)`, `${headerLen} bytes`);
  }
  if (start + headerLen > bytes.length) {
    bad(`a ${headerLen}-byte .npy header`, `only ${bytes.length - start} bytes after the preamble (truncated)`);
  }
  // Version 3.0 exists only to allow UTF-8 in the header (structured field names); earlier ones are latin1.
  const text = Buffer.from(bytes.buffer, bytes.byteOffset + start, headerLen).toString(major === 3 ? 'utf8' : 'latin1');
  let header: unknown;
  try {
    header = parsePyLiteral(text.trim());
  } catch (e) {
    if (!(e instanceof PyLiteralError)) throw e;
    bad('a .npy header dict', `unparseable text (${e.message})`);
  }
  if (typeof header !== 'object' || header === null || Array.isArray(header)) return bad('a .npy header dict', 'another value');
  const h = header as Record<string, unknown>;
  for (const key of ['descr', 'fortran_order', 'shape']) {
    if (!(key in h)) bad(`a .npy header with keys 'descr', 'fortran_order' and 'shape'`, `no '${key}'`);
  }
  const dtype = parseDescr(h['descr'], file, name);
  if (typeof h['fortran_order'] !== 'boolean') bad("'fortran_order' True or False in the .npy header", String(h['fortran_order']));
  const shapeRaw = h['shape'];
  if (!Array.isArray(shapeRaw) || !shapeRaw.every((s) => typeof s === 'number' && Number.isSafeInteger(s) && s >= 0)) {
    return bad("a tuple of non-negative integers as 'shape' in the .npy header", JSON.stringify(shapeRaw));
  }
  const shape = shapeRaw as number[];
  const count = shape.reduce((a, b) => a * b, 1);
  const needed = count * dtype.size;
  if (!Number.isSafeInteger(needed)) bad('a shape whose size fits in memory', formatShape(shape));
  const dataStart = start + headerLen;
  const available = bytes.length - dataStart;
  if (available !== needed) {
    bad(
      `${needed} bytes of data after the header (shape ${formatShape(shape)} of '${dtype.text}')`,
      available < needed ? `${available} (truncated)` : `${available} (trailing bytes)`,
    );
  }
  return { dtype, shape, fortranOrder: h['fortran_order'] as boolean, payload: bytes.subarray(dataStart) };
}

const FLOAT_KINDS: Record<number, FloatKind> = { 8: 'f64', 4: 'f32', 2: 'f16' };

export function npyToMatrix(arr: NpyArray, file: string, name: string): DecodedMatrix {
  const kind = arr.dtype.kind === 'f' ? FLOAT_KINDS[arr.dtype.size] : undefined;
  if (kind === undefined) {
    throw new ModelFileError({ file, field: name, expected: `dtype ${FLOAT_DESCRS}`, received: `'${arr.dtype.text}'` });
  }
  if (arr.shape.length !== 2) {
    throw new ModelFileError({ file, field: name, expected: '2-D shape', received: formatShape(arr.shape) });
  }
  const [rows, cols] = arr.shape as [number, number];
  let data = decodeFloats(arr.payload, 0, rows * cols, kind, arr.dtype.littleEndian);
  if (arr.fortranOrder) data = fortranToRowMajor(data, rows, cols);
  return { matrix: { rows, cols, data }, dtype: kind };
}

/** A pivot stored as a one-element integer array (np.savez(..., pivot=3) writes a 0-d '<i8'). */
export function npyToPivot(arr: NpyArray, file: string, name: string): number {
  const { kind, size, littleEndian, text } = arr.dtype;
  if ((kind !== 'i' && kind !== 'u') || ![1, 2, 4, 8].includes(size)) {
    throw new ModelFileError({ file, field: name, expected: "an integer dtype (e.g. '<i8' or '<i4')", received: `'${text}'` });
  }
  if (arr.payload.length !== size) {
    throw new ModelFileError({ file, field: name, expected: 'a single integer (shape () or (1,))', received: `shape ${formatShape(arr.shape)}` });
  }
  const v = new DataView(arr.payload.buffer, arr.payload.byteOffset, size);
  const signed = kind === 'i';
  let value: bigint | number;
  if (size === 1) value = signed ? v.getInt8(0) : v.getUint8(0);
  else if (size === 2) value = signed ? v.getInt16(0, littleEndian) : v.getUint16(0, littleEndian);
  else if (size === 4) value = signed ? v.getInt32(0, littleEndian) : v.getUint32(0, littleEndian);
  else value = signed ? v.getBigInt64(0, littleEndian) : v.getBigUint64(0, littleEndian);
  // Out-of-safe-range 64-bit values stay far outside [0, V) after conversion, so the range check still rejects them.
  return Number(value);
}

function npyBytes(descr: string, shape: readonly number[], payload: Uint8Array): Uint8Array {
  const shapeText = shape.length === 1 ? `(${shape[0]},)` : `(${shape.join(', ')})`;
  const dict = `{'descr': '${descr}', 'fortran_order': False, 'shape': ${shapeText}, }`;
  // numpy pads the header with spaces and a newline so the data starts on a 64-byte boundary (memory-mappable).
  const unpadded = 10 + dict.length + 1;
  const pad = (64 - (unpadded % 64)) % 64;
  const header = Buffer.from(dict + ' '.repeat(pad) + '\n', 'latin1');
  const out = new Uint8Array(10 + header.length + payload.length);
  out.set(MAGIC, 0);
  out[6] = 1;
  out[7] = 0;
  new DataView(out.buffer).setUint16(8, header.length, true);
  out.set(header, 10);
  out.set(payload, 10 + header.length);
  return out;
}

export function encodeNpyF64(m: DenseMatrix): Uint8Array {
  return npyBytes('<f8', [m.rows, m.cols], encodeF64LE(m.data));
}

export function encodeNpyI64Scalar(value: number): Uint8Array {
  const payload = new Uint8Array(8);
  new DataView(payload.buffer).setBigInt64(0, BigInt(value), true);
  return npyBytes('<i8', [], payload);
}
