// Writing a large model as .safetensors by row blocks (benchmarks, tests): the rows come from callbacks,
// a block at a time, so no f64 copy of G is ever held. Values are rounded to the stored dtype
// (round-to-nearest-even for f32 via Float32Array, for bf16 by hand).
import { openSync, writeSync, closeSync } from 'node:fs';
import type { FloatKind } from '../decode.js';
import { ITEM_SIZE } from './convert.js';

const NAMES: Record<FloatKind, string> = { f64: 'F64', f32: 'F32', f16: 'F16', bf16: 'BF16' };

export type RowFill = (r0: number, r1: number, out: Float64Array) => void;

function encode(values: Float64Array, kind: FloatKind): Uint8Array {
  switch (kind) {
    case 'f64':
      return new Uint8Array(values.buffer, values.byteOffset, values.byteLength);
    case 'f32':
      return new Uint8Array(Float32Array.from(values).buffer);
    case 'bf16': {
      const f = Float32Array.from(values);
      const u = new Uint32Array(f.buffer);
      const out = new Uint16Array(values.length);
      for (let i = 0; i < u.length; i++) {
        const w = u[i] as number;
        out[i] = (w + 0x7fff + ((w >>> 16) & 1)) >>> 16; // round to nearest, ties to even (finite inputs)
      }
      return new Uint8Array(out.buffer);
    }
    case 'f16':
      throw new Error('writing f16 is not supported');
  }
}

/** Write F (n × d) and G (V × d) of one dtype; rows are produced by fillF/fillG in blocks of `block` rows. */
export function writeSafetensorsBlocks(
  path: string, n: number, V: number, d: number, kind: FloatKind, pivot: number, fillF: RowFill, fillG: RowFill, block = 1024,
): void {
  const size = ITEM_SIZE[kind];
  const fBytes = n * d * size, gBytes = V * d * size;
  const header = {
    F: { dtype: NAMES[kind], shape: [n, d], data_offsets: [0, fBytes] },
    G: { dtype: NAMES[kind], shape: [V, d], data_offsets: [fBytes, fBytes + gBytes] },
    __metadata__: { pivot: String(pivot) },
  };
  let json = JSON.stringify(header);
  json += ' '.repeat((8 - (json.length % 8)) % 8);
  const fd = openSync(path, 'w');
  try {
    const len = Buffer.alloc(8);
    len.writeBigUInt64LE(BigInt(json.length));
    writeSync(fd, len);
    writeSync(fd, Buffer.from(json, 'utf8'));
    for (const [rows, fill] of [[n, fillF], [V, fillG]] as const) {
      const buf = new Float64Array(block * d);
      for (let r0 = 0; r0 < rows; r0 += block) {
        const r1 = Math.min(rows, r0 + block);
        const view = buf.subarray(0, (r1 - r0) * d);
        fill(r0, r1, view);
        writeSync(fd, encode(view, kind));
      }
    }
  } finally {
    closeSync(fd);
  }
}
