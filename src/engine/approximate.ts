// Approximate comparison of two models on the same contexts and tokens (theory.md §6, C17, C18; after
// Nielsen, Marconato, Gresele, Dittadi, Buchholz 2026): the logit distance d_logit = ‖Z_c − Z̃_c‖_F / √(nV),
// the mean KL both ways, the best linear maps between full and between reduced representations with their
// residuals, the bounds those residuals must respect, and a canonical-correlation similarity.
//
// Everything is computed from the factors. Z_c = F G_cᵀ (G_c = G with its column mean removed) is formed
// one block of contexts at a time (block × V), its log-softmax likewise: never an n × V array and never
// probabilities (theory.md §5). The bounds:
//   C17: ‖F − F̃ T̂ᵀ‖_F ≤ ‖Z_c − Z̃_c‖_F / σ_d(G_c)  when G_c has full column rank d (T̂ᵀ = F̃⁺ F);
//        ‖G_c − G̃_c Ŝᵀ‖_F ≤ ‖Z_c − Z̃_c‖_F / σ_d(F)  when F has full column rank.
//   C18: ‖α_c − α̃_c T̂ᵀ‖_F ≤ ‖Z_c − Z̃_c‖_F / σ_r(β_c), ‖β_c − β̃_c Ŝᵀ‖_F ≤ ‖Z_c − Z̃_c‖_F / σ_r(α_c),
//        with α_c = F Q, β_c = G_c Q (Q the model's basis of R; Z_c = α_c β_cᵀ by C7), for any models.
// A residual is compared with its bound with a margin for the rounding of both sides: holds when
// residual ≤ (gap + gapFloor) / σ · (1 + 1e−8) + slack, where gapFloor = 4 (d + d̃ + 2) ε (‖F‖‖G_c‖ + ‖F̃‖‖G̃_c‖)
// bounds the rounding of the computed logit gap (γ_k |F||G_c|ᵀ, Higham §3.5, in Frobenius norms), and
// slack = 10 (rows + cols) ε κ(Y) ‖X‖_F the rounding of the residual of X on col(Y) (Householder
// projection, Higham §19, times the conditioning κ(Y) = σ₁/σ_k with which col(Y) is determined);
// labelled "certified with a margin".
import type { Matrix } from '../matrix/matrix.js';
import { fromArray } from '../matrix/create.js';
import { mul, minus, logSoftmax } from '../matrix/convenience.js';
import { slice } from '../matrix/reshape.js';
import { normFro } from '../matrix/blas.js';
import { klRows } from '../matrix/dist.js';
import { empty } from '../matrix/create.js';
import { svd, singularValues } from '../matrix/decompose.js';
import { CoreError } from '../wasm/status.js';
import { decideRank, decideFromSpectrum, type RankDecision } from './rank.js';
import { matrixFloor, U } from './tolerance.js';

const EPS = 2 ** -52;

export interface ApproxSide {
  F: Matrix;
  G: Matrix;
  /** d × r orthonormal basis of R = P_Γ(E) (Analysis.Q). */
  Q: Matrix;
  /**
   * Absolute error bounds of the reduced model α = F Q, β = G Q (Analysis.errors): the computed Q is only
   * within an angle of R, which the junk turns into an error of α and β that rounding the products alone
   * does not cover. Absent: treated as 0 (the full-embedding comparisons do not need them).
   */
  errors?: { alpha: number; beta: number };
}

export interface ResidualBound {
  /** ‖X − X̃ Mᵀ‖_F for the best M (least squares). */
  residual: number;
  /** residual / ‖X‖_F */
  relative: number;
  /** The bound the residual must respect, or null when the theorem's rank condition fails. */
  bound: number | null;
  /**
   * What rounding adds to the bound (the computed gap's floor over σ, the projection's slack, the data's
   * errors): the residual is judged against bound + rounding. Null when there is no bound.
   */
  rounding: number | null;
  /** residual ≤ bound + rounding; null when there is no bound. */
  holds: boolean | null;
  /** Why there is no bound, when there is none. */
  reason: string | null;
}

export interface ApproximateReport {
  dLogit: number;
  /** ‖Z_c − Z̃_c‖_F */
  logitGap: number;
  /** Mean over contexts of KL(P‖P̃) (ab) and KL(P̃‖P) (ba), in nats. */
  klMean: { ab: number; ba: number };
  /** C17, model A's full representations against B's. */
  embeddings: ResidualBound;
  unembeddings: ResidualBound;
  /** C18, the reduced models. */
  reducedEmbeddings: ResidualBound;
  reducedUnembeddings: ResidualBound;
  /** Canonical correlations between the centred reduced embeddings α_c and α̃_c (descending) and their mean. */
  cca: { mean: number; correlations: number[] };
  margin: string;
  /** Rounding bound of the computed ‖Z_c − Z̃_c‖_F: a gap at or below it is zero within precision. */
  gapFloor: number;
}

