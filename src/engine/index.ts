// The engine as one object. Properties call the engine only through this object, so a test can hand
// them a copy with one function deliberately broken and show that the property notices.
import { analyze } from './analysis.js';
import { distributionEquivalence, linearEquivalence, extendedLinearEquivalence, halfDiversity, projectionForm } from './equivalence.js';
import { minimalModel } from './minimal.js';
import { logOdds, logits, logProbabilities, unembeddingDifferences, predictor, amplification } from './predictor.js';
import { decideRank } from './rank.js';
import { fitLinear } from './fit.js';
import { unembeddingParallelism, embeddingParallelism } from './linear/parallelism.js';
import { whitenedGram, whiteningAgreement } from './linear/whitening.js';
import { relationalFns } from './linear/relational.js';
import { probingFns } from './linear/probing.js';
import { steeringFns } from './linear/steering.js';
import { approximateComparison } from './approximate.js';

export const defaultEngine = {
  predictor,
  logits,
  logProbabilities,
  amplification,
  logOdds,
  unembeddingDifferences,
  decideRank,
  analyze,
  minimalModel,
  distributionEquivalence,
  linearEquivalence,
  extendedLinearEquivalence,
  halfDiversity,
  projectionForm,
  fitLinear,
  unembeddingParallelism,
  embeddingParallelism,
  whitenedGram,
  whiteningAgreement,
  ...relationalFns,
  ...probingFns,
  ...steeringFns,
  approximateComparison,
};

export type Engine = typeof defaultEngine;

export type { Analysis } from './analysis.js';
export type { Predictor } from './predictor.js';
export type { Verdict } from './fit.js';
export type { MapVerdict, DistributionVerdict, HalfDiversity } from './equivalence.js';
