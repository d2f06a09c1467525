// The model files of the compare-real bench, written by row blocks (never a whole G in memory):
//   a          F (n × d), G (V × d), uniform entries, stored in `kind`;
//   same       F Mᵀ, G M⁻¹ for a well-conditioned dense M (cond ≲ 4): equivalent;
//   wider      [F Mᵀ, J], [G M⁻¹, 0] with d̃ − d junk dimensions G̃ ignores: equivalent, d̃ ≠ d;
//   different  F, and G with one entry moved by 0.01: not equivalent.
// Rows are generated from per-block seeds, so any block can be regenerated for the transforms. The
// transforms start from a's stored (rounded) values, so a's file holds its unrounded model exactly.
import { join } from 'node:path';
import { writeSafetensorsBlocks } from '../../src/io/stream/write-safetensors.js';
import type { FloatKind } from '../../src/io/decode.js';
import { loadCore } from '../../src/wasm/loader.js';
import type { Core } from '../../src/wasm/core.js';
import { rng } from '../random.js';

const BLOCK = 2048;
export const PIVOT = 7;

function rounder(kind: FloatKind): (x: number) => number {
  if (kind === 'f32') return Math.fround;
  if (kind === 'bf16') {
    const f = new Float32Array(1), u = new Uint32Array(f.buffer);
    return (x) => { f[0] = x; const w = u[0]!; u[0] = ((w + 0x7fff + ((w >>> 16) & 1)) >>> 16) << 16; return f[0]!; };
  }
  return (x) => x;
}

/** Rows [r0, r1) of a seeded uniform matrix (scale · U(−1, 1)), rounded to the stored type. */
function seeded(seed: number, cols: number, scale: number, round: (x: number) => number) {
  return (r0: number, r1: number, out: Float64Array) => {
    // Blocks of BLOCK rows each have their own generator: rows can be produced in any block order.
    for (let b = Math.floor(r0 / BLOCK); b * BLOCK < r1; b++) {
      const next = rng(seed * 1000003 + b);
      for (let r = b * BLOCK; r < Math.min(r1, (b + 1) * BLOCK); r++) {
        for (let j = 0; j < cols; j++) {
          const v = round(scale * (2 * next() - 1));
          if (r >= r0) out[(r - r0) * cols + j] = v;
        }
      }
    }
  };
}

/** out (rows × d) = X (rows × d) · T (d × d), in the core. */
function times(core: Core, T: Float64Array, d: number, fill: (r0: number, r1: number, out: Float64Array) => void) {
  return (r0: number, r1: number, out: Float64Array) => {
    const m = r1 - r0;
    const mark = core.mark();
    try {
      const X = core.allocBytes(8 * m * d), Tp = core.allocBytes(8 * d * d), Y = core.allocBytes(8 * m * d);
      fill(r0, r1, core.f64.subarray(X >>> 3, (X >>> 3) + m * d));
      core.f64.set(T, Tp >>> 3);
      core.call('gemm', 0, 0, m, d, d, 1, X, d, Tp, d, 0, Y, d);
      out.set(core.f64.subarray(Y >>> 3, (Y >>> 3) + m * d));
    } finally {
      core.reset(mark);
    }
  };
}

function hcat(d1: number, d2: number, left: (r0: number, r1: number, o: Float64Array) => void, right: ((r0: number, r1: number, o: Float64Array) => void) | null) {
  return (r0: number, r1: number, out: Float64Array) => {
    const m = r1 - r0, l = new Float64Array(m * d1), r = new Float64Array(m * d2);
    left(r0, r1, l);
    if (right) right(r0, r1, r);
    for (let i = 0; i < m; i++) {
      out.set(l.subarray(i * d1, (i + 1) * d1), i * (d1 + d2));
      out.set(r.subarray(i * d2, (i + 1) * d2), i * (d1 + d2) + d1);
    }
  };
}

export interface PairFiles { a: string; same: string; wider: string; different: string }

export function writeGpt2Pairs(dir: string, n: number, V: number, d: number, dWide: number, kind: FloatKind = 'f32'): PairFiles {
  const core = loadCore();
  const round = rounder(kind);
  const F = seeded(1, d, 1, round), G = seeded(2, d, 0.25, round);
  const files = { a: join(dir, 'a.safetensors'), same: join(dir, 'same.safetensors'), wider: join(dir, 'wider.safetensors'), different: join(dir, 'different.safetensors') };
  writeSafetensorsBlocks(files.a, n, V, d, kind, PIVOT, F, G, BLOCK);
  // M = I + (0.5/√d)·U(−1,1): ‖M − I‖₂ ≲ 0.58, so cond(M) ≲ 4.
  const next = rng(3);
  const M = new Float64Array(d * d).map(() => (0.5 / Math.sqrt(d)) * (2 * next() - 1));
  for (let i = 0; i < d; i++) M[i * d + i]! += 1;
  const mark = core.mark();
  const Mp = core.allocBytes(8 * d * d), Ip = core.allocBytes(8 * d * d), Mt = core.allocBytes(8 * d * d);
  core.f64.set(M, Mp >>> 3);
  core.call('inverse', d, Mp, Ip);
  core.call('transpose', d, d, Mp, Mt);
  const Minv = core.f64.slice(Ip >>> 3, (Ip >>> 3) + d * d), MT = core.f64.slice(Mt >>> 3, (Mt >>> 3) + d * d);
  core.reset(mark);
  const FM = times(core, MT, d, F), GM = times(core, Minv, d, G);
  writeSafetensorsBlocks(files.same, n, V, d, kind, PIVOT, FM, GM, BLOCK);
  const J = seeded(4, dWide - d, 1, round);
  writeSafetensorsBlocks(files.wider, n, V, dWide, kind, PIVOT, hcat(d, dWide - d, FM, J), hcat(d, dWide - d, GM, null), BLOCK);
  const moved = Math.min(V - 1, 1234);
  const G2 = (r0: number, r1: number, out: Float64Array) => {
    G(r0, r1, out);
    if (moved >= r0 && moved < r1) out[(moved - r0) * d + 5] = round((out[(moved - r0) * d + 5] as number) + 0.01);
  };
  writeSafetensorsBlocks(files.different, n, V, d, kind, PIVOT, F, G2, BLOCK);
  return files;
}

/**
 * A Llama-3-8B-shaped pair in bf16: a, and an exactly equivalent b = (F P D, G P D⁻¹) with P reversing
 * the coordinates and D = diag(2, ½, 2, ½, …): powers of two are exact in bf16, so nothing rounds.
 */
export function writeLlamaPair(dir: string, n: number, V: number, d: number): { a: string; b: string } {
  const round = rounder('bf16');
  const F = seeded(11, d, 1, round), G = seeded(12, d, 0.25, round);
  const files = { a: join(dir, 'llama-a.safetensors'), b: join(dir, 'llama-b.safetensors') };
  writeSafetensorsBlocks(files.a, n, V, d, 'bf16', PIVOT, F, G, 512);
  const permuteScale = (fill: typeof F, up: boolean) => (r0: number, r1: number, out: Float64Array) => {
    const m = r1 - r0, x = new Float64Array(m * d);
    fill(r0, r1, x);
    for (let i = 0; i < m; i++) for (let j = 0; j < d; j++) {
      const s = (j % 2 === 0) === up ? 2 : 0.5;
      out[i * d + j] = x[i * d + (d - 1 - j)]! * s;
    }
  };
  writeSafetensorsBlocks(files.b, n, V, d, 'bf16', PIVOT, permuteScale(F, true), permuteScale(G, false), 512);
  return files;
}
