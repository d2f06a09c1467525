// Parallelism of vector differences (theory.md §3, C10 and C11), in two forms:
//
// - geometric: a difference of parameter vectors is a multiple of another one,
//     C10: g(y₁) − g(y₂) = λ (g(y₃) − g(y₄)),   C11: f(x₁) − f(x₂) = λ (f(x₃) − f(x₄));
// - distributional: the same relation between the corresponding log-odds, a property of P alone,
//     C10: log p(y₁|x)/p(y₂|x) = λ log p(y₃|x)/p(y₄|x) for every context x (columns of L),
//     C11: ℓ(x₁) − ℓ(x₂) = λ (ℓ(x₃) − ℓ(x₄)) with ℓ(x) = G₀ f(x) (rows of L).
// The log-odds come from L = F G₀ᵀ with the pivot token's column taken as zero, never from probabilities
// (theory.md §5).
//
// The decision, for u = first difference and v = second difference, each with an error bound e_u, e_v
// (the rounding of the stored vectors they are differences of, or of the log-odds entries, tolerance.ts):
// - v counts as zero when ‖v‖ ≤ e_v (it cannot be told from rounding); a v between e_v and RANK_GAP·e_v is
//   certainly non-zero but its zero decision is not clear-cut, which makes the verdict inconclusive — the
//   same rule as a rank decision on a one-column matrix (rank.ts);
// - otherwise λ = ⟨u, v⟩ / ⟨v, v⟩ (least squares) and the relative residual ‖u − λ v‖ / (1 + ‖u‖), against
//   the floor 2 (e_u + |λ| e_v + γ (‖u‖ + |λ| ‖v‖)) / (1 + ‖u‖): the exact pair has residual 0 at the exact λ,
//   and the data errors move it by at most e_u + |λ| e_v (a one-column least-squares problem has κ = 1);
// - degenerate differences: v zero gives λ = 0 and the relation holds iff u is zero too (‖u‖ ≤ e_u): both
//   differences zero is parallel with λ = 0; only the second one zero is not parallel, as no λ gives
//   u = λ · 0. This is the λ-form of the theory, u = λ v, which is stricter than rank [u; v] ≤ 1 exactly
//   when v = 0 ≠ u; both forms make geometric ⇒ distributional and, under f- (g-) diversity, ⇔.
import type { Analysis } from '../analysis.js';
import { tokenOfColumn } from '../predictor.js';
import { type Verdict, judge } from '../fit.js';
import { type Tolerances, DEFAULT_TOLERANCES, RANK_GAP, U, gamma, logOddsEntryCoefficient } from '../tolerance.js';
import type { Matrix } from '../../matrix/matrix.js';
import { CoreError } from '../../wasm/status.js';

export type Quadruple = readonly [number, number, number, number];

export type Degenerate =
  /** Both differences are non-zero. */
  | 'none'
  /** Both differences are zero: parallel with λ = 0. */
  | 'both-zero'
  /** The second difference is zero and the first is not: not parallel. */
  | 'second-zero'
  /** The first difference is zero and the second is not: parallel with λ = 0. */
  | 'first-zero';

export interface ParallelVerdict extends Verdict {
  /** The least-squares λ of u ≈ λ v (0 when v counts as zero). */
  lambda: number;
  degenerate: Degenerate;
  /** ‖u‖ and ‖v‖ of the two differences. */
  norms: [number, number];
  /** The error bounds e_u, e_v the decision used. */
  errors: [number, number];
}

export interface ParallelismResult {
  geometric: ParallelVerdict;
  distributional: ParallelVerdict;
}

const norm = (x: readonly number[]): number => Math.sqrt(x.reduce((s, v) => s + v * v, 0));

/** Is u = λ v for some λ? u, v are plain vectors (differences of rows or columns) with error bounds eu, ev. */
export function parallelFit(u: readonly number[], v: readonly number[], eu: number, ev: number, t: Tolerances, what: string, ambiguous: string | false = false): ParallelVerdict {
  const nu = norm(u), nv = norm(v);
  const su = t.floorScale * eu, sv = t.floorScale * ev;
  const vZero = nv <= sv, uZero = nu <= su;
  const unclear = (x: number, e: number) => x > e && x < RANK_GAP * e;
  let lambda = 0, residual: number, floor: number;
  if (vZero) {
    residual = nu / (1 + nu);
    floor = su / (1 + nu);
  } else {
    let uv = 0;
    for (let i = 0; i < u.length; i++) uv += (u[i] as number) * (v[i] as number);
    lambda = uv / (nv * nv);
    residual = norm(u.map((x, i) => x - lambda * (v[i] as number))) / (1 + nu);
    const k = u.length;
    floor = (2 * (su + Math.abs(lambda) * sv + gamma(k + 2) * (nu + Math.abs(lambda) * nv))) / (1 + nu);
  }
  const degenerate: Degenerate = vZero ? (uZero ? 'both-zero' : 'second-zero') : uZero ? 'first-zero' : 'none';
  const zeroAmb = unclear(nv, sv) ? `‖second difference‖ = ${nv.toExponential(2)} is within ${RANK_GAP}× of its rounding floor ${sv.toExponential(2)}`
    : vZero && unclear(nu, su) ? `‖first difference‖ = ${nu.toExponential(2)} is within ${RANK_GAP}× of its rounding floor ${su.toExponential(2)}` : false;
  const base = judge(residual, floor, Math.abs(lambda), vZero && !uZero ? `${what}: the second difference is zero and the first is not` : `${what}: not parallel`, ambiguous || zeroAmb);
  return { ...base, lambda, degenerate, norms: [nu, nv], errors: [eu, ev] };
}

function row(m: Matrix, i: number): number[] {
  return Array.from(m.data.subarray(i * m.cols, (i + 1) * m.cols));
}