/** G − 1 ḡᵀ */
function centred(G: Matrix): Matrix {
  const V = G.rows, d = G.cols, g = G.toFloat64Array();
  const mean = new Float64Array(d);
  for (let y = 0; y < V; y++) for (let k = 0; k < d; k++) mean[k] = (mean[k] as number) + (g[y * d + k] as number) / V;
  for (let y = 0; y < V; y++) for (let k = 0; k < d; k++) g[y * d + k] = (g[y * d + k] as number) - (mean[k] as number);
  return fromArray(G.core, V, d, g);
}

function centredColumns(X: Matrix): Matrix {
  const n = X.rows, d = X.cols, x = X.toFloat64Array();
  for (let k = 0; k < d; k++) {
    let m = 0;
    for (let i = 0; i < n; i++) m += (x[i * d + k] as number) / n;
    for (let i = 0; i < n; i++) x[i * d + k] = (x[i * d + k] as number) - m;
  }
  return fromArray(X.core, n, d, x);
}

/**
 * A matrix together with the number of rows it stands for. The blocked path (blocked/approximate.ts)
 * passes small R factors whose columns have the inner products of the model's n- or V-row matrices; the
 * floors (rank decisions, rounding slack) are those of the matrices they stand for, so both paths decide
 * alike. The dense path passes the matrices themselves (rows = X.rows).
 */
export interface Rows {
  X: Matrix;
  rows: number;
  /**
   * The norm X's rounding is relative to, when it exceeds ‖X‖_F: the blocked path takes G_c's factor from
   * the QR of [1 | G₀ | G̃₀] (blocked/approximate.ts), whose backward error is columnwise relative to
   * ‖G₀‖ ≥ ‖G_c‖, not to ‖G_c‖. Absent: ‖X‖_F (the matrix itself, or a QR of X directly).
   */
  scale?: number;
}

const own = (X: Matrix): Rows => ({ X, rows: X.rows });

/**
 * Rank decision of Y against the rounding floor of the matrix it stands for (rank.ts, tolerance.ts). Where
 * no basis of Y is needed (the σ_min of a bound, a condition number), its singular values alone: the same
 * bits as the SVD with vectors (core svd_right), without the left vectors that are most of its cost.
 */
function rankOf(Y: Rows): RankDecision {
  const known = ranks.get(Y)?.decision ?? decisions.get(Y);
  if (known) return known;
  const X = Y.X, floor = floorOf(Y);
  const decision = X.rows === 0 || X.cols === 0 ? decideRank(X, floor) : X.core.scope(() => decideFromSpectrum(singularValues(withoutZeroRows(X).X), floor, 1, 0));
  decisions.set(Y, decision);
  return decision;
}

const floorOf = (Y: Rows): number => matrixFloor(Math.max(normFro(Y.X), Y.scale ?? 0), Y.rows, Y.X.cols, U);

/**
 * X without its trailing zero rows (a column block of a triangular R factor: half the rows of model A's
 * slices on the blocked path), which change no singular value and add zero rows to U: the SVD runs without them.
 */
function withoutZeroRows(X: Matrix): { X: Matrix; m: number } {
  const x = X.toFloat64Array(), c = X.cols;
  let m = X.rows;
  while (m > 1 && x.subarray((m - 1) * c, m * c).every((v) => v === 0)) m--;
  return { X: m === X.rows ? X : slice(X, 0, m, 0, c), m };
}

/**
 * The rank decision of Y and an orthonormal basis of its column space at that rank (the leading left
 * singular vectors of the one SVD the decision takes). Each Y is asked for its rank up to four times
 * (bound, projection, condition, slack), and one SVD of a 1537 × 768 factor takes seconds at real size,
 * so both are kept with the Rows object (as plain data: core matrices die with their scope).
 */
function ranked(Y: Rows): { decision: RankDecision; basis: Float64Array } {
  const known = ranks.get(Y);
  if (known) return known;
  const X = Y.X, floor = floorOf(Y);
  const out = X.rows === 0 || X.cols === 0 ? { decision: decideRank(X, floor), basis: new Float64Array(0) } : X.core.scope(() => {
    const { X: Xm, m } = withoutZeroRows(X);
    const { U: L, S } = svd(Xm);
    const decision = decideFromSpectrum(Array.from(S.toFloat64Array()), floor, 1, 0);
    const u = L.toFloat64Array(), k = L.cols, r = decision.rank, basis = new Float64Array(X.rows * r);
    for (let i = 0; i < m; i++) for (let j = 0; j < r; j++) basis[i * r + j] = u[i * k + j] as number;
    return { decision, basis };
  });
  ranks.set(Y, out);
  return out;
}

