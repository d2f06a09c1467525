// C18 approximate extended identifiability (theory.md §6). holds: for any two models on the same contexts
// and tokens, the reduced models of the centred form (α_c = F Q, β_c = G_c Q) satisfy
// ‖α_c − α̃_c T̂ᵀ‖_F ≤ ‖Z_c − Z̃_c‖_F / σ_r(β_c) and ‖β_c − β̃_c Ŝᵀ‖_F ≤ ‖Z_c − Z̃_c‖_F / σ_r(α_c): no diversity
// needed. refutable: KL does not control the reduced maps: changing the logits of tokens that are
// improbable in every context leaves the mean KL at ~1e−25 while the reduced embeddings are far from
// linearly related; the naive claim "mean KL ≤ 1e−9 ⇒ relative residual ≤ 1e−3" must be refuted.
//
// Certification: the holds part numerically, with a margin (approximate.ts), as for C17; the refutable part
// exactly, on the stored doubles (src/certify/approximate-exact.ts: a rational upper bound of the mean KL,
// the reduced residual in a rational basis of R).
import fc from 'fast-check';
import { defineClaim, OK, okIn, type CheckContext, type ClaimId, type Outcome, SEARCH_EVIDENCE } from '../src/claims.js';
import { dense } from '../src/dense.js';
import type { Instance } from '../src/gen/block.js';
import { mulberry32, gaussian } from '../src/gen/prng.js';
import { sizeOf, fail } from './helpers.js';
import { Rational } from '../src/exact/index.js';
import { certifyKlNotControlling } from '../src/certify/approximate-exact.js';
import { compareApprox, perturb, perturbedPairArb, scaleRegime, scaleEvidence, type PerturbedPair } from './c17-approximate-linear-identifiability.js';

/** CLAIM_IDS gains 'C18' when this module joins the catalogue. */
export const C18 = 'C18' as ClaimId;

function checkHolds({ pair, scale, seed }: PerturbedPair, ctx: CheckContext): Outcome {
  const { A, B, r } = compareApprox(pair.a, perturb(pair.b, scale, seed), ctx);
  if (A.ambiguous || B.ambiguous) return { kind: 'inconclusive', why: 'a rank decision is ambiguous' };
  if (A.r === 0) return { kind: 'vacuous', why: 'r = 0: nothing to map' };
  for (const [what, x] of [['‖α_c − α̃_c T̂ᵀ‖ ≤ ‖Z_c − Z̃_c‖ / σ_r(β_c)', r.reducedEmbeddings], ['‖β_c − β̃_c Ŝᵀ‖ ≤ ‖Z_c − Z̃_c‖ / σ_r(α_c)', r.reducedUnembeddings]] as const) {
    if (x.holds === null) return { kind: 'inconclusive', why: x.reason ?? 'no bound' };
    if (!x.holds) return fail(`${what} fails: residual ${x.residual.toExponential(3)} > bound ${x.bound!.toExponential(3)} (d_logit ${r.dLogit.toExponential(2)})`);
  }
  return okIn(scaleRegime(scale));
}

/** A model plus a coordinate f_{d+1} = 1, g_{d+1} = −80 on the last `rare` tokens, and a partner whose f_{d+1} varies per context. */
export interface RarePair {
  a: Model;
  b: Model;
}

type Model = Pick<Instance, 'F' | 'G' | 'pivot'>;

export function rarePairArb(): fc.Arbitrary<RarePair> {
  return fc.record({ n: fc.integer({ min: 3, max: 8 }), V: fc.integer({ min: 3, max: 8 }), d: fc.integer({ min: 1, max: 3 }), seed: fc.integer({ min: 0, max: 2 ** 31 - 1 }) }).map(({ n, V, d, seed }) => {
    const rng = mulberry32(seed);
    const rare = Math.max(1, Math.floor(V / 3));
    const D = d + 1;
    const base = Array.from({ length: n * d }, () => gaussian(rng));
    const G = dense(V, D);
    for (let y = 0; y < V; y++) {
      for (let k = 0; k < d; k++) G.data[y * D + k] = gaussian(rng);
      G.data[y * D + d] = y >= V - rare ? -80 : 0;
    }
    const F = (moved: boolean) => {
      const m = dense(n, D);
      for (let i = 0; i < n; i++) {
        for (let k = 0; k < d; k++) m.data[i * D + k] = base[i * d + k] as number;
        m.data[i * D + d] = moved ? 0.75 + 0.5 * rng() : 1;
      }
      return m;
    };
    const inst = (moved: boolean): Model => ({ F: F(moved), G, pivot: 0 });
    return { a: inst(false), b: inst(true) };
  });
}

/** The negated claim's thresholds: mean KL at most KL_MAX, relative residual of the reduced embeddings at most REL_MAX. */
const KL_MAX = '1e-9', REL_MAX = '1e-3';

function checkKl({ a, b }: RarePair, ctx: CheckContext): Outcome {
  const { A, B, r } = compareApprox(a, b, ctx);
  if (A.ambiguous || B.ambiguous) return { kind: 'inconclusive', why: 'a rank decision is ambiguous' };
  if (r.klMean.ab <= Number(KL_MAX) && r.reducedEmbeddings.relative > Number(REL_MAX)) {
    return fail(`mean KL(P‖P̃) = ${r.klMean.ab.toExponential(2)} ≤ 1e−9, yet the reduced embeddings are related only with relative residual ${r.reducedEmbeddings.relative.toExponential(2)} (d_logit ${r.dLogit.toExponential(2)})`);
  }
  return OK;
}

export default defineClaim<PerturbedPair>({
  id: C18,
  title: 'Approximate extended identifiability: logit distance bounds the best map between reduced models',
  statement: 'After Nielsen et al. (2026), in the reduced form of Marconato et al. (2025): ‖α_c − α̃_c T̂ᵀ‖_F ≤ ‖Z_c − Z̃_c‖_F / σ_r(β_c) and ‖β_c − β̃_c Ŝᵀ‖_F ≤ ‖Z_c − Z̃_c‖_F / σ_r(α_c), for any models.',
  direction: 'holds',
  budget: { numRuns: 500 },
  // Measured at seeds 20261124, 1, 2: 94–100 unperturbed, 192–200 and 197–209 perturbed conclusive runs.
  evidence: scaleEvidence(250, [50, 120, 120]),
  arbitrary: perturbedPairArb(),
  check: checkHolds,
  size: ({ pair }) => sizeOf(pair.a, pair.b),
});

export const refutable = defineClaim<RarePair>({
  id: C18,
  title: 'KL does not control the reduced maps',
  statement: 'Changing the logits of tokens improbable in every context leaves the mean KL near zero and moves the reduced embeddings far from any linear image of each other.',
  direction: 'refutable',
  evidence: SEARCH_EVIDENCE,
  negates: 'mean KL(P‖P̃) ≤ 1e−9 implies reduced embeddings linearly related within relative residual 1e−3',
  budget: { numRuns: 100 },
  arbitrary: rarePairArb(),
  check: checkKl,
  certify: ({ a, b }) => certifyKlNotControlling(a, b, Rational.parse(KL_MAX), Rational.parse(REL_MAX)),
  size: ({ a, b }) => ({ n: a.F.rows, V: a.G.rows, d: Math.max(a.F.cols, b.F.cols) }),
  shrinkBounds: { n: 8, V: 8, d: 4 },
});