function sub(a: readonly number[], b: readonly number[]): number[] {
  return a.map((x, i) => x - (b[i] as number));
}

function checkIndices(what: string, idx: Quadruple, size: number, name: string): void {
  if (idx.length !== 4) throw new CoreError('input', what, `need four ${name} indices, got ${idx.length}`);
  for (const i of idx) {
    if (!Number.isInteger(i) || i < 0 || i >= size) throw new CoreError('input', what, `${name} ${i} is not in [0, ${size})`);
  }
}

/** Column of the log-odds for token y over all contexts, with the pivot's column zero: log p(y|x)/p(y₀|x). */
function logOddsColumn(a: Analysis, y: number): number[] {
  const { L } = a;
  if (y === a.p.pivot) return new Array<number>(a.n).fill(0);
  const c = y < a.p.pivot ? y : y - 1;
  if (tokenOfColumn(c, a.p.pivot) !== y) throw new Error('logOddsColumn: column bookkeeping is off');
  const d = L.data;
  return Array.from({ length: a.n }, (_, x) => d[x * L.cols + c] as number);
}

/** Error bound of a difference of two stored rows: the storage of both and the subtraction. */
function rowDiffError(norms: Float64Array, i: number, j: number, uIn: number, factor: number): number {
  return (uIn + U) * ((norms[i] as number) + (norms[j] as number)) + 2 * factor;
}

/** ‖(c ‖f_x‖ (‖g_y‖ + ‖g_y₀‖))_x‖ for a log-odds column y (0 for the pivot's, which is exactly zero). */
function logOddsColumnError(a: Analysis, y: number): number {
  if (y === a.p.pivot) return 0;
  const c = logOddsEntryCoefficient(a.d, a.precision.F, a.precision.G);
  let s = 0;
  for (let x = 0; x < a.n; x++) s += (a.fNorms[x] as number) ** 2;
  return c * Math.sqrt(s) * ((a.gNorms[y] as number) + (a.gNorms[a.p.pivot] as number)) + a.absError * Math.sqrt(a.n);
}

/** ‖(c ‖f_x‖ (‖g_y‖ + ‖g_y₀‖))_y‖ for a log-odds row x. */
function logOddsRowError(a: Analysis, x: number): number {
  const c = logOddsEntryCoefficient(a.d, a.precision.F, a.precision.G);
  const gp = a.gNorms[a.p.pivot] as number;
  let s = 0;
  for (let y = 0; y < a.V; y++) if (y !== a.p.pivot) s += ((a.gNorms[y] as number) + gp) ** 2;
  return c * (a.fNorms[x] as number) * Math.sqrt(s) + a.absError * Math.sqrt(a.V - 1);
}

/**
 * C10. Geometric: g(y₁) − g(y₂) = λ (g(y₃) − g(y₄)) (differences of unembeddings, so the pivot and any
 * common shift drop out). Distributional: the log-odds columns log p(y₁|x)/p(y₂|x) = λ log p(y₃|x)/p(y₄|x)
 * for every context x, from L with the pivot column zero.
 */
export function unembeddingParallelism(a: Analysis, tokens: Quadruple, t: Tolerances = DEFAULT_TOLERANCES): ParallelismResult {
  checkIndices('unembeddingParallelism', tokens, a.V, 'token');
  const [y1, y2, y3, y4] = tokens;
  const G = a.p.G, uG = a.precision.G;
  const geometric = parallelFit(sub(row(G, y1), row(G, y2)), sub(row(G, y3), row(G, y4)),
    rowDiffError(a.gNorms, y1, y2, uG, a.factorError.G), rowDiffError(a.gNorms, y3, y4, uG, a.factorError.G), t,
    `g(${y1}) − g(${y2}) ∦ g(${y3}) − g(${y4})`);
  const col = (y: number) => logOddsColumn(a, y);
  const ec = (y: number) => logOddsColumnError(a, y);
  const distributional = parallelFit(sub(col(y1), col(y2)), sub(col(y3), col(y4)), ec(y1) + ec(y2), ec(y3) + ec(y4), t,
    `log p(${y1}|x)/p(${y2}|x) is not a fixed multiple of log p(${y3}|x)/p(${y4}|x)`);
  return { geometric, distributional };
}

/**
 * C11. Geometric: f(x₁) − f(x₂) = λ (f(x₃) − f(x₄)). Distributional: ℓ(x₁) − ℓ(x₂) = λ (ℓ(x₃) − ℓ(x₄))
 * with ℓ(x) = G₀ f(x), the rows of L (the pivot's log-odds are zero in every row and left out).
 */
export function embeddingParallelism(a: Analysis, contexts: Quadruple, t: Tolerances = DEFAULT_TOLERANCES): ParallelismResult {
  checkIndices('embeddingParallelism', contexts, a.n, 'context');
  const [x1, x2, x3, x4] = contexts;
  const F = a.p.F, L = a.L, uF = a.precision.F;
  const geometric = parallelFit(sub(row(F, x1), row(F, x2)), sub(row(F, x3), row(F, x4)),
    rowDiffError(a.fNorms, x1, x2, uF, a.factorError.F), rowDiffError(a.fNorms, x3, x4, uF, a.factorError.F), t,
    `f(${x1}) − f(${x2}) ∦ f(${x3}) − f(${x4})`);
  const er = (x: number) => logOddsRowError(a, x);
  const distributional = parallelFit(sub(row(L, x1), row(L, x2)), sub(row(L, x3), row(L, x4)), er(x1) + er(x2), er(x3) + er(x4), t,
    `ℓ(${x1}) − ℓ(${x2}) is not a fixed multiple of ℓ(${x3}) − ℓ(${x4})`);
  return { geometric, distributional };
}
