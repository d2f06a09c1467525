// Decisions between two predictors on the same contexts, vocabulary and pivot: distribution
// equivalence (C2), linear equivalence ~L (C3), extended linear equivalence ~EL (C6), the half-diversity
// maps (C4) and the projection form (C9). Each returns its witness or the reason it fails.
import type { Matrix } from '../matrix/matrix.js';
import { fromArray } from '../matrix/create.js';
import { mul, minus, transposed } from '../matrix/convenience.js';
import { lstsq, lstsqFullRank, nullBasis, inverse, pinv } from '../matrix/derived.js';
import { singularValues } from '../matrix/decompose.js';
import { normFro } from '../matrix/blas.js';
import { CoreError } from '../wasm/status.js';
import type { Analysis, FactorAnalysis, FactorRanks } from './analysis.js';
import { tokenOfColumn, logOdds, type Predictor } from './predictor.js';
import { rowNorms } from '../matrix/reshape.js';
import { type Verdict, judge, fitLinear, condOnRange } from './fit.js';
import { relativeCut } from './rank.js';
import { type Tolerances, DEFAULT_TOLERANCES, logOddsEntryCoefficient, svdBackwardCoefficient, matrixFloor, gamma, times, VACUOUS_FLOOR } from './tolerance.js';

/**
 * What ~L and ~EL read of a model: its analysis, whose F, G₀, α, β may be stand-ins with the same Gram
 * matrices (analysis.ts FactorInput) as long as both models' stand-ins share one orthonormal row basis
 * (column blocks of the R factor of [X_A | X_B]): then every residual ‖X_A − X_B W‖ is the real one.
 */
export type MapSide = FactorAnalysis;

function sameSetting(a: Pick<FactorRanks, 'n' | 'V' | 'p'>, b: Pick<FactorRanks, 'n' | 'V' | 'p'>): void {
  if (a.n !== b.n || a.V !== b.V || a.p.pivot !== b.p.pivot) {
    throw new CoreError('shape', 'compare',
      `models must share contexts, vocabulary and pivot: (n, V, pivot) = (${a.n}, ${a.V}, ${a.p.pivot}) vs (${b.n}, ${b.V}, ${b.p.pivot})`);
  }
}

export interface DistributionVerdict extends Verdict {
  /** max|L − L̃| / (1 + max(|L|, |L̃|)): the size of the largest gap, for display. */
  maxGap: number;
  /** max over entries of |L − L̃| / floor: the gap in units of what rounding can produce (≤ 1: equivalent). */
  ratio: number;
  /** Where `ratio` peaks (the first such entry in row-major order). */
  context: number;
  token: number;
  /** The gap and the floor at that entry. */
  gapAt: number;
  floorAt: number;
  /** The largest floor of any entry, and 1 + max(|L|, |L̃|): maxFloor / scale is the floor as a relative gap. */
  maxFloor: number;
  scale: number;
}

/**
 * The log-odds gap against its floor, entry by entry (tolerance.ts logOddsEntryCoefficient): with
 * c = logOddsEntryCoefficient(d, u_F, u_G) for each model, rounding alone can make the computed L and L̃ of
 * two equivalent models differ at (x, y) by at most c‖f_x‖(‖g_y‖ + ‖g_y₀‖) + c̃‖f̃_x‖(‖g̃_y‖ + ‖g̃_y₀‖). Every
 * entry within its floor: equivalent within the input precision; one beyond it: not equivalent, and that is
 * conclusive because the floor is a bound, not an estimate. The conditioning of subspaces or of a map
 * between the models plays no part in this error and none in this floor.
 */
export interface GapSide {
  n: number;
  d: number;
  L: Matrix;
  fNorms: Float64Array;
  gNorms: Float64Array;
  precision: { F: number; G: number };
  /** Absolute error of every log-odds entry beyond the row-relative part (predictor.ts absError). */
  absError: number;
  p: { pivot: number };
}

/** The pieces of the gap floor for a predictor without a full analysis (steered models, say). */
export function gapSide(p: Predictor, precision: { F: number; G: number }): GapSide {
  return { n: p.F.rows, d: p.F.cols, L: logOdds(p), fNorms: rowNorms(p.F), gNorms: rowNorms(p.G), precision, absError: p.absError ?? 0, p };
}

