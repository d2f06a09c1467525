// Stored floats → f64, a block at a time, into a caller's buffer (which may be a view on Wasm memory):
// the streaming readers convert each row block as it is read and never hold the file. Every stored type
// (f16, bf16, f32) is a subset of f64, so widening never rounds.
import { halfToNumber, type FloatKind } from '../decode.js';

export const ITEM_SIZE: Record<FloatKind, number> = { f64: 8, f32: 4, f16: 2, bf16: 2 };

let halfTable: Float64Array | null = null;
function halves(): Float64Array {
  if (!halfTable) {
    halfTable = new Float64Array(65536);
    for (let h = 0; h < 65536; h++) halfTable[h] = halfToNumber(h);
  }
  return halfTable;
}

let widen = new Uint32Array(0);

/**
 * Convert `count` little-endian values of `kind` at the start of `bytes` (whose byteOffset must be a
 * multiple of 8: the readers own aligned scratch buffers) into out[0 … count).
 */
export function convertLE(bytes: Uint8Array, count: number, kind: FloatKind, out: Float64Array): void {
  const { buffer, byteOffset } = bytes;
  switch (kind) {
    case 'f64':
      out.set(new Float64Array(buffer, byteOffset, count));
      return;
    case 'f32':
      out.set(new Float32Array(buffer, byteOffset, count));
      return;
    case 'bf16': {
      // bf16 is the high half of an f32: shift its 16 bits up and read the word as f32.
      if (widen.length < count) widen = new Uint32Array(count);
      const src = new Uint16Array(buffer, byteOffset, count);
      for (let k = 0; k < count; k++) widen[k] = (src[k] as number) << 16;
      out.set(new Float32Array(widen.buffer, 0, count));
      return;
    }
    case 'f16': {
      const t = halves();
      const src = new Uint16Array(buffer, byteOffset, count);
      for (let k = 0; k < count; k++) out[k] = t[src[k] as number] as number;
      return;
    }
  }
}

/** Reverse the byte order of each item in place (big-endian .npy data on this little-endian host). */
export function swapBytes(bytes: Uint8Array, kind: FloatKind): void {
  const b = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const size = ITEM_SIZE[kind];
  if (size === 8) b.swap64();
  else if (size === 4) b.swap32();
  else b.swap16();
}

/** Index of the first entry that is NaN or ±∞, or −1. */
export function firstNonFinite(data: Float64Array, count: number): number {
  for (let k = 0; k < count; k++) {
    const x = data[k] as number;
    if (x - x !== 0) return k;
  }
  return -1;
}