const decisions = new WeakMap<Rows, RankDecision>();
const ranks = new WeakMap<Rows, { decision: RankDecision; basis: Float64Array }>();

/** How much larger than ‖X‖_F the norm is that X's rounding is relative to (Rows.scale; ≥ 1). */
function inflation(X: Rows, norm = normFro(X.X)): number {
  return X.scale === undefined || norm === 0 ? 1 : Math.max(1, X.scale / norm);
}

/** σ_k when X has full column rank k at the rank tolerance, else null. */
function smallestIfFullColumnRank(X: Rows): number | null {
  if (X.X.cols === 0) return null;
  // Full column rank against the rounding floor of X (rank.ts), not a fixed ratio.
  const r = rankOf(X);
  if (r.sigma.length < X.X.cols) return null;
  return r.rank === X.X.cols ? (r.sigma[X.X.cols - 1] as number) : null;
}

/** ‖X − P_{col(Y)} X‖_F: the residual of the best linear map X ≈ Y Mᵀ. */
function projectionResidual(X: Matrix, Y: Rows): number {
  return X.core.scope(() => {
    const { decision, basis } = ranked(Y);
    if (decision.rank === 0) return normFro(X);
    const B = fromArray(X.core, Y.X.rows, decision.rank, basis);
    return normFro(minus(X, mul(B, mul(B, X, { transA: true }))));
  });
}

/** σ₁/σ_k of Y with k its rank at the rank tolerance (1 for Y = 0). */
function conditionOf(Y: Rows): number {
  const r = rankOf(Y);
  const kept = r.sigma.slice(0, r.rank);
  return kept.length === 0 ? 1 : (kept[0] as number) / (kept[kept.length - 1] as number);
}

/** The rounding slack of a computed residual of X (rows × cols) on col(Y): Householder projection (Higham §19) times κ(Y). */
export function residualSlack(rows: number, cols: number, kappaY: number, normX: number): number {
  return 10 * (rows + cols) * EPS * kappaY * normX;
}

export function residualBound(Xr: Rows, Y: Rows, gap: number, gapFloor: number, sigma: number | null, why: string, eX = 0, eY = 0): ResidualBound {
  const X = Xr.X;
  const residual = projectionResidual(X, Y);
  const norm = normFro(X);
  const bound = sigma === null ? null : gap / sigma;
  // The errors of X and Y themselves (first order): the best map T̂ fits the exact data, so the computed
  // residual is off by at most e_X + ‖T̂‖ e_Y, with ‖T̂‖ ≤ ‖X‖ / σ_min(Y).
  const sY = rankOf(Y), sminY = sY.rank > 0 ? (sY.sigma[sY.rank - 1] as number) : 0;
  const dataSlack = eX + (sminY > 0 ? (norm / sminY) * eY : 0);
  // Stand-ins whose rounding is relative to a larger norm (Rows.scale): the same analysis, with that norm.
  const slack = residualSlack(Xr.rows, X.cols, conditionOf(Y), norm) * Math.max(inflation(Xr, norm), inflation(Y)) + 2 * dataSlack;
  const allowed = sigma === null ? null : ((gap + gapFloor) / sigma) * (1 + 1e-8) + slack;
  return {
    residual,
    relative: norm === 0 ? 0 : residual / norm,
    bound,
    rounding: allowed === null || bound === null ? null : allowed - bound,
    holds: allowed === null ? null : residual <= allowed,
    reason: sigma === null ? why : null,
  };
}

/** Rounding bound of a computed ‖Z_c − Z̃_c‖_F: γ_k |F||G_c|ᵀ per entry (Higham §3.5), in Frobenius norms. */
export function logitGapFloor(d: number, dt: number, normsA: number, normsB: number): number {
  return 4 * (d + dt + 2) * EPS * (normsA + normsB);
}

export const MARGIN = 'residual ≤ (‖Z_c − Z̃_c‖ + 4 (d + d̃ + 2) ε (‖F‖‖G_c‖ + ‖F̃‖‖G̃_c‖)) / σ · (1 + 1e−8) + 10 (rows + cols) ε κ(Y) ‖X‖_F + 2 (e_X + ‖X‖ e_Y / σ_min(Y)) (the error bounds of the reduced models): certified with a margin for rounding';

