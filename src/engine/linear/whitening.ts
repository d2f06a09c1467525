// Whitening / the causal inner product (theory.md §3, C16; formalised after Park, Choe and Veitch 2024).
//
// Centred unembeddings g(y) − ḡ (ḡ the mean over all V tokens, pivot included: the shift c and the pivot
// drop out), their covariance Cov(g) = (1/V) Σ_y (g(y) − ḡ)(g(y) − ḡ)ᵀ (d × d), and the whitened
// unembeddings h(y) = Cov(g)^−½ (g(y) − ḡ), with Cov^−½ from the symmetric eigendecomposition. Their
// Gram matrix H Hᵀ (V × V) is what equivalent models share under diversity: H and H̃ then differ by an
// orthogonal map. (Algebraically H Hᵀ = V · the projector onto the column space of the centred G, which
// is why it is a class invariant exactly when that space is fixed by P, i.e. under f-diversity.)
//
// Eligibility: Cov(g) must be invertible, i.e. the centred unembeddings span ℝᵈ. Their span is Γ (the
// span of g(y) − g(y₀)), so this is g-diversity, rank G₀ = d; a model that is not g-diverse has no
// whitening and is not eligible. A d = 0 model (the minimal model of a class with r = 0) is eligible
// with the zero Gram matrix.
//
// Numerics: forming Cov squares the conditioning of the centred G, so the Gram matrix is accurate to
// about ε · cond(Cov); the comparison's tolerance is scaled with the larger of cond(Cov) and the models'
// own measured conditioning a.kappa (tolerance.ts), and past κ_max the comparison is inconclusive.
import type { Matrix } from '../../matrix/matrix.js';
import { fromArray, zeros } from '../../matrix/create.js';
import { mul } from '../../matrix/convenience.js';
import { eigSym } from '../../matrix/decompose.js';
import { scaleColumns } from '../../matrix/reshape.js';
import { relMaxDiff } from '../../matrix/blas.js';
import { CoreError } from '../../wasm/status.js';
import type { Analysis } from '../analysis.js';
import { type Verdict, verdict } from '../fit.js';
import { type Tolerances, DEFAULT_TOLERANCES } from '../tolerance.js';

export interface WhitenedGram {
  /** Cov(g) is invertible (the model is g-diverse). */
  eligible: boolean;
  /** Why not, when not eligible. */
  reason: string | null;
  /** The V × V Gram matrix of the whitened centred unembeddings (null when not eligible). */
  gram: Matrix | null;
  /** λ_max / λ_min of Cov(g) (∞ when singular, 1 for d = 0). */
  covCond: number;
  /** The eligibility decision rests on an ambiguous rank decision (rank G₀ within the band). */
  ambiguous: boolean;
}

/** The centred unembeddings G − 1 ḡᵀ (V × d). */
export function centredUnembeddings(a: Analysis): Matrix {
  const G = a.p.G, V = G.rows, d = G.cols, g = G.toFloat64Array();
  const mean = new Float64Array(d);
  for (let y = 0; y < V; y++) for (let j = 0; j < d; j++) mean[j] = (mean[j] as number) + (g[y * d + j] as number) / V;
  for (let y = 0; y < V; y++) for (let j = 0; j < d; j++) g[y * d + j] = (g[y * d + j] as number) - (mean[j] as number);
  return fromArray(G.core, V, d, g);
}

/** Gram matrix of Cov(g)^−½ (g − ḡ) over all tokens, or why the model is not eligible. */
export function whitenedGram(a: Analysis): WhitenedGram {
  const G = a.p.G, V = G.rows, d = G.cols;
  const ambiguous = a.rankG0.ambiguous;
  if (d === 0) return { eligible: true, reason: null, gram: zeros(G.core, V, V), covCond: 1, ambiguous };
  if (!a.gDiverse) {
    return {
      eligible: false, gram: null, covCond: Infinity, ambiguous,
      reason: `not eligible: Cov(g) is singular (rank G₀ = ${a.rankG0.rank} < d = ${d}: the model is not g-diverse)`,
    };
  }
  const Gc = centredUnembeddings(a);
  const cov = mul(Gc, Gc, { transA: true, alpha: 1 / V });
  const { W, V: E } = eigSym(cov);
  const w = Array.from(W.data);
  const lmin = w[0] as number, lmax = w[w.length - 1] as number;
  if (!(lmin > 0)) {
    // rank G₀ = d but the computed Cov has a non-positive eigenvalue: the rank decision was too close.
    return { eligible: false, gram: null, covCond: Infinity, ambiguous: true, reason: `not eligible: Cov(g) has eigenvalue ${lmin.toExponential(2)} ≤ 0` };
  }
  // Cov^−½ = E diag(λ^−½) Eᵀ; H = Gc Cov^−½; Gram = H Hᵀ.
  const invRoot = mul(scaleColumns(E, w.map((l) => 1 / Math.sqrt(l))), E, { transB: true });
  const H = mul(Gc, invRoot);
  return { eligible: true, reason: null, gram: mul(H, H, { transB: true }), covCond: lmax / lmin, ambiguous };
}

export interface WhiteningVerdict extends Verdict {
  /** Whether each model has a whitening (Cov(g) invertible). */
  eligible: [boolean, boolean];
}

/**
 * Do two models on the same tokens have the same whitened Gram matrix (so whitened unembeddings that
 * differ by an orthogonal map)? Relative gap max|K − K̃| / (1 + max|K|), tolerance scaled with the larger
 * cond(Cov) and a.kappa. A model that is not eligible makes the verdict inconclusive (holds = false), with the reason.
 */
export function whiteningAgreement(a: Analysis, b: Analysis, t: Tolerances = DEFAULT_TOLERANCES): WhiteningVerdict {
  if (a.V !== b.V) throw new CoreError('shape', 'whiteningAgreement', `models must share the vocabulary: V = ${a.V} vs ${b.V}`);
  const wa = whitenedGram(a), wb = whitenedGram(b);
  const eligible: [boolean, boolean] = [wa.eligible, wb.eligible];
  if (!wa.gram || !wb.gram) {
    const reason = [wa, wb].map((w, i) => (w.eligible ? null : `model ${i + 1} ${w.reason}`)).filter(Boolean).join('; ');
    return { holds: false, residual: NaN, tol: 0, kappa: Infinity, conclusive: false, reason, eligible };
  }
  const kappa = Math.max(wa.covCond, wb.covCond, a.kappa, b.kappa);
  const residual = relMaxDiff(wa.gram, wb.gram);
  return { ...verdict(residual, kappa, t, 'the whitened Gram matrices differ', wa.ambiguous || wb.ambiguous), eligible };
}
