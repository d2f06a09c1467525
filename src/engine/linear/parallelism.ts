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
// The decision, for u = first difference and v = second difference:
// - λ = ⟨u, v⟩ / ⟨v, v⟩ (least squares) and the relative residual ‖u − λ v‖ / (1 + ‖u‖), judged against the
//   equality tolerance for the model's measured conditioning a.kappa (analysis.ts, tolerance.ts);
// - degenerate differences: v counts as zero when ‖v‖ / (1 + s) is below the same tolerance, with s the
//   scale of the vectors the differences are taken of (max |G₀|, max |F| or max |L|). Then λ = 0 and
//   the relation holds iff u is zero too, by the same zero test (residual ‖u‖ / (1 + s)): both
//   differences zero is parallel with λ = 0; only the second one zero is not parallel, as no λ gives
//   u = λ · 0. This is the λ-form of the theory, u = λ v, which is
//   stricter than rank [u; v] ≤ 1 exactly when v = 0 ≠ u; both forms make geometric ⇒ distributional
//   and, under f- (g-) diversity, ⇔, since F (G₀) is then injective and maps zero to zero only.
//   A ‖v‖ (or, when v is zero, a ‖u‖) within two decades of the zero threshold makes the verdict
//   inconclusive.
import type { Analysis } from '../analysis.js';
import { tokenOfColumn } from '../predictor.js';
import { type Verdict, verdict } from '../fit.js';
import { type Tolerances, DEFAULT_TOLERANCES, tolFor } from '../tolerance.js';
import { maxAbs } from '../../matrix/reshape.js';
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
}

export interface ParallelismResult {
  geometric: ParallelVerdict;
  distributional: ParallelVerdict;
}

/** Band (in decades either side of the zero threshold) in which the zero decision is ambiguous. */
const ZERO_AMBIGUITY = 100;

const norm = (x: readonly number[]): number => Math.sqrt(x.reduce((s, v) => s + v * v, 0));

/**
 * Is u = λ v for some λ? u, v are plain vectors (differences of rows or columns), `scale` the size of the
 * entries they were formed from, κ the measured conditioning for the tolerance.
 */
export function parallelFit(u: readonly number[], v: readonly number[], scale: number, kappa: number, t: Tolerances, what: string, ambiguous = false): ParallelVerdict {
  const nu = norm(u), nv = norm(v);
  const zeroTol = tolFor(t, kappa);
  const relU = nu / (1 + scale), relV = nv / (1 + scale);
  const near = (x: number) => x >= zeroTol / ZERO_AMBIGUITY && x <= zeroTol * ZERO_AMBIGUITY;
  const vZero = relV < zeroTol, uZero = relU < zeroTol;
  // The zero decision on v always matters; the one on u only when v is zero (it is then the verdict).
  const amb = ambiguous || near(relV) || (vZero && near(relU));
  let lambda = 0, residual: number;
  if (vZero) {
    // u = λ · 0 needs u = 0, judged on the same scale as v: then holds ⇔ degenerate is 'both-zero'.
    residual = relU;
  } else {
    let uv = 0;
    for (let i = 0; i < u.length; i++) uv += (u[i] as number) * (v[i] as number);
    lambda = uv / (nv * nv);
    residual = norm(u.map((x, i) => x - lambda * (v[i] as number))) / (1 + nu);
  }
  const degenerate: Degenerate = vZero ? (uZero ? 'both-zero' : 'second-zero') : uZero ? 'first-zero' : 'none';
  const base = verdict(residual, kappa, t, vZero && !uZero ? `${what}: the second difference is zero and the first is not` : `${what}: not parallel`, amb);
  if (near(relV) || (vZero && near(relU))) {
    const [which, rel] = near(relV) ? ['second', relV] : ['first', relU];
    base.reason = `inconclusive: ‖${which} difference‖ / (1 + scale) = ${rel.toExponential(2)} is within two decades of the zero threshold ${zeroTol.toExponential(2)}`;
  }
  return { ...base, lambda, degenerate, norms: [nu, nv] };
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

/**
 * C10. Geometric: g(y₁) − g(y₂) = λ (g(y₃) − g(y₄)) (differences of unembeddings, so the pivot and any
 * common shift drop out). Distributional: the log-odds columns log p(y₁|x)/p(y₂|x) = λ log p(y₃|x)/p(y₄|x)
 * for every context x, from L with the pivot column zero.
 */
export function unembeddingParallelism(a: Analysis, tokens: Quadruple, t: Tolerances = DEFAULT_TOLERANCES): ParallelismResult {
  checkIndices('unembeddingParallelism', tokens, a.V, 'token');
  const [y1, y2, y3, y4] = tokens;
  const G = a.p.G;
  const geometric = parallelFit(sub(row(G, y1), row(G, y2)), sub(row(G, y3), row(G, y4)), maxAbs(a.G0), a.kappa, t,
    `g(${y1}) − g(${y2}) ∦ g(${y3}) − g(${y4})`);
  const col = (y: number) => logOddsColumn(a, y);
  const distributional = parallelFit(sub(col(y1), col(y2)), sub(col(y3), col(y4)), maxAbs(a.L), a.kappa, t,
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
  const F = a.p.F, L = a.L;
  const geometric = parallelFit(sub(row(F, x1), row(F, x2)), sub(row(F, x3), row(F, x4)), maxAbs(F), a.kappa, t,
    `f(${x1}) − f(${x2}) ∦ f(${x3}) − f(${x4})`);
  const distributional = parallelFit(sub(row(L, x1), row(L, x2)), sub(row(L, x3), row(L, x4)), maxAbs(L), a.kappa, t,
    `ℓ(${x1}) − ℓ(${x2}) is not a fixed multiple of ℓ(${x3}) − ℓ(${x4})`);
  return { geometric, distributional };
}
