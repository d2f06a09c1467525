// Turning raw little/big-endian float bytes into f64, exactly: every supported storage type (f16, bf16, f32)
// is a subset of f64, so widening never rounds.

export type FloatKind = 'f64' | 'f32' | 'f16' | 'bf16';

export const FLOAT_SIZE: Record<FloatKind, number> = { f64: 8, f32: 4, f16: 2, bf16: 2 };

const HOST_LITTLE = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

/** IEEE binary16 → number; done by hand because Node 20 has no Float16Array. */
export function halfToNumber(h: number): number {
  const sign = h & 0x8000 ? -1 : 1;
  const exp = (h >> 10) & 0x1f;
  const frac = h & 0x3ff;
  if (exp === 0) return sign * frac * 2 ** -24; // zero and subnormals
  if (exp === 0x1f) return frac === 0 ? sign * Infinity : NaN;
  return sign * (1024 + frac) * 2 ** (exp - 25);
}

/**
 * Decodes `count` floats starting at `bytes[offset]`. The file buffer is seldom aligned for a typed-array view,
 * so the general path reads through a DataView; little-endian f64/f32 data (the common case) takes a typed-array fast path.
 */
export function decodeFloats(bytes: Uint8Array, offset: number, count: number, kind: FloatKind, littleEndian: boolean): Float64Array {
  const out = new Float64Array(count);
  const size = FLOAT_SIZE[kind];
  if (littleEndian && HOST_LITTLE && (kind === 'f64' || kind === 'f32')) {
    // Typed-array views need alignment; an unaligned span is first copied (a memcpy, far cheaper than
    // element-wise DataView reads) into a fresh, hence aligned, buffer. Not .slice(): on a Buffer it is a view.
    let src = bytes.subarray(offset, offset + count * size);
    if (src.byteOffset % size !== 0) src = new Uint8Array(src);
    out.set(kind === 'f64' ? new Float64Array(src.buffer, src.byteOffset, count) : new Float32Array(src.buffer, src.byteOffset, count));
    return out;
  }
  const abs = bytes.byteOffset + offset;
  const view = new DataView(bytes.buffer, abs, count * size);
  switch (kind) {
    case 'f64':
      for (let k = 0; k < count; k++) out[k] = view.getFloat64(8 * k, littleEndian);
      break;
    case 'f32':
      for (let k = 0; k < count; k++) out[k] = view.getFloat32(4 * k, littleEndian);
      break;
    case 'f16':
      for (let k = 0; k < count; k++) out[k] = halfToNumber(view.getUint16(2 * k, littleEndian));
      break;
    case 'bf16': {
      // bf16 is the high half of an f32: put its 16 bits on top of 16 zero bits and read the f32.
      const f32 = new DataView(new ArrayBuffer(4));
      for (let k = 0; k < count; k++) {
        f32.setUint32(0, view.getUint16(2 * k, littleEndian) << 16);
        out[k] = f32.getFloat32(0);
      }
      break;
    }
  }
  return out;
}

/** f64 values as little-endian bytes, the layout both binary writers use. */
export function encodeF64LE(data: Float64Array): Uint8Array {
  // On a little-endian host the in-memory bytes already are the file layout.
  if (HOST_LITTLE) return new Uint8Array(data.buffer, data.byteOffset, data.byteLength).slice();
  const out = new Uint8Array(data.length * 8);
  const view = new DataView(out.buffer);
  for (let k = 0; k < data.length; k++) view.setFloat64(8 * k, data[k]!, true);
  return out;
}

/** Column-major (Fortran-order) rows × cols data rearranged into row-major. */
export function fortranToRowMajor(data: Float64Array, rows: number, cols: number): Float64Array {
  const out = new Float64Array(data.length);
  for (let j = 0; j < cols; j++) {
    const src = j * rows;
    for (let i = 0; i < rows; i++) out[i * cols + j] = data[src + i]!;
  }
  return out;
}