export function logOddsGap(a: GapSide, b: GapSide, floorScale = 1): Omit<DistributionVerdict, keyof Verdict> {
  const ca = floorScale * logOddsEntryCoefficient(a.d, a.precision.F, a.precision.G);
  const cb = floorScale * logOddsEntryCoefficient(b.d, b.precision.F, b.precision.G);
  const x = a.L.data, y = b.L.data, cols = a.L.cols, pivot = a.p.pivot;
  const gpa = a.gNorms[pivot] as number, gpb = b.gNorms[pivot] as number;
  const abs = floorScale * (a.absError + b.absError);
  let ratio = 0, at = 0, maxAbsL = 0, maxGapAbs = 0, gapAt = 0, floorAt = 0, maxFloor = 0;
  for (let i = 0; i < a.n; i++) {
    const fa = ca * (a.fNorms[i] as number), fb = cb * (b.fNorms[i] as number);
    for (let c = 0; c < cols; c++) {
      const k = i * cols + c, tok = c < pivot ? c : c + 1;
      const lx = x[k] as number, ly = y[k] as number;
      const gap = Math.abs(lx - ly);
      const floor = fa * ((a.gNorms[tok] as number) + gpa) + fb * ((b.gNorms[tok] as number) + gpb) + abs;
      const q = gap === 0 ? 0 : floor > 0 ? gap / floor : Infinity;
      if (q > ratio) { ratio = q; at = k; gapAt = gap; floorAt = floor; }
      if (floor > maxFloor) maxFloor = floor;
      const m = Math.max(Math.abs(lx), Math.abs(ly));
      if (m > maxAbsL) maxAbsL = m;
      if (gap > maxGapAbs) maxGapAbs = gap;
    }
  }
  return { maxGap: maxGapAbs / (1 + maxAbsL), ratio, context: Math.floor(at / cols), token: tokenOfColumn(at % cols, pivot), gapAt, floorAt, maxFloor, scale: 1 + maxAbsL };
}

/** P = P̃ ⇔ L = L̃ (C2), judged entry by entry against the floor of the two computations (logOddsGap). */
export function distributionEquivalence(a: Analysis, b: Analysis, t: Tolerances = DEFAULT_TOLERANCES): DistributionVerdict {
  sameSetting(a, b);
  const g = logOddsGap(a, b, t.floorScale);
  const holds = g.ratio <= 1;
  const reason = holds ? null
    : `the log-odds differ: at context ${g.context}, token ${g.token} by ${g.gapAt.toExponential(3)}, ${g.ratio.toPrecision(3)}× what rounding of the inputs and of the products can produce (${g.floorAt.toExponential(2)})`;
  return { holds, residual: g.ratio, tol: 1, kappa: Math.max(a.kappaL, b.kappaL), conclusive: true, reason, ...g };
}

export interface MapVerdict extends Verdict {
  /** The witness: F = F̃ Mᵀ and G₀ = G̃₀ M⁻¹ (or the reduced versions for ~EL). */
  M: Matrix | null;
  cond: number;
  residuals: { F: number; G0: number };
  /** The floors the two residuals were judged against. */
  floors: { F: number; G0: number };
  /** Decided in exact rational arithmetic on the stored numbers (compare.ts sets it where it applied). */
  decidedExactly?: boolean;
}

function failed(reason: string, conclusive = true): MapVerdict {
  return { holds: false, residual: Infinity, tol: 0, kappa: NaN, conclusive, reason, M: null, cond: NaN, residuals: { F: NaN, G0: NaN }, floors: { F: NaN, G0: NaN } };
}

/** Absolute error bounds of the four matrices a map relates (analysis.ts errors). */
interface MapErrors { X: number; Xt: number; Y: number; Yt: number }

