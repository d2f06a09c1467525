// The floors an audit compares its numbers with, from rounding-error analysis (theory.md §5). A model file's
// entries carry a relative error up to u (its dtype's unit roundoff); the audit computes in f64 (ε = 2⁻⁵²).
// Each decision has three outcomes: below the floor (equal to zero within precision), above BAND × floor
// (conclusively non-zero), or in between (inconclusive at this precision).
import type { Vec } from './vec.js';

export const EPS = 2 ** -52;
/** A quantity in (floor, BAND · floor] could be rounding or real: the decision is inconclusive. */
export const BAND = 10;

export type Decision = 'zero' | 'nonzero' | 'inconclusive';

export function decide(value: number, floor: number): Decision {
  if (!Number.isFinite(value)) return 'inconclusive';
  if (value <= floor) return 'zero';
  return value > BAND * floor ? 'nonzero' : 'inconclusive';
}

/**
 * σ₂ of the 2 × d matrix [a; b] and its floor. Rounding the stored vectors g(y) moves each entry of
 * a = g(y₁) − g(y₂) by at most u (|g(y₁)| + |g(y₂)|) (plus ε for the subtraction), so the matrix moves by at most
 * E = √(‖u(|g₁| + |g₂|)‖² + ‖u(|g₃| + |g₄|)‖²) in Frobenius norm, and σ₂ by at most E (Weyl).
 */
export function secondSingularValue(a: Vec, b: Vec): number {
  let aa = 0, bb = 0, ab = 0;
  for (let i = 0; i < a.length; i++) {
    aa += (a[i] as number) ** 2;
    bb += (b[i] as number) ** 2;
    ab += (a[i] as number) * (b[i] as number);
  }
  if (aa === 0 || bb === 0) return 0;
  // σ₁σ₂ = ‖a‖ ‖b − (bᵀa/‖a‖²) a‖ computed without the cancellation in aa·bb − ab².
  let perp2 = 0;
  const c = ab / aa;
  for (let i = 0; i < a.length; i++) perp2 += ((b[i] as number) - c * (a[i] as number)) ** 2;
  const prod = Math.sqrt(aa * perp2);
  const sum = aa + bb;
  const s1 = Math.sqrt((sum + Math.sqrt(Math.max(0, sum * sum - 4 * prod * prod))) / 2);
  return prod / s1;
}

export function differenceFloor(u: number, rows: [Vec, Vec, Vec, Vec]): number {
  const [r1, r2, r3, r4] = rows;
  let e = 0;
  for (let i = 0; i < r1.length; i++) {
    e += ((u + EPS) * (Math.abs(r1[i] as number) + Math.abs(r2[i] as number))) ** 2;
    e += ((u + EPS) * (Math.abs(r3[i] as number) + Math.abs(r4[i] as number))) ** 2;
  }
  return Math.sqrt(e);
}

/**
 * Floor of a fraction ‖P_S x‖/‖x‖ for a subspace S computed from the model: x itself is known to relative
 * u, and the basis of S to about (u + d ε) κ (κ = σ₁/σ_k of the factor S comes from: Wedin's bound on
 * subspaces of a perturbed matrix).
 */
export function fractionFloor(u: number, d: number, kappa: number): number {
  return u + (u + d * EPS) * Math.max(1, kappa);
}
