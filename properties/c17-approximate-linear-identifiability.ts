// C17 approximate linear identifiability (theory.md §6; after Nielsen, Marconato, Gresele, Dittadi, Buchholz
// 2026). holds: for any two models on the same contexts and tokens, if model A's centred unembeddings G_c
// have full column rank d, the best map satisfies ‖F − F̃ T̂ᵀ‖_F ≤ ‖Z_c − Z̃_c‖_F / σ_d(G_c); if F has full
// column rank, ‖G_c − G̃_c Ŝᵀ‖_F ≤ ‖Z_c − Z̃_c‖_F / σ_d(F). Pairs are equivalent, unrelated, or perturbed
// copies at scales 1e−8 … 1. refutable: without g-diversity no bound of this form exists: equivalent
// models with embedding junk in Γ^⊥ have Z_c = Z̃_c but F far from any linear image of F̃, so the naive
// bound with the smallest non-zero singular value of G_c is violated.
//
// Certification: the holds part numerically, with a margin (residual ≤ bound (1 + 1e−8) + 10 (rows + cols) ε ‖X‖_F;
// approximate.ts); the refutable part exactly, on the stored doubles (src/certify/approximate-exact.ts: the
// residual, the logit gap and a rational lower bound of σ_k(G_c)², no square root and no SVD). The algebraic identity behind the bound, (I − P)(Z_c − Z̃_c) = (F − F̃ T̂ᵀ) G_cᵀ, is proved over
// any field in proofs/Approximate.v (approximate_gap_identity); the norm inequality stays on paper.
import fc from 'fast-check';
import { defineClaim, OK, okIn, type CheckContext, type ClaimId, type Evidence, type Outcome, SEARCH_EVIDENCE } from '../src/claims.js';
import type { Engine } from '../src/engine/index.js';
import type { Analysis } from '../src/engine/analysis.js';
import { approximateComparison, type ApproximateReport } from '../src/engine/approximate.js';
import { toPredictor } from '../src/engine/load.js';
import { familyArb, type Family } from '../src/gen/arbitraries.js';
import type { Instance } from '../src/gen/block.js';
import { mulberry32, gaussian } from '../src/gen/prng.js';
import { fromArray } from '../src/matrix/create.js';
import { decideRank } from '../src/engine/rank.js';
import { certifyNaiveBound } from '../src/certify/approximate-exact.js';
import { pairArb, sizeOf, fail, type Pair } from './helpers.js';

/** CLAIM_IDS gains 'C17' when this module joins the catalogue. */
export const C17 = 'C17' as ClaimId;

type ApproxEngine = { approximateComparison: typeof approximateComparison };
/** The engine's function when it has one (so a broken copy of the engine is noticed), else this module's. */
export function approximateOf(e: Engine): typeof approximateComparison {
  return (e as Partial<ApproxEngine>).approximateComparison ?? approximateComparison;
}

export interface PerturbedPair {
  pair: Pair;
  /** Relative size of the Gaussian perturbation added to model B (0: B as drawn). */
  scale: number;
  seed: number;
}

export const SCALES = [0, 1e-8, 1e-4, 1e-2, 1] as const;

/** The regime of a draw, by how far B was moved: the evidence needs conclusive runs at each distance. */
export function scaleRegime(scale: number): string {
  return scale === 0 ? 'unperturbed' : scale <= 1e-4 ? 'perturbed 1e−8…1e−4' : 'perturbed 1e−2…1';
}

/** Conclusive runs in each scale regime (about a fifth, two fifths and two fifths of the draws). */
export function scaleEvidence(minConclusive: number, perRegime: [number, number, number]): Evidence {
  return { minConclusive, perRegime: { unperturbed: perRegime[0], 'perturbed 1e−8…1e−4': perRegime[1], 'perturbed 1e−2…1': perRegime[2] } };
}

export function perturbedPairArb(): fc.Arbitrary<PerturbedPair> {
  return fc.record({
    pair: pairArb({ mode: 'float', minR: 1 }),
    scale: fc.constantFrom(...SCALES),
    seed: fc.integer({ min: 0, max: 2 ** 31 - 1 }),
  });
}

export function perturb(m: Instance, scale: number, seed: number): Instance {
  if (scale === 0) return m;
  const rng = mulberry32(seed);
  const jitter = (x: Instance['F']) => ({ ...x, data: x.data.map((v) => v + scale * (1 + Math.abs(v)) * gaussian(rng)) });
  return { ...m, F: jitter(m.F), G: jitter(m.G) };
}

/** Analyse both models and compare them approximately. */
export function compareApprox(a: Pick<Instance, 'F' | 'G' | 'pivot'>, b: Pick<Instance, 'F' | 'G' | 'pivot'>, ctx: CheckContext): { A: Analysis; B: Analysis; r: ApproximateReport } {
  const A = ctx.engine.analyze(toPredictor(ctx.core, a, 'model A'), ctx.tol);
  const B = ctx.engine.analyze(toPredictor(ctx.core, b, 'model B'), ctx.tol);
  const r = approximateOf(ctx.engine)({ F: A.p.F, G: A.p.G, Q: A.Q, errors: { alpha: A.errors.alpha, beta: A.errors.beta } }, { F: B.p.F, G: B.p.G, Q: B.Q, errors: { alpha: B.errors.alpha, beta: B.errors.beta } });
  return { A, B, r };
}

