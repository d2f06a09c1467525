// Decisions between two predictors on the same contexts, vocabulary and pivot: distribution
// equivalence (C2), linear equivalence ~L (C3), extended linear equivalence ~EL (C6), the half-diversity
// maps (C4) and the projection form (C9). Each returns its witness or the reason it fails.
import type { Matrix } from '../matrix/matrix.js';
import { fromArray } from '../matrix/create.js';
import { mul, minus, transposed } from '../matrix/convenience.js';
import { lstsq, nullBasis, inverse, cond2, pinv } from '../matrix/derived.js';
import { relMaxDiff, normFro } from '../matrix/blas.js';
import { CoreError } from '../wasm/status.js';
import type { Analysis } from './analysis.js';
import { tokenOfColumn } from './predictor.js';
import { type Verdict, verdict, fitLinear, condOnRange } from './fit.js';
import { type Tolerances, DEFAULT_TOLERANCES } from './tolerance.js';

function sameSetting(a: Analysis, b: Analysis): void {
  if (a.n !== b.n || a.V !== b.V || a.p.pivot !== b.p.pivot) {
    throw new CoreError('shape', 'compare',
      `models must share contexts, vocabulary and pivot: (n, V, pivot) = (${a.n}, ${a.V}, ${a.p.pivot}) vs (${b.n}, ${b.V}, ${b.p.pivot})`);
  }
}

export interface DistributionVerdict extends Verdict {
  /** max|L − L̃| / (1 + max(|L|, |L̃|)) and where it is reached. */
  maxGap: number;
  context: number;
  token: number;
}

/** P = P̃ ⇔ L = L̃ (C2), judged on the relative log-odds gap with the amplification of both models. */
export function distributionEquivalence(a: Analysis, b: Analysis, t: Tolerances = DEFAULT_TOLERANCES): DistributionVerdict {
  sameSetting(a, b);
  const maxGap = relMaxDiff(a.L, b.L);
  const x = a.L.data, y = b.L.data;
  let at = 0, worst = -1;
  for (let i = 0; i < x.length; i++) {
    const g = Math.abs((x[i] as number) - (y[i] as number));
    if (g > worst) { worst = g; at = i; }
  }
  const cols = a.L.cols;
  const kappa = Math.max(a.kappa, b.kappa);
  return {
    ...verdict(maxGap, kappa, t, 'the log-odds differ'),
    maxGap,
    context: Math.floor(at / cols),
    token: tokenOfColumn(at % cols, a.p.pivot),
  };
}

export interface MapVerdict extends Verdict {
  /** The witness: F = F̃ Mᵀ and G₀ = G̃₀ M⁻¹ (or the reduced versions for ~EL). */
  M: Matrix | null;
  cond: number;
  residuals: { F: number; G0: number };
}

function failed(reason: string, kappa = 1): MapVerdict {
  return { holds: false, residual: Infinity, tol: 0, kappa, conclusive: true, reason, M: null, cond: NaN, residuals: { F: NaN, G0: NaN } };
}

/**
 * Judge a candidate M: residuals of X = X̃ Mᵀ and Y = Ỹ M⁻¹ relative to ‖X‖, ‖Y‖.
 *
 * The tolerance scales with the measured conditioning of these very computations: M⁻¹ carries a
 * relative error ≈ ε·cond(M), which Ỹ M⁻¹ amplifies by ‖Ỹ‖‖M⁻¹‖ / ‖Y‖; the fit of M itself is as
 * conditioned as X̃ on its range; and the models' own log-odds amplification bounds the rest. So
 * κ = max(κ_models, cond(X̃), ‖X̃‖‖M‖ / (1 + ‖X‖), cond(M) · ‖Ỹ‖‖M⁻¹‖ / (1 + ‖Y‖)).
 */