/**
 * Judge a candidate M for X = X̃ Mᵀ and Y = Ỹ M⁻¹, each residual relative to 1 + ‖X‖ (1 + ‖Y‖), against
 * floors derived to first order from the error bounds e of the four matrices (analysis.ts errors):
 * - X: the exact M* fits the exact data, so the least-squares residual on the computed data is at most
 *   e_X + ‖M‖ e_X̃, plus the solver's backward error p u (1 + κ(X̃)) ‖X‖ (Higham §20.1);
 * - M itself moves by ‖δM‖ ≤ (e_X + ‖M‖ e_X̃) / σ_min(X̃), so Y − Ỹ M⁻¹ is at most
 *   e_Y + ‖M⁻¹‖ e_Ỹ + ‖Ỹ‖ ‖M⁻¹‖² ‖δM‖ + the inversion's own error γ_{r²} cond(M) ‖Ỹ‖ ‖M⁻¹‖ (Higham §14.3);
 * both times 2 for the second-order terms. A map so ill-conditioned that a floor is vacuous leaves this
 * verdict — and only this one — inconclusive.
 */
function judgeMap(M: Matrix, X: Matrix, Xt: Matrix, Y: Matrix, Yt: Matrix, e: MapErrors, ambiguous: string | false, t: Tolerances, xtRows = Xt.rows, xtSigma?: readonly number[]): MapVerdict {
  // Spectral norms of M and M⁻¹ (σ₁ and 1/σ_k): every product below is ‖A B‖_F ≤ ‖A‖_F ‖B‖₂, so the map
  // enters through its spectral norm. The Frobenius norm would be up to √k larger per factor, and the
  // G-side chain has ‖M⁻¹‖ squared: at k = 768 that made the floor of an exactly equivalent pair 1e7× its
  // residual (vacuous), where the spectral one is not.
  const sv = singularValues(M);
  const sMax = sv[0] ?? 0, sMin = sv[sv.length - 1] ?? 0;
  const cond = M.rows === 0 ? 1 : sMin > 0 ? sMax / sMin : Infinity;
  if (!Number.isFinite(cond)) return failed('the only candidate map is singular', !ambiguous);
  let Minv: Matrix;
  try {
    Minv = inverse(M);
  } catch (e) {
    // LU met an exact zero pivot: M is singular to working precision, which a map with cond(M) ≥ 1/(k u)
    // may be through rounding alone (not conclusive); a better-conditioned one is genuinely singular.
    if (e instanceof CoreError && e.code === 'singular') {
      return { ...failed(`the only candidate map is singular in floating point (cond(M) = ${cond.toExponential(2)})`, !ambiguous && cond * gamma(M.rows) < 1), cond };
    }
    throw e;
  }
  const nX = normFro(X), nY = normFro(Y), nXt = normFro(Xt), nYt = normFro(Yt);
  // An empty map (r = 0 on both sides) relates empty reduced models exactly: nothing to amplify.
  const nM = sMax, nMinv = M.rows === 0 ? 0 : 1 / sMin;
  const rF = normFro(minus(X, mul(Xt, M, { transB: true }))) / (1 + nX);
  const rG = normFro(minus(Y, mul(Yt, Minv))) / (1 + nY);
  // The floors are those of X̃'s real size (xtRows), also when X̃ is a stand-in with fewer rows.
  const fit = condOnRange(Xt, t, t.floorScale * matrixFloor(nXt, xtRows, Xt.cols, t.uIn), xtSigma);
  const k = M.rows;
  const sminXt = fit.rank > 0 ? nXt / fit.kappa / Math.sqrt(fit.rank) : 0;
  const eFit = e.X + nM * e.Xt;
  const solver = svdBackwardCoefficient(xtRows, Xt.cols) * (1 + fit.kappa) * nX;
  const dM = sminXt > 0 ? (eFit + solver) / sminXt : eFit + solver === 0 ? 0 : Infinity;
  const s = 2 * t.floorScale;
  const floorF = (s * (eFit + solver)) / (1 + nX);
  // The inverse by LU: ‖M̂⁻¹ − M⁻¹‖ ≤ γ_{k²} cond(M) ‖M⁻¹‖ (Higham §14.3, the componentwise bound taken normwise).
  // ‖(M + δM)⁻¹ − M⁻¹‖ ≤ ‖M⁻¹‖² ‖δM‖ / (1 − ‖M⁻¹‖ ‖δM‖) (Neumann series): not first order, so it stays a
  // bound when δM is comparable to M; once ‖M⁻¹‖ ‖δM‖ ≥ 1 the computed M may be singular in truth and the
  // floor is vacuous (the stress profile found δM 240× σ_min(M) passed off as a small correction).
  const inverseShift = nMinv * dM < 1 ? times(nMinv * nMinv, dM) / (1 - nMinv * dM) : Infinity;
  const floorG = (s * (e.Y + times(nMinv, e.Yt) + times(nYt, inverseShift) + gamma(k * k + k) * times(cond, nYt * nMinv) + gamma(k) * nYt * nMinv)) / (1 + nY);
  const holds = rF <= floorF && rG <= floorG;
  const vacuous = !(floorF < VACUOUS_FLOOR && floorG < VACUOUS_FLOOR);
  const amb = ambiguous || (fit.ambiguous ? `the rank of X̃: ${fit.why}` : false);
  const conclusive = !amb && !(holds && vacuous);
  const worst = rF / floorF >= rG / floorG ? 'F' : 'G0';
  let reason: string | null = holds ? null
    : `no invertible map relates the models (${worst === 'F' ? 'first' : 'second'} residual ${(worst === 'F' ? rF : rG).toExponential(2)} > floor ${(worst === 'F' ? floorF : floorG).toExponential(2)})`;
  if (!conclusive) {
    const why = amb ? amb : `cond(M) = ${cond.toExponential(2)} makes the floors vacuous (F ${floorF.toExponential(2)}, G₀ ${floorG.toExponential(2)}): rounding could explain any residual`;
    reason = `inconclusive: ${why}${reason ? `; ${reason}` : ''}`;
  }
  return {
    holds, residual: Math.max(rF / floorF, rG / floorG), tol: 1, kappa: cond, conclusive, reason,
    M, cond, residuals: { F: rF, G0: rG }, floors: { F: floorF, G0: floorG },
  };
}

