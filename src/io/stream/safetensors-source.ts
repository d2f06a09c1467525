// A .safetensors model read by offset: only the header is parsed up front (u64 length + JSON), then F and
// G rows are read on demand.
import { openSync, closeSync, fstatSync } from 'node:fs';
import type { FloatKind } from '../decode.js';
import { ModelFileError, describeValue, formatShape } from '../errors.js';
import { checkPivot } from '../validate.js';
import { ITEM_SIZE } from './convert.js';
import { FileMatrix, readExactly } from './file-matrix.js';
import type { ModelSource, SourceSpec } from './source.js';

const DTYPES: Record<string, FloatKind> = { F64: 'f64', F32: 'f32', F16: 'f16', BF16: 'bf16' };
/** A header larger than this is not a model's (two tensors and a pivot): refuse before reading it. */
const MAX_HEADER = 100 * 1024 * 1024;

function tensor(header: Record<string, unknown>, name: string, base: number, fileSize: number, fd: number, file: string): FileMatrix {
  const field = `tensor "${name}"`;
  const info = header[name];
  if (info === undefined || name === '__metadata__') {
    const present = Object.keys(header).filter((k) => k !== '__metadata__');
    throw new ModelFileError({ file, field, expected: `a tensor named "${name}"`, received: present.join(', '), detail: `missing tensor "${name}" (tensors present: ${present.length ? present.join(', ') : 'none'})` });
  }
  const { dtype, shape, data_offsets: offsets } = (info ?? {}) as Record<string, unknown>;
  const kind = typeof dtype === 'string' ? DTYPES[dtype] : undefined;
  if (kind === undefined) throw new ModelFileError({ file, field, expected: 'dtype F64, F32, F16 or BF16', received: describeValue(dtype) });
  if (!Array.isArray(shape) || shape.length !== 2 || !shape.every((s) => Number.isSafeInteger(s) && (s as number) >= 0)) {
    throw new ModelFileError({ file, field, expected: '2-D shape of non-negative integers', received: JSON.stringify(shape) ?? 'nothing' });
  }
  const [rows, cols] = shape as [number, number];
  if (!Array.isArray(offsets) || offsets.length !== 2 || !offsets.every((o) => Number.isSafeInteger(o) && (o as number) >= 0)) {
    throw new ModelFileError({ file, field, expected: 'data_offsets [begin, end] of non-negative integers', received: JSON.stringify(offsets) ?? 'nothing' });
  }
  const [begin, end] = offsets as [number, number];
  const needed = rows * cols * ITEM_SIZE[kind];
  if (end - begin !== needed) {
    throw new ModelFileError({ file, field, expected: `data_offsets spanning ${needed} bytes (shape ${formatShape([rows, cols])} of ${dtype as string})`, received: `${formatShape([begin, end])}` });
  }
  if (base + end > fileSize) {
    throw new ModelFileError({ file, field, expected: `data within the file (${fileSize} bytes)`, received: formatShape([begin, end]), detail: `${field}: truncated: data_offsets ${formatShape([begin, end])} run past the end of the file` });
  }
  return new FileMatrix(fd, { rows, cols, kind, littleEndian: true, offset: base + begin }, file, name);
}

export function openSafetensorsSource(spec: SourceSpec): ModelSource {
  const file = spec.path;
  const fd = openSync(file, 'r');
  try {
    const size = fstatSync(fd).size;
    const lenBytes = readExactly(fd, 8, 0);
    if (lenBytes.length < 8) throw new ModelFileError({ file, field: 'header', expected: 'at least 8 bytes (the header length)', received: `${lenBytes.length}` });
    const len = lenBytes.readBigUInt64LE(0);
    if (len > BigInt(Math.min(size - 8, MAX_HEADER))) {
      throw new ModelFileError({ file, field: 'header', expected: `a header of at most ${Math.min(size - 8, MAX_HEADER)} bytes`, received: `${len}` });
    }
    let header: unknown;
    try {
      header = JSON.parse(readExactly(fd, Number(len), 8).toString('utf8'));
    } catch (e) {
      throw new ModelFileError({ file, field: 'header', expected: 'a JSON header', received: `invalid JSON (${(e as Error).message})`, cause: e });
    }
    if (typeof header !== 'object' || header === null || Array.isArray(header)) {
      throw new ModelFileError({ file, field: 'header', expected: 'a JSON object mapping tensor names to {dtype, shape, data_offsets}', received: describeValue(header) });
    }
    const h = header as Record<string, unknown>;
    const base = 8 + Number(len);
    const F = tensor(h, spec.fName, base, size, fd, file);
    const G = tensor(h, spec.gName, base, size, fd, file);
    const meta = h['__metadata__'] as Record<string, unknown> | undefined;
    const rawPivot = meta && typeof meta === 'object' ? meta['pivot'] : undefined;
    const pivotValue = rawPivot === undefined ? 0 : typeof rawPivot === 'string' && /^-?\d+$/.test(rawPivot) ? Number(rawPivot) : rawPivot;
    return fromMatrices(spec, F, G, pivotValue, () => closeSync(fd));
  } catch (e) {
    closeSync(fd);
    throw e;
  }
}

/** Shared by the offset readers: shape checks across F and G, the pivot, and the source object. */
export function fromMatrices(spec: SourceSpec, F: FileMatrix, G: FileMatrix, pivot: unknown, close: () => void): ModelSource {
  const file = spec.path;
  const f = F.layout, g = G.layout;
  if (f.rows === 0 || f.cols === 0) throw new ModelFileError({ file, field: spec.fName, expected: 'a non-empty matrix (n ≥ 1 contexts, d ≥ 1)', received: `${f.rows} × ${f.cols}` });
  if (g.cols !== f.cols) throw new ModelFileError({ file, field: spec.gName, expected: `${f.cols} columns (the width d of F)`, received: String(g.cols) });
  if (g.rows < 2) throw new ModelFileError({ file, field: spec.gName, expected: 'at least 2 rows (one per vocabulary token; the theory needs V ≥ 2)', received: String(g.rows) });
  const p = checkPivot(pivot, g.rows, file);
  return {
    spec,
    n: f.rows,
    V: g.rows,
    d: f.cols,
    dtypeF: f.kind,
    dtypeG: g.kind,
    pivot: p,
    residentBytes: 0,
    readF: (r0, r1, out) => F.read(r0, r1, out),
    readG: (r0, r1, out) => G.read(r0, r1, out),
    close,
  };
}
