// The block generator of theory.md §4. A class is a reduced model (α, β) with a pivot; a member of it
// is F = [α Mᵀ | N | 0] Tᵀ and G₀ = [β M⁻¹ | 0 | U] T⁻¹, G = [c; G₀ + 1cᵀ] (pivot row c), with fresh
// M ∈ GL(r), T ∈ GL(d), embedding junk N (n × p), unembedding junk U ((V−1) × q), shift c.
// Every member of a class has the same log-odds α βᵀ, so the same next-token distribution.
import { type DenseMatrix, dense, denseMul, denseHstack, denseTranspose } from '../dense.js';
import { unimodular, conditioned, randomOrthogonal, gapped, type ElementaryOp } from './matrices.js';
import { mulberry32 } from './prng.js';

export type Mode = 'exact' | 'float';

export interface ClassData {
  mode: Mode;
  n: number;
  V: number;
  r: number;
  pivot: number;
  alpha: DenseMatrix;
  beta: DenseMatrix;
}

/** How to draw one member: sizes of its junk, its invertible maps and shift. */
export interface MemberDraw {
  p: number;
  q: number;
  /** Exact mode: elementary operations building M (r × r) and T (d × d). */
  mOps: readonly ElementaryOp[];
  tOps: readonly ElementaryOp[];
  /** Junk and shift entries (integers in exact mode, scaled by 1/4 in float mode), sliced as needed. */
  entries: readonly number[];
  /** Float mode: seed and condition numbers of M and T (T orthogonal when condT = 1). */
  seed: number;
  condM: number;
  condT: number;
  /** Float mode: an extra scale of the junk N and U (1 by default; 1e-10 … 1e8 in the stress profile). */
  junkScale?: number;
}

export interface Instance {
  mode: Mode;
  F: DenseMatrix;
  G: DenseMatrix;
  pivot: number;
  /** How it was made, for reports: dimensions, conditioning, the maps. */
  meta: { n: number; V: number; d: number; r: number; p: number; q: number; condM: number; condT: number };
  M: DenseMatrix;
  Minv: DenseMatrix;
  T: DenseMatrix;
  Tinv: DenseMatrix;
  /**
   * Float mode: the row-normwise precision at which this member equals an exact member of its class
   * (memberPrecision); exact mode leaves it out (every stored number is exact).
   */
  precision?: { F: number; G: number };
}

/** Entries from a cyclic pool (a maximal array that fast-check shrinks toward zero). */
function take(pool: readonly number[], start: number, count: number, scale: number): number[] {
  const out: number[] = [];
  for (let i = 0; i < count; i++) out.push(pool.length === 0 ? 0 : (pool[(start + i) % pool.length] as number) * scale);
  return out;
}

/** A class in exact mode from integer pools, or in float mode from a seed (with a spectral gap). */
export function makeClass(mode: Mode, n: number, V: number, r: number, pivot: number, pool: readonly number[], seed: number): ClassData {
  const rr = Math.min(r, n, V - 1);
  if (mode === 'exact') {
    const alpha = fullRank(dense(n, rr, take(pool, 0, n * rr, 1)));
    const beta = fullRank(dense(V - 1, rr, take(pool, n * rr, (V - 1) * rr, 1)));
    return { mode, n, V, r: rr, pivot, alpha, beta };
  }
  const rng = mulberry32(seed);
  return { mode, n, V, r: rr, pivot, alpha: gapped(n, rr, rng), beta: gapped(V - 1, rr, rng) };
}

/**
 * Exact mode: make the top r × r block unit lower triangular, so the matrix has rank r exactly whatever
 * the pool (which fast-check shrinks toward zero: without this a shrunk class has α = 0 and L ≡ 0, a
 * degenerate counterexample). The rows below keep their pool entries.
 */
export function fullRank(m: DenseMatrix): DenseMatrix {
  const r = m.cols;
  for (let i = 0; i < Math.min(r, m.rows); i++) {
    for (let j = i; j < r; j++) m.data[i * r + j] = i === j ? 1 : 0;
  }
  return m;
}