function judgeMap(M: Matrix, X: Matrix, Xt: Matrix, Y: Matrix, Yt: Matrix, kappa0: number, ambiguous: boolean, t: Tolerances): MapVerdict {
  const cond = cond2(M);
  if (!Number.isFinite(cond)) return failed('the only candidate map is singular');
  // Beyond the conditioning bound nothing is decided: the map may be singular or merely ill-conditioned
  // (LU can even meet an exact zero pivot on a matrix whose computed cond is 1e16).
  if (cond > t.condMax) {
    return { ...failed(`the candidate map has cond(M) = ${cond.toExponential(2)}, beyond the bound ${t.condMax.toExponential(0)}`, cond), conclusive: false, cond };
  }
  const Minv = inverse(M);
  const nX = normFro(X), nY = normFro(Y);
  const rF = normFro(minus(X, mul(Xt, M, { transB: true }))) / (1 + nX);
  const rG = normFro(minus(Y, mul(Yt, Minv))) / (1 + nY);
  const fit = condOnRange(Xt, t);
  const kappa = Math.max(
    kappa0,
    fit.kappa,
    (normFro(Xt) * normFro(M)) / (1 + nX),
    (cond * normFro(Yt) * normFro(Minv)) / (1 + nY),
  );
  const v = verdict(Math.max(rF, rG), kappa, t, 'no invertible map relates the models', ambiguous || fit.ambiguous);
  return { ...v, M, cond, residuals: { F: rF, G0: rG } };
}

/** A deterministic pseudo-random sequence for picking a generic member of a solution space. */
function lcg(seed: number): () => number {
  let s = seed >>> 0;
  return () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32) * 2 - 1;
}

/** Largest d for which ~L without diversity is decided through the d² × d² joint system. */
export const JOINT_MAX_D = 16;

/**
 * ~L (same d): ∃ M ∈ GL(d) with F = F̃ Mᵀ and G₀ = G̃₀ M⁻¹. Under f-diversity of the second model the
 * witness is unique, Mᵀ = F̃⁺ F (C3). Otherwise the pairs (F̃ X = F, X G₀ᵀ = G̃₀ᵀ) with X = Mᵀ form an
 * affine space; det is a polynomial on it, so if any member is invertible a generic one is: we take the
 * minimum-norm solution plus a pseudo-random combination of the null directions.
 */
export function linearEquivalence(a: Analysis, b: Analysis, t: Tolerances = DEFAULT_TOLERANCES): MapVerdict {
  sameSetting(a, b);
  if (a.d !== b.d) return failed(`dimensions differ (d = ${a.d} vs ${b.d}): ~L needs the same d`);
  const kappa0 = Math.max(a.kappa, b.kappa);
  const ambiguous = a.ambiguous || b.ambiguous;
  const d = a.d;
  if (b.fDiverse) {
    const Mt = lstsq(b.p.F, a.p.F, t.rankRtol);
    return judgeMap(transposed(Mt), a.p.F, b.p.F, a.G0, b.G0, kappa0, ambiguous, t);
  }
  if (d > JOINT_MAX_D) {
    return { ...failed(`neither diverse nor small: ~L without f-diversity is decided only for d ≤ ${JOINT_MAX_D}`), conclusive: false };
  }
  // Rows of the joint system in the unknowns x = X row-major (X = Mᵀ, d × d).
  const F = a.p.F.data.slice(), Ft = b.p.F.data.slice(), G0 = a.G0.data.slice(), G0t = b.G0.data.slice();
  const n = a.n, v1 = a.V - 1, rows = n * d + d * v1;
  const phi = new Float64Array(rows * d * d), rhs = new Float64Array(rows);
  let row = 0;
  for (let s = 0; s < n; s++) {
    for (let j = 0; j < d; j++, row++) {
      for (let i = 0; i < d; i++) phi[row * d * d + i * d + j] = Ft[s * d + i] as number;
      rhs[row] = F[s * d + j] as number;
    }
  }
  for (let i = 0; i < d; i++) {
    for (let y = 0; y < v1; y++, row++) {
      for (let j = 0; j < d; j++) phi[row * d * d + i * d + j] = G0[y * d + j] as number;
      rhs[row] = G0t[y * d + i] as number;
    }
  }
  const Phi = fromArray(a.p.F.core, rows, d * d, phi);
  const x0 = lstsq(Phi, fromArray(a.p.F.core, rows, 1, rhs), t.rankRtol).toFloat64Array();
  const nb = nullBasis(Phi, t.rankRtol);
  const N = nb.toFloat64Array();
  const scale = Math.max(1, Math.sqrt(x0.reduce((s, v) => s + v * v, 0)));
  let best: MapVerdict | null = null;
  for (let attempt = 0; attempt < 3; attempt++) {
    const next = lcg(0x9e3779b9 + attempt);
    const x = x0.slice();
    for (let k = 0; k < nb.cols; k++) {
      const c = next() * scale;
      for (let i = 0; i < d * d; i++) x[i] = (x[i] as number) + c * (N[i * nb.cols + k] as number);
    }
    const M = transposed(fromArray(a.p.F.core, d, d, x));
    const v = judgeMap(M, a.p.F, b.p.F, a.G0, b.G0, kappa0, ambiguous, t);
    if (!best || (v.holds && !best.holds) || v.residual < best.residual) best = v;
    if (v.holds || nb.cols === 0) break;
  }
  return best!;
}