/** A deterministic pseudo-random sequence for picking a generic member of a solution space. */
function lcg(seed: number): () => number {
  let s = seed >>> 0;
  return () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32) * 2 - 1;
}

/** Largest d for which ~L without diversity is decided through the d² × d² joint system. */
export const JOINT_MAX_D = 16;

const fullErrors = (a: FactorRanks, b: FactorRanks): MapErrors => ({ X: a.errors.F, Xt: b.errors.F, Y: a.errors.G0, Yt: b.errors.G0 });

/** The rank decisions a verdict rests on, as one reason (false when all are conclusive). */
function upstream(parts: [string, { conclusive: boolean; why: string | null }][]): string | false {
  const bad = parts.filter(([, r]) => !r.conclusive).map(([name, r]) => `${name}: ${r.why}`);
  return bad.length > 0 ? bad.join('; ') : false;
}

/**
 * ~L (same d): ∃ M ∈ GL(d) with F = F̃ Mᵀ and G₀ = G̃₀ M⁻¹. Under f-diversity of the second model the
 * witness is unique, Mᵀ = F̃⁺ F (C3). Otherwise the pairs (F̃ X = F, X G₀ᵀ = G̃₀ᵀ) with X = Mᵀ form an
 * affine space; det is a polynomial on it, so if any member is invertible a generic one is: we take the
 * minimum-norm solution plus a pseudo-random combination of the null directions.
 */
export function linearEquivalence(a: Analysis, b: Analysis, t: Tolerances = DEFAULT_TOLERANCES): MapVerdict {
  return linearMap(a, b, t);
}

/**
 * The candidate map's fit min ‖X̃ W − X‖ where X̃ has full column rank (f-diverse F̃ for ~L; α̃, of rank r
 * by construction, for ~EL): Householder QR least squares (derived.ts lstsqFullRank), and the SVD route
 * with the given cut only when R has an exact zero pivot. The two solve the same problem (the cut keeps
 * every singular value of a full-rank X̃) and both are backward stable: QR least squares has a columnwise
 * backward error of γ̃_{mk} (Higham Thm 20.3), realistically O(√(mk)) u like the SVD route's, which is
 * what judgeMap's solver term svdBackwardCoefficient(m, k) = 4√(mk) u charges; test/engine/fit-map.test.ts
 * measures the QR route's residual against that term. The SVD route costs ten times more at d = 768.
 */