function checkHolds({ pair, scale, seed }: PerturbedPair, ctx: CheckContext): Outcome {
  const b = perturb(pair.b, scale, seed);
  const { A, B, r } = compareApprox(pair.a, b, ctx);
  if (A.ambiguous || B.ambiguous) return { kind: 'inconclusive', why: 'a rank decision is ambiguous' };
  if (r.embeddings.bound === null && r.unembeddings.bound === null) return { kind: 'vacuous', why: 'model A is neither g-diverse nor f-diverse: no C17 bound applies' };
  for (const [what, x] of [['‖F − F̃ T̂ᵀ‖ ≤ ‖Z_c − Z̃_c‖ / σ_d(G_c)', r.embeddings], ['‖G_c − G̃_c Ŝᵀ‖ ≤ ‖Z_c − Z̃_c‖ / σ_d(F)', r.unembeddings]] as const) {
    if (x.holds === false) return fail(`${what} fails: residual ${x.residual.toExponential(3)} > bound ${x.bound!.toExponential(3)} (d_logit ${r.dLogit.toExponential(2)}, perturbation ${scale})`);
  }
  return okIn(scaleRegime(scale));
}

/** The naive bound of the refutable part: ‖Z_c − Z̃_c‖ / σ_k(G_c) with σ_k the smallest non-zero singular value. */
function checkNaive(fam: Family, ctx: CheckContext): Outcome {
  const [a, b] = fam.members as [Instance, Instance];
  const { A, r } = compareApprox(a, b, ctx);
  if (A.ambiguous) return { kind: 'inconclusive', why: 'a rank decision is ambiguous' };
  const G = A.p.G.toFloat64Array(), V = A.p.G.rows, d = A.p.G.cols;
  for (let k = 0; k < d; k++) {
    let m = 0;
    for (let y = 0; y < V; y++) m += (G[y * d + k] as number) / V;
    for (let y = 0; y < V; y++) G[y * d + k] = (G[y * d + k] as number) - m;
  }
  // k = rank G_c against its rounding floor (rank.ts); σ_k the smallest singular value kept.
  const rankGc = d === 0 ? null : ctx.core.scope(() => decideRank(fromArray(ctx.core, V, d, G)));
  if (rankGc?.ambiguous) return { kind: 'inconclusive', why: `rank G_c: ${rankGc.why}` };
  const kept = rankGc === null ? [] : rankGc.sigma.slice(0, rankGc.rank);
  if (kept.length === 0) return { kind: 'vacuous', why: 'G_c = 0' };
  const bound = r.logitGap / (kept[kept.length - 1] as number);
  const slack = 10 * (A.n + d) * 2 ** -52 * Math.hypot(...A.p.F.toFloat64Array());
  if (r.embeddings.residual > bound * (1 + 1e-8) + slack) {
    return fail(`model A (d = ${d}, rank G_c = ${kept.length}${A.gDiverse ? '' : ', not g-diverse'}) and B give d_logit ${r.dLogit.toExponential(2)}, yet ‖F − F̃ T̂ᵀ‖ = ${r.embeddings.residual.toExponential(3)} > ${bound.toExponential(3)}`);
  }
  return OK;
}

export default defineClaim<PerturbedPair>({
  id: C17,
  title: 'Approximate linear identifiability: logit distance bounds the best linear map between embeddings',
  statement: 'After Nielsen, Marconato, Gresele, Dittadi and Buchholz (2026): if G_c has full column rank, ‖F − F̃ T̂ᵀ‖_F ≤ ‖Z_c − Z̃_c‖_F / σ_d(G_c) with T̂ᵀ = F̃⁺F; symmetrically for G_c when F has full column rank.',
  direction: 'holds',
  budget: { numRuns: 500 },
  // Only the g-diverse (or f-diverse) draws fall under the bound, about two in five: the rest are vacuous.
  // Measured at seeds 20261124, 1, 2: 35–44 unperturbed, 70–82 and 73–88 perturbed conclusive runs.
  evidence: scaleEvidence(100, [20, 40, 40]),
  arbitrary: perturbedPairArb(),
  check: checkHolds,
  size: ({ pair }) => sizeOf(pair.a, pair.b),
});

export const refutable = defineClaim<Family>({
  id: C17,
  title: 'Without g-diversity no logit-distance bound on the embeddings exists',
  statement: 'Without g-diversity, embedding junk in Γ^⊥ moves F arbitrarily at d_logit = 0.',
  direction: 'refutable',
  evidence: SEARCH_EVIDENCE,
  negates: 'the bound holds with the smallest non-zero singular value of G_c in place of σ_d(G_c)',
  budget: { numRuns: 200 },
  // Exact mode (integer entries, unimodular maps): rank G_c < d holds exactly, as the certificate requires.
  arbitrary: familyArb(2, { mode: 'exact', minR: 1, maxP: 2, maxQ: 0 }),
  check: checkNaive,
  certify: ({ members: [a, b] }) => certifyNaiveBound(a!, b!),
  size: (fam) => sizeOf(...fam.members),
  shrinkBounds: { n: 4, V: 4, d: 4 },
});