/** Insert the pivot row c and add c to every other row: G from G₀ (C1 says c changes nothing). */
function withShift(G0: DenseMatrix, c: readonly number[], pivot: number): DenseMatrix {
  const d = G0.cols, G = dense(G0.rows + 1, d);
  let k = 0;
  for (let y = 0; y <= G0.rows; y++) {
    for (let j = 0; j < d; j++) G.data[y * d + j] = (y === pivot ? 0 : (G0.data[k * d + j] as number)) + (c[j] as number);
    if (y !== pivot) k++;
  }
  return G;
}

export function makeMember(cls: ClassData, m: MemberDraw): Instance {
  const { n, V, r } = cls;
  const d = r + m.p + m.q;
  let M, Minv, T, Tinv;
  if (cls.mode === 'exact') {
    ({ M, Minv } = unimodular(r, m.mOps));
    ({ M: T, Minv: Tinv } = unimodular(d, m.tOps));
  } else {
    const rng = mulberry32(m.seed);
    ({ M, Minv } = conditioned(r, m.condM, rng));
    if (m.condT === 1) {
      T = randomOrthogonal(d, rng);
      Tinv = denseTranspose(T);
    } else {
      ({ M: T, Minv: Tinv } = conditioned(d, m.condT, rng));
    }
  }
  const scale = cls.mode === 'exact' ? 1 : 0.25;
  const junk = cls.mode === 'exact' ? 1 : scale * (m.junkScale ?? 1);
  const N = dense(n, m.p, take(m.entries, 0, n * m.p, junk));
  const U = dense(V - 1, m.q, take(m.entries, n * m.p, (V - 1) * m.q, junk));
  const c = take(m.entries, n * m.p + (V - 1) * m.q, d, scale);
  const F = denseMul(denseHstack(denseMul(cls.alpha, denseTranspose(M)), N, dense(n, m.q)), denseTranspose(T));
  const G0 = denseMul(denseHstack(denseMul(cls.beta, Minv), dense(V - 1, m.p), U), Tinv);
  const condM = cls.mode === 'exact' ? NaN : m.condM, condT = cls.mode === 'exact' ? NaN : m.condT;
  const inst: Instance = {
    mode: cls.mode, F, G: withShift(G0, c, cls.pivot), pivot: cls.pivot,
    meta: { n, V, d, r, p: m.p, q: m.q, condM, condT }, M, Minv, T, Tinv,
  };
  if (cls.mode === 'float') {
    const H = denseHstack(denseMul(cls.alpha, denseTranspose(M)), N, dense(n, m.q));
    const K = denseHstack(denseMul(cls.beta, Minv), dense(V - 1, m.p), U);
    const u = memberPrecision(cls.alpha, cls.beta, H, K, F, G0, condOf(M, Minv), condOf(T, Tinv));
    inst.precision = { F: u, G: u };
  }
  return inst;
}

/** The plain member with no junk, M = T = I and c = 0: F = α, G₀ = β. */
export function reducedMember(cls: ClassData): Instance {
  return makeMember(cls, { p: 0, q: 0, mOps: [], tOps: [], entries: [], seed: 0, condM: 1, condT: 1 });
}

const rowNorm = (m: DenseMatrix, i: number): number => {
  let s = 0;
  for (let j = 0; j < m.cols; j++) s += (m.data[i * m.cols + j] as number) ** 2;
  return Math.sqrt(s);
};

/** max over rows of ‖a_i‖ / ‖b_i‖ (rows where b is zero have a zero too, as b = a · invertible). */
function maxRowRatio(a: DenseMatrix, b: DenseMatrix): number {
  let m = 0;
  for (let i = 0; i < a.rows; i++) {
    const nb = rowNorm(b, i);
    if (nb > 0) m = Math.max(m, rowNorm(a, i) / nb);
  }
  return m;
}

/** ‖M‖_F ‖M⁻¹‖_F: a bound on cond₂(M) from the stored pair. */
function condOf(M: DenseMatrix, Minv: DenseMatrix): number {
  const f = (x: DenseMatrix) => Math.sqrt(x.data.reduce((s, v) => s + v * v, 0));
  return Math.max(1, f(M) * f(Minv));
}

