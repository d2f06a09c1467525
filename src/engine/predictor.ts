// A next-token predictor (F, G, pivot): p(y | x) = softmax_y f(x)ᵀ g(y). Its log-odds are computed as
// F G₀ᵀ, never from probabilities, which underflow at logit scale ~300 (theory.md §5).
import type { Matrix } from '../matrix/matrix.js';
import { mul, logSoftmax } from '../matrix/convenience.js';
import { rowDifferences, firstNonFinite, maxAbs, maxRowNorm } from '../matrix/reshape.js';
import { CoreError } from '../wasm/status.js';

export interface Predictor {
  /** n × d context embeddings, one row f(x) per context. */
  F: Matrix;
  /** V × d token unembeddings, one row g(y) per token. */
  G: Matrix;
  /** The pivot token y₀ the log-odds are taken against. */
  pivot: number;
  /**
   * Unit roundoff of the stored numbers, row-normwise, when it is coarser than f64: the dtype of a model
   * file (f32, f16, bf16), or what a generator guarantees for a member it computed in floats.
   */
  precision?: { F: number; G: number };
  /**
   * An absolute bound on how far every computed log-odds entry of this model may be from the exact
   * model's beyond what `precision` accounts for: set for models derived by an SVD (the minimal model),
   * whose error is a spectral-norm bound rather than a row-relative one.
   */
  absError?: number;
  /**
   * Spectral-norm bounds on how far the stored F and G are from the exact model's beyond `precision`:
   * set for models derived by an SVD, whose rows are off by a rotation of the singular subspaces, an
   * error that is absolute rather than proportional to each row.
   */
  factorError?: { F: number; G: number };
}

/**
 * A validated predictor: F and G share the dimension d, there are at least two tokens, the pivot is a
 * token, and every entry is finite. `what` names the source in messages (a file, say).
 */
export function predictor(F: Matrix, G: Matrix, pivot = 0, what = 'model', precision?: { F: number; G: number }, absError?: number, factorError?: { F: number; G: number }): Predictor {
  if (F.cols !== G.cols) {
    throw new CoreError('shape', 'predictor', `${what}: F is ${F.rows}×${F.cols} and G is ${G.rows}×${G.cols}: they must have the same number of columns d`);
  }
  if (F.rows < 1) throw new CoreError('shape', 'predictor', `${what}: F needs at least one context (row)`);
  if (G.rows < 2) throw new CoreError('shape', 'predictor', `${what}: G needs at least two tokens (rows), got ${G.rows}`);
  if (!Number.isInteger(pivot) || pivot < 0 || pivot >= G.rows) {
    throw new CoreError('input', 'predictor', `${what}: pivot ${pivot} is not a token index in [0, ${G.rows})`);
  }
  for (const [name, m] of [['F', F], ['G', G]] as const) {
    const bad = firstNonFinite(m);
    if (bad) throw new CoreError('nonfinite', 'predictor', `${what}: ${name}[${bad.row}][${bad.col}] is ${bad.value}: entries must be finite`);
  }
  const p: Predictor = { F, G, pivot };
  if (precision) p.precision = precision;
  if (absError !== undefined && absError > 0) p.absError = absError;
  if (factorError && (factorError.F > 0 || factorError.G > 0)) p.factorError = factorError;
  return p;
}

export function dims(p: Predictor): { n: number; V: number; d: number } {
  return { n: p.F.rows, V: p.G.rows, d: p.F.cols };
}

/** G₀: rows g(y) − g(y₀) for y ≠ y₀, in token order. */
export function unembeddingDifferences(p: Predictor): Matrix {
  return rowDifferences(p.G, p.pivot);
}

/** Z = F Gᵀ (n × V). */
export function logits(p: Predictor): Matrix {
  return mul(p.F, p.G, { transB: true });
}

/** log p(y | x), row-wise log-softmax of the logits. */
export function logProbabilities(p: Predictor): Matrix {
  return logSoftmax(logits(p));
}

/** L = F G₀ᵀ (n × (V − 1)): L[x, y] = log p(y | x) − log p(y₀ | x). */
export function logOdds(p: Predictor, G0: Matrix = unembeddingDifferences(p)): Matrix {
  return mul(p.F, G0, { transB: true });
}

/** Column c of the log-odds is this token (the pivot is left out). */
export function tokenOfColumn(c: number, pivot: number): number {
  return c < pivot ? c : c + 1;
}

/**
 * How much the computed product A Bᵀ can be off relative to its size: max_ij Σ_k |A_ik||B_jk| /
 * (1 + max|A Bᵀ|), bounded above (Cauchy–Schwarz) by max_i ‖a_i‖ · max_j ‖b_j‖ / (1 + max|A Bᵀ|), which
 * costs O((rows) · k) instead of a second product. The rounding error of A Bᵀ is at most γ_k times this
 * (relative): the measured conditioning of a logit or log-odds computation. Pass the product when it is
 * already at hand.
 */
export function amplification(A: Matrix, B: Matrix, product: Matrix = mul(A, B, { transB: true })): number {
  return (maxRowNorm(A) * maxRowNorm(B)) / (1 + maxAbs(product));
}