/**
 * The column geometry of both models: F, F̃ (n rows), G_c, G̃_c (V rows) and F, F̃ with their column means
 * removed, each as itself (dense) or as a factor with the same inner products between columns (blocked:
 * slices of the R factor of [1 | F̃ | F] and of [G̃_c | G_c]).
 */
export interface Geometry {
  F: Rows;
  Ft: Rows;
  Gc: Rows;
  Gct: Rows;
  Fc: Rows;
  Fct: Rows;
}

const NOT_G = 'model A is not g-diverse (G_c lacks full column rank): no bound, junk in Γ^⊥ moves F freely (C17)';
const NOT_F = 'model A is not f-diverse (F lacks full column rank): no bound (C17)';

// ‖ΔX Q‖_F ≤ ‖ΔX‖_F for orthonormal Q: the product's rounding stays relative to X's scale.
const times = (X: Rows, Q: Matrix): Rows => ({ X: mul(X.X, Q), rows: X.rows, ...(X.scale === undefined ? {} : { scale: X.scale }) });

/** The residuals and bounds of C17 (full representations) and C18 (reduced, with Q and Q̃), and the CCA. */
export function boundsFrom(g: Geometry, gap: number, gapFloor: number, a: Pick<ApproxSide, 'Q' | 'errors'>, b: Pick<ApproxSide, 'Q' | 'errors'>):
  Pick<ApproximateReport, 'embeddings' | 'unembeddings' | 'reducedEmbeddings' | 'reducedUnembeddings' | 'cca'> {
  return { ...fullBounds(g, gap, gapFloor), ...reducedBounds(g, gap, gapFloor, a, b) };
}

/**
 * The independent pieces of the bounds, each with its own SVDs (none shared between pieces: a piece's
 * rank decisions are of matrices no other piece decides on). The blocked path runs them on worker threads
 * side by side (blocked/approximate-pieces.ts); computed alone or together they give the same numbers.
 */
export const FULL_PIECES = ['embeddings', 'unembeddings'] as const;
export const REDUCED_PIECES = ['reducedEmbeddings', 'reducedUnembeddings', 'cca'] as const;
export type FullPiece = (typeof FULL_PIECES)[number];
export type ReducedPiece = (typeof REDUCED_PIECES)[number];
export type BoundPiece = FullPiece | ReducedPiece;
export type PieceResult = ResidualBound | ApproximateReport['cca'];

/** One of C17's two residuals and bounds (full representations). */
export function fullPiece(g: Geometry, gap: number, gapFloor: number, piece: FullPiece): ResidualBound {
  return piece === 'embeddings'
    ? residualBound(g.F, g.Ft, gap, gapFloor, smallestIfFullColumnRank(g.Gc), NOT_G)
    : residualBound(g.Gc, g.Gct, gap, gapFloor, smallestIfFullColumnRank(g.F), NOT_F);
}

/** C17's two residuals and bounds (full representations). */
export function fullBounds(g: Geometry, gap: number, gapFloor: number): Pick<ApproximateReport, 'embeddings' | 'unembeddings'> {
  return { embeddings: fullPiece(g, gap, gapFloor, 'embeddings'), unembeddings: fullPiece(g, gap, gapFloor, 'unembeddings') };
}

/**
 * The reduced models α = F Q, β = G_c Q of both sides, each product formed on first use (in the caller's
 * core scope) and shared by the pieces that read it.
 */
export interface Reduced { alphaA(): Rows; alphaB(): Rows; betaA(): Rows; betaB(): Rows }

export function reducedOf(g: Geometry, a: Pick<ApproxSide, 'Q'>, b: Pick<ApproxSide, 'Q'>): Reduced {
  const memo = <T>(f: () => T) => { let v: T | undefined; return () => (v ??= f()); };
  return { alphaA: memo(() => times(g.F, a.Q)), alphaB: memo(() => times(g.Ft, b.Q)), betaA: memo(() => times(g.Gc, a.Q)), betaB: memo(() => times(g.Gct, b.Q)) };
}

