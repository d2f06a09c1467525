// Small model pairs written to a temporary directory for the blocked-engine tests: an equivalent pair
// (F̃ = F Mᵀ, G̃ = G M⁻¹), a pair of different d (extra dimensions F̃ carries and G̃ ignores) and a
// non-equivalent pair (one entry of G̃ moved).
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeSafetensorsBlocks } from '../../src/io/stream/write-safetensors.js';
import type { FloatKind } from '../../src/io/decode.js';

export function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s ^ (s >>> 15), 0x2c1b3c6d) + 0x9e3779b9) >>> 0;
    s ^= s >>> 12;
    return ((s >>> 0) / 2 ** 32) * 2 - 1;
  };
}

export interface Dense { rows: number; cols: number; data: Float64Array }

export function randomMatrix(rows: number, cols: number, next: () => number): Dense {
  const data = new Float64Array(rows * cols);
  for (let i = 0; i < data.length; i++) data[i] = next();
  return { rows, cols, data };
}

/** A well-conditioned invertible M: identity plus a small random part. */
export function invertible(d: number, next: () => number): { M: Dense; Minv: Dense } {
  const M = randomMatrix(d, d, () => 0.2 * next());
  for (let i = 0; i < d; i++) M.data[i * d + i] = (M.data[i * d + i] as number) + 1;
  // Gauss–Jordan on a copy: small sizes only.
  const a = Float64Array.from(M.data), inv = new Float64Array(d * d);
  for (let i = 0; i < d; i++) inv[i * d + i] = 1;
  for (let c = 0; c < d; c++) {
    let p = c;
    for (let r = c + 1; r < d; r++) if (Math.abs(a[r * d + c]!) > Math.abs(a[p * d + c]!)) p = r;
    for (let j = 0; j < d; j++) {
      [a[c * d + j], a[p * d + j]] = [a[p * d + j]!, a[c * d + j]!];
      [inv[c * d + j], inv[p * d + j]] = [inv[p * d + j]!, inv[c * d + j]!];
    }
    const piv = a[c * d + c]!;
    for (let j = 0; j < d; j++) { a[c * d + j]! /= piv; inv[c * d + j]! /= piv; }
    for (let r = 0; r < d; r++) {
      if (r === c) continue;
      const f = a[r * d + c]!;
      for (let j = 0; j < d; j++) { a[r * d + j]! -= f * a[c * d + j]!; inv[r * d + j]! -= f * inv[c * d + j]!; }
    }
  }
  return { M, Minv: { rows: d, cols: d, data: inv } };
}

/** X Yᵀ-style product helper: out = X · Y (X r × k, Y k × c). */
export function matmul(X: Dense, Y: Dense): Dense {
  const out = new Float64Array(X.rows * Y.cols);
  for (let i = 0; i < X.rows; i++) for (let k = 0; k < X.cols; k++) {
    const x = X.data[i * X.cols + k]!;
    for (let j = 0; j < Y.cols; j++) out[i * Y.cols + j]! += x * Y.data[k * Y.cols + j]!;
  }
  return { rows: X.rows, cols: Y.cols, data: out };
}

export function transpose(X: Dense): Dense {
  const out = new Float64Array(X.rows * X.cols);
  for (let i = 0; i < X.rows; i++) for (let j = 0; j < X.cols; j++) out[j * X.rows + i] = X.data[i * X.cols + j]!;
  return { rows: X.cols, cols: X.rows, data: out };
}

export function hcat(X: Dense, Y: Dense): Dense {
  const out = new Float64Array(X.rows * (X.cols + Y.cols));
  for (let i = 0; i < X.rows; i++) {
    out.set(X.data.subarray(i * X.cols, (i + 1) * X.cols), i * (X.cols + Y.cols));
    out.set(Y.data.subarray(i * Y.cols, (i + 1) * Y.cols), i * (X.cols + Y.cols) + X.cols);
  }
  return { rows: X.rows, cols: X.cols + Y.cols, data: out };
}

export function writeModel(path: string, F: Dense, G: Dense, pivot: number, kind: FloatKind = 'f64'): string {
  const fill = (m: Dense) => (r0: number, r1: number, out: Float64Array) => out.set(m.data.subarray(r0 * m.cols, r1 * m.cols));
  writeSafetensorsBlocks(path, F.rows, G.rows, F.cols, kind, pivot, fill(F), fill(G), 7);
  return path;
}

export interface Pairs { dir: string; a: string; same: string; wider: string; different: string; /** Model a's factors. */ dense: { F: Dense; G: Dense } }

export function writePairs(n: number, V: number, d: number, extra: number, pivot: number, seed: number, kind: FloatKind = 'f64'): Pairs {
  const dir = mkdtempSync(join(tmpdir(), 'aon-blocked-'));
  const next = rng(seed);
  const F = randomMatrix(n, d, next), G = randomMatrix(V, d, next);
  const { M, Minv } = invertible(d, next);
  const a = writeModel(join(dir, 'a.safetensors'), F, G, pivot, kind);
  const same = writeModel(join(dir, 'same.safetensors'), matmul(F, transpose(M)), matmul(G, Minv), pivot, kind);
  const junkF = randomMatrix(n, extra, next), zeroG = { rows: V, cols: extra, data: new Float64Array(V * extra) };
  const wider = writeModel(join(dir, 'wider.safetensors'), hcat(matmul(F, transpose(M)), junkF), hcat(matmul(G, Minv), zeroG), pivot, kind);
  const G2 = { ...G, data: Float64Array.from(G.data) };
  G2.data[(V - 2) * d + 1]! += 0.5;
  const different = writeModel(join(dir, 'different.safetensors'), F, G2, pivot, kind);
  return { dir, a, same, wider, different, dense: { F, G } };
}