/**
 * The precision of a float-mode member, derived from how it was computed. Its log-odds are
 * α Mᵀ M̂⁻¹ᵀ βᵀ through T and T̂⁻¹, where the stored inverses satisfy ‖M̂⁻¹ M − I‖ ≤ γ_{r+2} cond(M) (both
 * factors are products of orthogonal and diagonal matrices formed in floats, matrices.ts conditioned) and
 * likewise for T; so entry (x, y) is within
 *   2 [γ_{r+2} cond(M) ‖α_x‖‖β_y‖ + γ_{d+2} cond(T) ‖h_x‖‖k_y‖]
 * of the exact class's α βᵀ, with h = [α Mᵀ | N | 0], k = [β M⁻¹ | 0 | U] the rows before T. Divided by
 * ‖f_x‖ ‖g₀_y‖ (≤ ‖f_x‖(‖g_y‖ + ‖g_pivot‖), what the engine's floor multiplies) and maximised — the rows
 * separate — it is the u at which the member's stored numbers equal an exact member, row-normwise.
 */
export function memberPrecision(alpha: DenseMatrix, beta: DenseMatrix, H: DenseMatrix, K: DenseMatrix, F: DenseMatrix, G0: DenseMatrix, condM: number, condT: number): number {
  const u = 2 ** -53;
  const g = (k: number) => (k * u) / (1 - k * u);
  const r = alpha.cols, d = F.cols;
  const viaM = g(r + 2) * condM * maxRowRatio(alpha, F) * maxRowRatio(beta, G0);
  const viaT = g(d + 2) * condT * maxRowRatio(H, F) * maxRowRatio(K, G0);
  return Math.max(u, 2 * (viaM + viaT));
}

/**
 * theory.md §4's near-miss negative: one row of F moved inside Γ (the row space of G₀), so the log-odds
 * change in that context alone, by `gap` relative to 1 + max|L|. In exact mode the step is rounded down
 * to a power of two, so the instance stays exact and "not equivalent" holds exactly. Null when G₀ = 0
 * (there is nothing inside Γ to move along).
 */
export function moveRowInsideGamma(inst: Instance, row: number, gap: number): Instance | null {
  const { F, G, pivot } = inst;
  const d = F.cols, n = F.rows;
  if (d === 0 || n === 0) return null;
  const g0 = (y: number, j: number) => (G.data[y * d + j] as number) - (G.data[pivot * d + j] as number);
  let best = -1, bestNorm = 0;
  for (let y = 0; y < G.rows; y++) {
    if (y === pivot) continue;
    let s = 0;
    for (let j = 0; j < d; j++) s += g0(y, j) ** 2;
    if (s > bestNorm) { bestNorm = s; best = y; }
  }
  if (best < 0) return null;
  const delta = Array.from({ length: d }, (_, j) => g0(best, j));
  // The change of the log-odds of context `row`: G₀ δ; and the scale of L, for a relative gap.
  let change = 0, maxL = 0;
  for (let y = 0; y < G.rows; y++) {
    if (y === pivot) continue;
    let c = 0;
    for (let j = 0; j < d; j++) c += g0(y, j) * (delta[j] as number);
    change = Math.max(change, Math.abs(c));
    for (let i = 0; i < n; i++) {
      let l = 0;
      for (let j = 0; j < d; j++) l += (F.data[i * d + j] as number) * g0(y, j);
      maxL = Math.max(maxL, Math.abs(l));
    }
  }
  if (change === 0) return null;
  let step = (gap * (1 + maxL)) / change;
  if (inst.mode === 'exact') step = 2 ** Math.floor(Math.log2(step));
  const i = row % n;
  const F2 = dense(n, d, F.data);
  for (let j = 0; j < d; j++) F2.data[i * d + j] = (F2.data[i * d + j] as number) + step * (delta[j] as number);
  return { ...inst, F: F2 };
}
