// ~L and ~EL of two models from the joint factors, as a job for the blocked pool: each verdict is seconds
// of SVDs, least squares and an inverse at d ≈ 1000 (the dense engine's linearMap / extendedLinearMap on
// the stand-ins), and the two are independent, so they run side by side on two workers instead of one
// after the other on the main thread. A worker rebuilds both models' analyses from plain data (the R
// factors, their SVDs, the streamed norms) in its own core — for ~L only their rank half (FactorRanks) —
// with the same inputs and the same functions as on the main thread, so the verdict is the same bit for
// bit wherever it runs.
import type { Core } from '../../wasm/core.js';
import { linearMap, extendedLinearMap, type MapVerdict } from '../equivalence.js';
import { DEFAULT_TOLERANCES, type Tolerances } from '../tolerance.js';
import type { FactorAnalysis } from '../analysis.js';
import { factorAnalysis, factorRanksOf, type UnembeddingNorms } from './structure.js';
import type { ModelFactors, JointFactors } from './decision.js';
import type { SmallMatrix } from './small-svd.js';
import type { ReducedSide } from './approximate.js';

export type MapKind = '~L' | '~EL';
/** What one block of the maps job computes: a map verdict, or the models' summaries alone. */
export type MapsBlock = MapKind | 'summary';

export interface MapsInput {
  models: [ModelFactors, ModelFactors];
  norms: [UnembeddingNorms, UnembeddingNorms];
  standIns: JointFactors['standIns'];
  /** The unit roundoff the verdicts are asked at (tolerance.ts uIn: the coarser of f64's and --precision). */
  uIn: number;
}

/** A MapVerdict as plain data (M copied out of the core), to cross a thread. */
export type PlainMapVerdict = Omit<MapVerdict, 'M'> & { M: SmallMatrix | null };

export function mapTolerances(uIn: number): Tolerances {
  return { ...DEFAULT_TOLERANCES, uIn: Math.max(DEFAULT_TOLERANCES.uIn, uIn) };
}

export function plainVerdict(v: MapVerdict): PlainMapVerdict {
  return { ...v, M: v.M ? { rows: v.M.rows, cols: v.M.cols, data: v.M.toFloat64Array() } : null };
}

/** What a report says of one model (the fields cli/compare.ts modelJson reads), as plain data. */
export type ModelSummary = Pick<FactorAnalysis, 'precision' | 'n' | 'V' | 'd' | 'rankF' | 'rankG0' | 'rankL' | 'r' | 'rConclusive' | 'fDiverse' | 'gDiverse' | 'ambiguity'> & { p: { pivot: number } };

/**
 * One block of the maps job: a map verdict; the ~EL block, which builds the full analyses anyway, also
 * brings both models' summaries and reduced sides, so the main thread's core does none of this work (at d = 768 it
 * would hold a third copy of every d × d and (d + d̃) × d matrix beside the two workers').
 */
export interface MapsResult {
  verdict: PlainMapVerdict | null;
  models: [ModelSummary, ModelSummary] | null;
  reduced: [ReducedSide, ReducedSide] | null;
}

function summary(a: FactorAnalysis): ModelSummary {
  const { precision, n, V, d, rankF, rankG0, rankL, r, rConclusive, fDiverse, gDiverse, ambiguity } = a;
  return { precision, n, V, d, rankF, rankG0, rankL, r, rConclusive, fDiverse, gDiverse, ambiguity, p: { pivot: a.p.pivot } };
}

function reducedSide(a: FactorAnalysis): ReducedSide {
  return { Q: { rows: a.Q.rows, cols: a.Q.cols, data: a.Q.toFloat64Array() }, errors: { alpha: a.errors.alpha, beta: a.errors.beta } };
}

/** One block of the maps job, in the caller's core (freed on return). */
export function runMapsBlock(core: Core, input: MapsInput, block: MapsBlock): MapsResult {
  const t = mapTolerances(input.uIn);
  return core.scope(() => {
    if (block === '~L') {
      // ~L reads the rank decisions and floors alone: the structure's products (1 s per model at d = 768) are left out.
      const [A, B] = input.models.map((m, i) => factorRanksOf(core, m, input.norms[i]!, t, input.standIns[i]));
      return { verdict: plainVerdict(linearMap(A!, B!, t)), models: null, reduced: null };
    }
    const [A, B] = input.models.map((m, i) => factorAnalysis(core, m, input.norms[i]!, t, input.standIns[i])) as [FactorAnalysis, FactorAnalysis];
    const verdict = block === '~EL' ? plainVerdict(extendedLinearMap(A, B, t)) : null;
    return { verdict, models: [summary(A), summary(B)], reduced: [reducedSide(A), reducedSide(B)] };
  });
}