function fitMap(Xt: Matrix, X: Matrix, cut: () => number): Matrix {
  return (Xt.rows >= Xt.cols ? lstsqFullRank(Xt, X) : null) ?? lstsq(Xt, X, cut());
}

/**
 * ~L on the rank decisions alone (the blocked engine's stand-ins as well as a full analysis): it reads F,
 * G₀, their floors and ranks, never the structure (R, α, β), so blocked/maps.ts builds only FactorRanks.
 */
export function linearMap(a: FactorRanks, b: FactorRanks, t: Tolerances = DEFAULT_TOLERANCES): MapVerdict {
  sameSetting(a, b);
  if (a.d !== b.d) return failed(`dimensions differ (d = ${a.d} vs ${b.d}): ~L needs the same d`);
  const d = a.d;
  const e = fullErrors(a, b);
  if (b.fDiverse) {
    const amb = upstream([['rank F̃', b.rankF]]);
    // rank F̃ = d: the cut keeps every singular value, so the fit is plain least squares, by QR (the
    // floor's solver term covers both routes: derivation at fitMap).
    const Mt = fitMap(b.p.F, a.p.F, () => relativeCut(b.rankF));
    // F̃'s singular values are its rank decision's (a stand-in shares them: the same Gram matrix).
    return judgeMap(transposed(Mt), a.p.F, b.p.F, a.G0, b.G0, e, amb, t, b.n, b.rankF.sigma);
  }
  const amb = upstream([['rank F̃', b.rankF], ['rank F', a.rankF], ['rank G₀', a.rankG0], ['rank G̃₀', b.rankG0]]);
  if (d > JOINT_MAX_D) {
    return failed(`inconclusive: neither model f-diverse and d = ${d} > ${JOINT_MAX_D}: ~L without f-diversity is decided only for small d`, false);
  }
  // Rows of the joint system in the unknowns x = X row-major (X = Mᵀ, d × d).
  const F = a.p.F.data.slice(), Ft = b.p.F.data.slice(), G0 = a.G0.data.slice(), G0t = b.G0.data.slice();
  // Rows of F and G₀ as held (a stand-in has fewer rows than the real factor, and the same solutions).
  const n = a.p.F.rows, v1 = a.G0.rows, rows = n * d + d * v1;
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
  const c = condOnRange(Phi, { ...t, uIn: Math.max(a.tol.uIn, b.tol.uIn) });
  const x0 = lstsq(Phi, fromArray(a.p.F.core, rows, 1, rhs), c.rtol).toFloat64Array();
  const nb = nullBasis(Phi, c.rtol);
  const N = nb.toFloat64Array();
  const scale = Math.max(1, Math.sqrt(x0.reduce((s, v) => s + v * v, 0)));
  const amb2 = amb || (c.ambiguous ? `the rank of the joint system: ${c.why}` : false);
  let best: MapVerdict | null = null;
  for (let attempt = 0; attempt < 3; attempt++) {
    const next = lcg(0x9e3779b9 + attempt);
    const x = x0.slice();
    for (let k = 0; k < nb.cols; k++) {
      const cc = next() * scale;
      for (let i = 0; i < d * d; i++) x[i] = (x[i] as number) + cc * (N[i * nb.cols + k] as number);
    }
    const M = transposed(fromArray(a.p.F.core, d, d, x));
    const v = judgeMap(M, a.p.F, b.p.F, a.G0, b.G0, e, amb2, t, b.n);
    if (!best || (v.holds && !best.holds) || v.residual < best.residual) best = v;
    if (v.holds || nb.cols === 0) break;
  }
  return best!;
}

/**
 * ~EL (any d, d̃): r = r̃ and the reduced models are linearly equivalent, α = α̃ Mᵀ and β = β̃ M⁻¹ with
 * M ∈ GL(r) (C6). α̃ has full column rank r, so Mᵀ = α̃⁺ α is the only candidate. The floors carry the
 * error of α and β, which includes the angle of the computed R times the junk (analysis.ts errors).
 */
export function extendedLinearEquivalence(a: Analysis, b: Analysis, t: Tolerances = DEFAULT_TOLERANCES): MapVerdict {
  return extendedLinearMap(a, b, t);
}

