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
// Numerics: K = V · (projector onto the column space of the centred G), so |K_ij| ≤ V. Its error has two
// parts (first order): the stored and centred G (relative δ = u_G + γ_V) moves that column space by an
// angle ≤ δ cond(G_c) = δ √cond(Cov) (Wedin), and forming Cov squares the conditioning, adding
// γ_{V+d} cond(Cov) for the eigen-route to Cov^−½. So each entry of K is within
// 2 V (δ √cond(Cov) + γ_{V+d} cond(Cov)), and the two models' bounds add (whitenedGramFloor).
import type { Matrix } from '../../matrix/matrix.js';
import { fromArray, zeros } from '../../matrix/create.js';
import { mul } from '../../matrix/convenience.js';
import { eigSym } from '../../matrix/decompose.js';
import { scaleColumns, maxAbs } from '../../matrix/reshape.js';
import { relMaxDiff } from '../../matrix/blas.js';
import { CoreError } from '../../wasm/status.js';
import type { Analysis } from '../analysis.js';
import { type Verdict, judge } from '../fit.js';
import { type Tolerances, DEFAULT_TOLERANCES, gamma } from '../tolerance.js';

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
  const kappa = Math.max(wa.covCond, wb.covCond);
  const residual = relMaxDiff(wa.gram, wb.gram);
  const floor = (t.floorScale * (whitenedGramFloor(a, wa.covCond) + whitenedGramFloor(b, wb.covCond))) / (1 + Math.max(maxAbs(wa.gram), maxAbs(wb.gram)));
  const amb = wa.ambiguous || wb.ambiguous ? [a, b].flatMap((x) => (x.rankG0.conclusive ? [] : [`rank G₀: ${x.rankG0.why}`])).join('; ') || 'the computed Cov(g) has a non-positive eigenvalue' : false;
  return { ...judge(residual, floor, kappa, 'the whitened Gram matrices differ', amb), eligible };
}

/** The bound on any entry's error of the whitened Gram matrix of one model (see the numerics note above). */
export function whitenedGramFloor(a: Analysis, covCond: number): number {
  const delta = a.precision.G + gamma(a.V);
  return 2 * a.V * (delta * Math.sqrt(covCond) + gamma(a.V + a.d) * covCond);
}
