// The audit's dense d × d and |S| × d arithmetic on the Wasm core, for real sizes. Below CORE_MIN_WORK
// multiply-adds the plain JavaScript loops are as fast (copies into Wasm memory cost more than they save)
// and keep small models' numbers bit-for-bit what they were, so every caller keeps its JS path there; above
// it a GPT-2-sized audit (d = 768) spends its time in these products: plain JS runs them at ≈ 0.8 GFLOP/s,
// the SIMD core at ≈ 20 (shared/conventions.md). The same products, summed in another order: each entry
// differs by at most γ_k Σ|a_it||b_jt| (k the inner dimension) from the JS loop's, the bound both orders share.
import type { DenseMatrix } from '../../dense.js';
import { fromArray } from '../../matrix/create.js';
import { mul } from '../../matrix/convenience.js';
import { slice } from '../../matrix/reshape.js';
import { qr, qrR } from '../../matrix/decompose.js';
import type { Core } from '../../wasm/core.js';
import { loadCore } from '../../wasm/loader.js';

/** Work (multiply-adds) from which a product is handed to the core. */
export const CORE_MIN_WORK = 2 ** 22;

let shared: Core | null = null;

/** One core per thread, loaded on first use; every call below frees what it allocated (core.scope). */
function core(): Core {
  if (shared === null) shared = loadCore();
  return shared;
}

function toCore(c: Core, a: DenseMatrix) {
  return fromArray(c, a.rows, a.cols, a.data);
}

function out(m: { rows: number; cols: number; toFloat64Array(): Float64Array }): DenseMatrix {
  return { rows: m.rows, cols: m.cols, data: m.toFloat64Array() };
}

/** A Bᵀ on the core (A m × k, B n × k, row-major). */
export function coreMulABt(a: DenseMatrix, b: DenseMatrix): DenseMatrix {
  if (a.cols !== b.cols) throw new Error(`coreMulABt: ${a.rows}×${a.cols} by (${b.rows}×${b.cols})ᵀ`);
  const c = core();
  return c.scope(() => out(mul(toCore(c, a), toCore(c, b), { transB: true })));
}

/** Whether a product of these shapes goes to the core. */
export function worthCore(m: number, n: number, k: number): boolean {
  return m * n * k >= CORE_MIN_WORK;
}

/**
 * The Q factor of a square matrix, G = Q R with R's diagonal positive (the core's Householder QR). With
 * a positive diagonal the factorisation is unique, so Q is the matrix Gram–Schmidt on G's columns produces
 * (the same random orthogonal matrix from the same draws), to rounding: ‖Q̂ − Q‖ ≲ c d ε κ(G).
 */
export function orthogonalFactor(G: DenseMatrix): DenseMatrix {
  if (G.rows !== G.cols) throw new Error(`orthogonalFactor: ${G.rows}×${G.cols} is not square`);
  const c = core();
  return c.scope(() => out(qr(toCore(c, G)).Q));
}

export interface ProjectedFit {
  /** |r_jj| of X = Q R: the norm of column j's part orthogonal to the columns before it. */
  rdiag: Float64Array;
  /** RᵀR for R = (I − P) Y, P the orthogonal projector on X's columns (p × p). */
  residualGram: DenseMatrix;
}

/**
 * The least-squares residual of Y (m × p) on the columns of X (m × k, k < m, row-major) as its Gram
 * matrix, the textbook way (Golub & Van Loan §5.3): one Householder QR of [X Y] = Q [R₁₁ R₁₂; 0 R₂₂],
 * so (I − P) Y = Q₂ R₂₂ and RᵀR = R₂₂ᵀ R₂₂ (R₂₂: rows k … min(m, k + p) of Y's columns). Householder QR is
 * backward stable: the computed R is exact for [X + ΔX, Y + ΔY] with ‖ΔX_j‖ ≤ γ_{cm(k+p)} ‖X_j‖ per column
 * and likewise for Y (Higham, Thm 19.4 and §20.2), the same first-order form as the modified Gram–Schmidt
 * with re-orthogonalisation of lsq.ts, so relational.ts's fit floor (input error u, the algorithm's d ε,
 * times the conditioning) holds for both. It also gives X's own R₁₁, whose |r_jj| decide the rank.
 */
export function projectedFit(X: DenseMatrix, Y: DenseMatrix): ProjectedFit {
  if (X.rows !== Y.rows || X.cols >= X.rows) throw new Error(`projectedFit: X ${X.rows}×${X.cols}, Y ${Y.rows}×${Y.cols}`);
  const m = X.rows, k = X.cols, p = Y.cols, w = k + p;
  const joint = new Float64Array(m * w);
  for (let i = 0; i < m; i++) {
    joint.set(X.data.subarray(i * k, (i + 1) * k), i * w);
    joint.set(Y.data.subarray(i * p, (i + 1) * p), i * w + k);
  }
  const c = core();
  return c.scope(() => {
    const R = qrR(fromArray(c, m, w, joint)); // min(m, w) × w; Q is never read
    const r = R.data;
    const rdiag = Float64Array.from({ length: k }, (_, j) => Math.abs(r[j * w + j] as number));
    const R22 = slice(R, k, R.rows, k, w);
    return { rdiag, residualGram: out(mul(R22, R22, { transA: true })) };
  });
}

/** Gram matrix YᵀY (p × p) of Y (m × p) on the core. */
export function coreGram(Y: DenseMatrix): DenseMatrix {
  const c = core();
  return c.scope(() => {
    const y = toCore(c, Y);
    return out(mul(y, y, { transA: true }));
  });
}