/** ~EL on any MapSide (the blocked engine's stand-ins as well as a full analysis). */
export function extendedLinearMap(a: MapSide, b: MapSide, t: Tolerances = DEFAULT_TOLERANCES): MapVerdict {
  sameSetting(a, b);
  const rAmb = upstream([['r', { conclusive: a.rConclusive, why: a.ambiguity.join('; ') || 'not settled' }], ['r̃', { conclusive: b.rConclusive, why: b.ambiguity.join('; ') || 'not settled' }]]);
  if (a.r !== b.r) {
    return failed(`${rAmb ? 'inconclusive: ' : ''}effective complexities differ (r = ${a.r} vs ${b.r})${rAmb ? `, but ${rAmb}` : ''}`, !rAmb);
  }
  if (a.r === 0) {
    // Both log-odds vanish: the reduced models are empty and trivially related.
    return {
      holds: true, residual: 0, tol: 1, kappa: 1, conclusive: !rAmb, reason: rAmb ? `inconclusive: ${rAmb}` : null,
      M: null, cond: 1, residuals: { F: 0, G0: 0 }, floors: { F: 0, G0: 0 },
    };
  }
  const e: MapErrors = { X: a.errors.alpha, Xt: b.errors.alpha, Y: a.errors.beta, Yt: b.errors.beta };
  const Mt = fitMap(b.alpha, a.alpha, () => 0.5 * 2 ** -52 * Math.min(b.alpha.rows, b.alpha.cols));
  // r̃ = d̃ = rank F̃: Q̃ is square with orthonormal columns, so α̃ = F̃ Q̃ has F̃'s singular values up to
  // ‖Q̃ᵀQ̃ − I‖ + γ_d̃ relative (a few d̃ u, far below the floor matrixFloor puts under them, 4√(n d̃) u ‖α̃‖):
  // the rank decision of F̃ stands in for one more SVD of α̃ (1 s at 1537 × 768).
  const xtSigma = b.r === b.d && b.rankF.rank === b.d && b.rankF.sigma.length === b.d ? b.rankF.sigma : undefined;
  return judgeMap(transposed(Mt), a.alpha, b.alpha, a.beta, b.beta, e, rAmb, t, b.n, xtSigma);
}

export interface HalfDiversity {
  /** Model 1 g-diverse: F = F̃ Tᵀ with T = G₀⁺ G̃₀ (null when model 1 is not g-diverse). */
  fIdentified: (Verdict & { T: Matrix }) | null;
  /** Model 1 f-diverse: G₀ = G̃₀ Sᵀ with S = F⁺ F̃ (null when model 1 is not f-diverse). */
  gIdentified: (Verdict & { S: Matrix }) | null;
}

/**
 * The half-diversity maps of C4, checked on the models. F − F̃ Tᵀ with T = G₀⁺ G̃₀ is a product of three
 * computed factors: its floor is e_F + ‖T‖ e_F̃ + ‖F̃‖ ‖δT‖ with ‖δT‖ ≤ (‖T‖ e_G₀ + e_G̃₀) / σ_min(G₀) (first
 * order, times 2), relative to 1 + ‖F‖; symmetrically for S.
 */
