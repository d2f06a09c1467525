// From a claim run to the report's record of it: certify a counterexample exactly, decide the status
// theory.md expects to see, and write the models losslessly.
import type { Claim, NamedInstance } from '../claims.js';
import type { CatalogueEntry } from '../catalogue.js';
import type { Core } from '../wasm/core.js';
import type { ClaimRunResult } from './run-claim.js';
import type { Certificate, ClaimRecord, ClaimStatus, CounterexampleRecord, ModelRecord } from '../report/types.js';
import { matrixRecord, modelHash } from '../report/records.js';
import { findModels } from './models.js';
import { toPredictor } from '../engine/load.js';
import { analyze } from '../engine/analysis.js';
import { singularValues } from '../matrix/decompose.js';
import { type Tolerances } from '../engine/tolerance.js';

function spectrum(core: Core, m: NamedInstance): { spectrum: number[]; rankFloor: number } {
  try {
    return core.scope(() => {
      const a = analyze(toPredictor(core, m, m.name));
      return { spectrum: singularValues(a.L), rankFloor: a.rankL.floor };
    });
  } catch {
    return { spectrum: [], rankFloor: 0 };
  }
}

function certify(claim: Claim, input: unknown): Certificate {
  if (!claim.certify) {
    return { method: 'none', verified: false, checks: [], note: 'no exact certifier for this claim: the failure rests on floating point alone' };
  }
  try {
    return claim.certify(input);
  } catch (e) {
    return { method: 'exact-rational', verified: false, checks: [], note: `exact re-check failed to run: ${(e as Error).message}` };
  }
}

export function toleranceWhy(t: Tolerances, kappa: number | null): string {
  if (kappa === null) return 'not a floor comparison';
  return `a floor derived from rounding-error analysis of the computation (src/engine/tolerance.ts) at input precision ${t.uIn.toExponential(2)}` +
    `${t.floorScale === 1 ? '' : `, scaled by ${t.floorScale}`}, with conditioning κ = ${kappa.toExponential(2)}`;
}

export function buildRecord(entry: CatalogueEntry, r: ClaimRunResult, numRuns: number, core: Core, t: Tolerances, modelFile?: (key: string, name: string) => string | null): ClaimRecord {
  const { claim } = entry;
  let status: ClaimStatus;
  let note: string | null = r.error;
  let counterexample: CounterexampleRecord | null = null;
  if (r.counterexample !== null && r.failure) {
    const certificate = certify(claim, r.counterexample);
    const models = (claim.models ?? findModels)(r.counterexample);
    const records: ModelRecord[] = models.map((m) => ({
      name: m.name, pivot: m.pivot, F: matrixRecord(m.F), G: matrixRecord(m.G), ...spectrum(core, m),
      // A model of dimension 0 (constant logits) is legitimate in theory but not a model file.
      file: m.F.cols > 0 ? (modelFile?.(entry.key, m.name) ?? null) : null,
      sha256: modelHash(m.F, m.G, m.pivot),
    }));
    counterexample = {
      size: r.size!,
      message: r.failure.message,
      residual: r.failure.residual ?? null,
      tolerance: r.failure.tol ?? null,
      kappa: r.failure.kappa ?? null,
      toleranceWhy: toleranceWhy(t, r.failure.kappa ?? null),
      models: records,
      certificate,
      seed: r.seed,
      path: r.path ?? '',
    };
    if (certificate.verified) status = claim.direction === 'holds' ? 'falsified' : 'counterexample-certified';
    else {
      status = 'numerical';
      note = `the failure did not survive exact re-verification: ${certificate.note}` +
        (r.failure.residual !== undefined ? ` (f64 residual ${r.failure.residual.toExponential(2)} against tolerance ${r.failure.tol?.toExponential(2)} at κ = ${r.failure.kappa?.toExponential(2)})` : '');
    }
  } else {
    switch (r.status) {
      case 'held': status = 'held'; break;
      case 'counterexample-not-found': status = 'counterexample-not-found'; note = 'the search found no counterexample: it is too weak for this negative control'; break;
      case 'inconclusive': status = 'inconclusive'; note = `${r.inconclusive} of ${r.runs} runs were inconclusive (conditioning beyond the bound or ambiguous ranks), more than the ${Math.round(r.evidence.required.maxInconclusiveShare * 100)}% allowed`; break;
      case 'insufficient-evidence': status = 'insufficient-evidence'; note = `no counterexample, but too little evidence: ${r.evidence.missing.join('; ')}`; break;
      default: status = 'error';
    }
  }
  return {
    key: entry.key,
    id: entry.id,
    module: entry.module,
    title: claim.title,
    statement: claim.statement,
    direction: claim.direction,
    negates: claim.negates ?? null,
    status,
    asExpected: status === 'held' || status === 'counterexample-certified',
    numRuns,
    runs: r.runs,
    conclusive: r.conclusive,
    vacuous: r.vacuous,
    inconclusive: r.inconclusive,
    failed: r.failed,
    coverage: r.coverage,
    evidence: r.evidence,
    shrinks: r.shrinks,
    shrinkRuns: r.shrinkRuns,
    note,
    counterexample,
  };
}