/**
 * ~EL (any d, d̃): r = r̃ and the reduced models are linearly equivalent, α = α̃ Mᵀ and β = β̃ M⁻¹ with
 * M ∈ GL(r) (C6). α̃ has full column rank r, so Mᵀ = α̃⁺ α is the only candidate.
 */
export function extendedLinearEquivalence(a: Analysis, b: Analysis, t: Tolerances = DEFAULT_TOLERANCES): MapVerdict {
  sameSetting(a, b);
  if (a.r !== b.r) return { ...failed(`effective complexities differ (r = ${a.r} vs ${b.r})`), conclusive: !(a.ambiguous || b.ambiguous) };
  const kappa0 = Math.max(a.kappa, b.kappa);
  const ambiguous = a.ambiguous || b.ambiguous;
  if (a.r === 0) {
    // Both log-odds vanish: the reduced models are empty and trivially related.
    return { holds: true, residual: 0, tol: 0, kappa: kappa0, conclusive: !ambiguous, reason: null, M: null, cond: 1, residuals: { F: 0, G0: 0 } };
  }
  const Mt = lstsq(b.alpha, a.alpha, t.rankRtol);
  return judgeMap(transposed(Mt), a.alpha, b.alpha, a.beta, b.beta, kappa0, ambiguous, t);
}

export interface HalfDiversity {
  /** Model 1 g-diverse: F = F̃ Tᵀ with T = G₀⁺ G̃₀ (null when model 1 is not g-diverse). */
  fIdentified: (Verdict & { T: Matrix }) | null;
  /** Model 1 f-diverse: G₀ = G̃₀ Sᵀ with S = F⁺ F̃ (null when model 1 is not f-diverse). */
  gIdentified: (Verdict & { S: Matrix }) | null;
}

/** The half-diversity maps of C4, checked on the models. */
export function halfDiversity(a: Analysis, b: Analysis, t: Tolerances = DEFAULT_TOLERANCES): HalfDiversity {
  sameSetting(a, b);
  const kappa0 = Math.max(a.kappa, b.kappa);
  const ambiguous = a.ambiguous || b.ambiguous;
  let fIdentified: HalfDiversity['fIdentified'] = null, gIdentified: HalfDiversity['gIdentified'] = null;
  if (a.gDiverse) {
    const T = mul(pinv(a.G0, t.rankRtol), b.G0);
    const res = normFro(minus(a.p.F, mul(b.p.F, T, { transB: true }))) / (1 + normFro(a.p.F));
    fIdentified = { T, ...verdict(res, Math.max(kappa0, cond2(a.G0)), t, 'F ≠ F̃ Tᵀ', ambiguous) };
  }
  if (a.fDiverse) {
    const S = mul(pinv(a.p.F, t.rankRtol), b.p.F);
    const res = normFro(minus(a.G0, mul(b.G0, S, { transB: true }))) / (1 + normFro(a.G0));
    gIdentified = { S, ...verdict(res, Math.max(kappa0, cond2(a.p.F)), t, 'G₀ ≠ G̃₀ Sᵀ', ambiguous) };
  }
  return { fIdentified, gIdentified };
}

/** C9: F̃ P_Γ̃ = F P_Γ Tᵀ with T = G̃₀⁺ G₀ (d̃ × d). */
export function projectionForm(a: Analysis, b: Analysis, t: Tolerances = DEFAULT_TOLERANCES): Verdict & { T: Matrix } {
  sameSetting(a, b);
  const T = mul(pinv(b.G0, t.rankRtol), a.G0);
  const lhs = mul(b.p.F, b.PGamma);
  const rhs = mul(mul(a.p.F, a.PGamma), T, { transB: true });
  const res = normFro(minus(lhs, rhs)) / (1 + normFro(lhs));
  const { kappa } = { kappa: Math.max(a.kappa, b.kappa) };
  return { T, ...verdict(res, kappa, t, 'F̃ P_Γ̃ ≠ F P_Γ Tᵀ', a.ambiguous || b.ambiguous) };
}

export { fitLinear };