export function halfDiversity(a: Analysis, b: Analysis, t: Tolerances = DEFAULT_TOLERANCES): HalfDiversity {
  sameSetting(a, b);
  let fIdentified: HalfDiversity['fIdentified'] = null, gIdentified: HalfDiversity['gIdentified'] = null;
  const side = (X: Matrix, Xt: Matrix, eX: number, eXt: number, P: Matrix, Pt: Matrix, eP: number, ePt: number, rankP: Analysis['rankF'], what: string) => {
    const T = mul(pinv(P, relativeCut(rankP)), Pt);
    const res = normFro(minus(X, mul(Xt, T, { transB: true }))) / (1 + normFro(X));
    const smin = rankP.sigma[rankP.rank - 1] ?? 0;
    const nT = normFro(T);
    const dT = smin > 0 ? (nT * eP + ePt) / smin : nT === 0 ? 0 : Infinity;
    const floor = (2 * t.floorScale * (eX + times(nT, eXt) + times(normFro(Xt), dT) + gamma(P.cols) * normFro(Xt) * nT)) / (1 + normFro(X));
    const amb = upstream([['rank', rankP]]);
    return { T, v: judge(res, floor, (rankP.sigma[0] ?? 0) / (smin || 1), what, amb) };
  };
  if (a.gDiverse) {
    const { T, v } = side(a.p.F, b.p.F, a.errors.F, b.errors.F, a.G0, b.G0, a.errors.G0, b.errors.G0, a.rankG0, 'F ≠ F̃ Tᵀ');
    fIdentified = { T, ...v };
  }
  if (a.fDiverse) {
    const { T: S, v } = side(a.G0, b.G0, a.errors.G0, b.errors.G0, a.p.F, b.p.F, a.errors.F, b.errors.F, a.rankF, 'G₀ ≠ G̃₀ Sᵀ');
    gIdentified = { S, ...v };
  }
  return { fIdentified, gIdentified };
}

/**
 * C9: F̃ P_Γ̃ = F P_Γ Tᵀ with T = G̃₀⁺ G₀ (d̃ × d). The floor: the projectors are off by the angles of the
 * computed Γ, Γ̃ (analysis.ts), T by (‖T‖ e_G̃₀ + e_G₀) / σ_min(G̃₀), to first order, times 2.
 */
export function projectionForm(a: Analysis, b: Analysis, t: Tolerances = DEFAULT_TOLERANCES): Verdict & { T: Matrix } {
  sameSetting(a, b);
  const T = mul(pinv(b.G0, relativeCut(b.rankG0)), a.G0);
  const lhs = mul(b.p.F, b.PGamma);
  const rhs = mul(mul(a.p.F, a.PGamma), T, { transB: true });
  const res = normFro(minus(lhs, rhs)) / (1 + normFro(lhs));
  const smin = b.rankG0.sigma[b.rankG0.rank - 1] ?? 0;
  const nT = normFro(T), nF = normFro(a.p.F), nFt = normFro(b.p.F);
  const dT = smin > 0 ? (nT * b.errors.G0 + a.errors.G0) / smin : nT === 0 ? 0 : Infinity;
  const angle = (x: Analysis) => x.errors.thetaGamma;
  const floor = (2 * t.floorScale * (b.errors.F + times(nFt, angle(b)) + times(nT, a.errors.F + times(nF, angle(a))) + times(nF, dT) + gamma(a.d + b.d) * (nFt + times(nF, nT)))) / (1 + normFro(lhs));
  const amb = upstream([['rank G₀', a.rankG0], ['rank G̃₀', b.rankG0]]);
  return { T, ...judge(res, floor, nT, 'F̃ P_Γ̃ ≠ F P_Γ Tᵀ', amb) };
}

export { fitLinear };

/**
 * ~L ⇒ ~EL ⇒ P = P̃ (C3, C6). The distribution verdict compares each log-odds entry with its own floor;
 * the map verdicts compare Frobenius residuals with normwise floors, which at large d (‖M⁻¹‖_F² ~ d, σ_min
 * of a tall factor) can be far looser. When the distribution verdict is a conclusive "not equivalent",
 * no map relates the models, whatever a residual within such a floor suggested: the verdict is a
 * conclusive "does not hold", by the theorem rather than by the residual.
 */
export function mapGivenDistribution(v: MapVerdict, distributionDiffers: boolean, which: '~L' | '~EL'): MapVerdict {
  if (!distributionDiffers || (!v.holds && v.conclusive)) return v;
  const was = v.holds ? `its residuals (F ${v.residuals.F.toExponential(2)}, G₀ ${v.residuals.G0.toExponential(2)}) are within floors (${v.floors.F.toExponential(2)}, ${v.floors.G0.toExponential(2)}) too loose to show it`
    : (v.reason ?? '').replace(/^inconclusive: /, 'by itself it was inconclusive: ');
  return {
    ...v, holds: false, conclusive: true,
    reason: `the distributions differ (log-odds gap beyond its floor), and ${which} would make them equal (${which === '~L' ? 'C3' : 'C6'}); ${was}`,
  };
}