/** One of C18's two residuals and bounds, or the CCA of the centred reduced embeddings. */
export function reducedPiece(g: Geometry, gap: number, gapFloor: number, a: Pick<ApproxSide, 'Q' | 'errors'>, b: Pick<ApproxSide, 'Q' | 'errors'>, piece: ReducedPiece, red = reducedOf(g, a, b)): PieceResult {
  const core = g.F.X.core;
  if (piece === 'cca') {
    const ccaCorr = core.scope(() => {
      const basis = (X: Rows) => { const { decision, basis: bs } = ranked(X); return fromArray(core, X.X.rows, decision.rank, bs); };
      const Ba = basis(times(g.Fc, a.Q)), Bb = basis(times(g.Fct, b.Q));
      if (Ba.cols === 0 || Bb.cols === 0) return [];
      return singularValues(mul(Ba, Bb, { transA: true })).map((s) => Math.min(1, s));
    });
    return { mean: ccaCorr.length === 0 ? NaN : ccaCorr.reduce((s, x) => s + x, 0) / ccaCorr.length, correlations: ccaCorr };
  }
  // Evaluated here, not inside residualBound's scopes: the products must outlive them.
  const alphaA = red.alphaA(), betaA = red.betaA();
  return piece === 'reducedEmbeddings'
    ? residualBound(alphaA, red.alphaB(), gap, gapFloor, smallestIfFullColumnRank(betaA), 'β_c lacks full column rank r (a rank decision is off)', a.errors?.alpha ?? 0, b.errors?.alpha ?? 0)
    : residualBound(betaA, red.betaB(), gap, gapFloor, smallestIfFullColumnRank(alphaA), 'α_c lacks full column rank r (a rank decision is off)', a.errors?.beta ?? 0, b.errors?.beta ?? 0);
}

/** C18's two residuals and bounds between the reduced models α = F Q, β = G_c Q, and the CCA of the centred α. */
export function reducedBounds(g: Geometry, gap: number, gapFloor: number, a: Pick<ApproxSide, 'Q' | 'errors'>, b: Pick<ApproxSide, 'Q' | 'errors'>):
  Pick<ApproximateReport, 'reducedEmbeddings' | 'reducedUnembeddings' | 'cca'> {
  const red = reducedOf(g, a, b);
  const cca = reducedPiece(g, gap, gapFloor, a, b, 'cca', red) as ApproximateReport['cca'];
  return {
    reducedEmbeddings: reducedPiece(g, gap, gapFloor, a, b, 'reducedEmbeddings', red) as ResidualBound,
    reducedUnembeddings: reducedPiece(g, gap, gapFloor, a, b, 'reducedUnembeddings', red) as ResidualBound,
    cca,
  };
}

/** Rows per block so that a block of logits stays near 2^21 entries (16 MiB). */
function blockRows(V: number): number {
  return Math.max(1, Math.floor(2 ** 21 / Math.max(1, V)));
}

export function approximateComparison(a: ApproxSide, b: ApproxSide): ApproximateReport {
  const n = a.F.rows, V = a.G.rows;
  if (b.F.rows !== n || b.G.rows !== V) {
    throw new CoreError('shape', 'approximateComparison', `models must share contexts and tokens: (n, V) = (${n}, ${V}) vs (${b.F.rows}, ${b.G.rows})`);
  }
  const core = a.F.core;
  return core.scope(() => {
    const Gca = centred(a.G), Gcb = centred(b.G);
    let ss = 0, klab = 0, klba = 0;
    const step = blockRows(V);
    for (let r0 = 0; r0 < n; r0 += step) {
      const r1 = Math.min(n, r0 + step);
      core.scope(() => {
        const Za = mul(slice(a.F, r0, r1, 0, a.F.cols), Gca, { transB: true });
        const Zb = mul(slice(b.F, r0, r1, 0, b.F.cols), Gcb, { transB: true });
        const D = minus(Za, Zb);
        const dd = normFro(D);
        ss += dd * dd;
        const la = logSoftmax(Za), lb = logSoftmax(Zb);
        const out = empty(core, r1 - r0, 1);
        for (const x of klRows(out, la, lb).toFloat64Array()) klab += x;
        for (const x of klRows(out, lb, la).toFloat64Array()) klba += x;
      });
    }
    const gap = Math.sqrt(ss);
    const gapFloor = logitGapFloor(a.F.cols, b.F.cols, normFro(a.F) * normFro(Gca), normFro(b.F) * normFro(Gcb));
    const geometry: Geometry = {
      F: own(a.F), Ft: own(b.F), Gc: own(Gca), Gct: own(Gcb),
      Fc: own(centredColumns(a.F)), Fct: own(centredColumns(b.F)),
    };
    return {
      dLogit: gap / Math.sqrt(n * V),
      logitGap: gap,
      klMean: { ab: klab / n, ba: klba / n },
      ...boundsFrom(geometry, gap, gapFloor, a, b),
      margin: MARGIN,
      gapFloor,
    };
  });
}
