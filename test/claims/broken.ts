// Deliberately wrong engine functions, one per kind of mistake a theorist or an implementer could make.
// Each claim test hands one to runClaim and expects the claim to notice.
import { defaultEngine, type Engine } from '../../src/engine/index.js';
import type { Analysis } from '../../src/engine/analysis.js';
import type { Predictor } from '../../src/engine/predictor.js';
import { DEFAULT_TOLERANCES, type Tolerances } from '../../src/engine/tolerance.js';
import { mul, minus, transposed } from '../../src/matrix/convenience.js';
import { lstsq, pinv } from '../../src/matrix/derived.js';
import { normFro } from '../../src/matrix/blas.js';
import { selectRows, slice } from '../../src/matrix/reshape.js';
import { verdict } from '../../src/engine/fit.js';
import { rankedSvd } from '../../src/engine/rank.js';
import { relativeCut } from '../../src/engine/rank.js';

export function withBroken(part: Partial<Engine>): Engine {
  return { ...defaultEngine, ...part };
}

/** Log-probabilities that forget to normalise: raw logits. */
export const unnormalisedLogProbabilities = (p: Predictor) => defaultEngine.logits(p);

/** G₀ without the pivot subtraction: the other rows of G as they are. */
export const noPivotSubtraction = (p: Predictor) =>
  selectRows(p.G, Array.from({ length: p.G.rows }, (_, i) => i).filter((i) => i !== p.pivot));

/** ~L with Mᵀ where M⁻¹ belongs: accepts G₀ = G̃₀ Mᵀ instead of G₀ = G̃₀ M⁻¹. */
export function linearWithTransposeForInverse(a: Analysis, b: Analysis, t: Tolerances = DEFAULT_TOLERANCES) {
  const real = defaultEngine.linearEquivalence(a, b, t);
  if (a.d !== b.d || !b.fDiverse) return real;
  const Mt = lstsq(b.p.F, a.p.F, relativeCut(b.rankF));
  const rF = normFro(minus(a.p.F, mul(b.p.F, Mt))) / (1 + normFro(a.p.F));
  const rG = normFro(minus(a.G0, mul(b.G0, Mt))) / (1 + normFro(a.G0));
  return { ...real, ...verdict(Math.max(rF, rG), Math.max(a.kappa, b.kappa), t, 'no map (broken)') };
}

/** ~EL with M where M⁻¹ belongs on the unembedding side. */
export function extendedWithMForInverse(a: Analysis, b: Analysis, t: Tolerances = DEFAULT_TOLERANCES) {
  const real = defaultEngine.extendedLinearEquivalence(a, b, t);
  if (a.r !== b.r || a.r === 0) return real;
  const M = transposed(lstsq(b.alpha, a.alpha, 1e-15));
  const rF = normFro(minus(a.alpha, mul(b.alpha, M, { transB: true }))) / (1 + normFro(a.alpha));
  const rG = normFro(minus(a.beta, mul(b.beta, M))) / (1 + normFro(a.beta));
  return { ...real, ...verdict(Math.max(rF, rG), Math.max(a.kappa, b.kappa), t, 'no map (broken)') };
}

/** Half diversity with the map transposed the wrong way: T = (G̃₀⁺ G₀)ᵀ instead of G₀⁺ G̃₀. */
export function halfDiversityWrongPinv(a: Analysis, b: Analysis, t: Tolerances = DEFAULT_TOLERANCES) {
  const real = defaultEngine.halfDiversity(a, b, t);
  if (!real.fIdentified) return real;
  const T = transposed(mul(pinv(b.G0, relativeCut(b.rankG0)), a.G0));
  const res = normFro(minus(a.p.F, mul(b.p.F, T, { transB: true }))) / (1 + normFro(a.p.F));
  return { ...real, fIdentified: { T, ...verdict(res, Math.max(a.kappa, b.kappa), t, 'F ≠ F̃ Tᵀ (broken)') } };
}

/** The projection form with F⁺ where G₀⁺ belongs... as far as shapes allow: T = (F̃⁺ F)ᵀ. */
export function projectionFormWrongPinv(a: Analysis, b: Analysis, t: Tolerances = DEFAULT_TOLERANCES) {
  const real = defaultEngine.projectionForm(a, b, t);
  const T = mul(pinv(b.p.F, relativeCut(b.rankF)), a.p.F); // d̃ × d, the shape of G̃₀⁺ G₀
  const lhs = mul(b.p.F, b.PGamma);
  const rhs = mul(mul(a.p.F, a.PGamma), T, { transB: true });
  const res = normFro(minus(lhs, rhs)) / (1 + normFro(lhs));
  return { ...real, T, ...verdict(res, Math.max(a.kappa, b.kappa), t, 'projection form (broken)') };
}

/** A minimal model one dimension short. */
export function minimalOffByOne(a: Analysis) {
  const m = defaultEngine.minimalModel(a);
  if (m.F.cols === 0) return m;
  return defaultEngine.predictor(slice(m.F, 0, m.F.rows, 0, m.F.cols - 1), slice(m.G, 0, m.G.rows, 0, m.G.cols - 1), m.pivot);
}

/** A junk-blind analysis: R taken as E itself (embedding junk counted as identifiable). */
export function analyzeJunkBlind(p: Predictor, t: Tolerances = DEFAULT_TOLERANCES) {
  const a = defaultEngine.analyze(p, t);
  const E = rankedSvd(p.F).rowBasis;
  const alpha = mul(p.F, E), beta = mul(a.G0, E);
  return { ...a, Q: E, alpha, beta, N: minus(p.F, mul(alpha, E, { transB: true })), Mj: minus(a.G0, mul(beta, E, { transB: true })) };
}

/** A least-squares fit that always reports a fit. */
export const alwaysFits: Engine['fitLinear'] = (x, y, t, what) => ({ ...defaultEngine.fitLinear(x, y, t, what), holds: true, reason: null });

/** G₀ that ignores every unembedding edit: always zero. */
export const blindUnembeddings = (p: Predictor) => minus(noPivotSubtraction(p), noPivotSubtraction(p));

/** ~EL that is not symmetric: a model of larger dimension is never equivalent to a smaller one. */
export function extendedAsymmetric(a: Analysis, b: Analysis, t: Tolerances = DEFAULT_TOLERANCES) {
  const real = defaultEngine.extendedLinearEquivalence(a, b, t);
  return a.d > b.d ? { ...real, holds: false, reason: 'broken: larger d never equivalent' } : real;
}
