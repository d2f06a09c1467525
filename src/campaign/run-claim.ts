// Running one claim: its fast-check property over a core, with counts of conclusive and inconclusive
// runs, and a result that says whether the claim behaved as theory.md says.
import fc from 'fast-check';
import type { Claim, CheckContext, Outcome, ShrinkBounds } from '../claims.js';
import type { Core } from '../wasm/core.js';
import { loadCore } from '../wasm/loader.js';
import { defaultEngine, type Engine } from '../engine/index.js';
import { DEFAULT_TOLERANCES, type Tolerances } from '../engine/tolerance.js';

/** Thrown inside a property when the stated claim fails on an instance; fast-check shrinks on it. */
export class ClaimFailure extends Error {
  override readonly name = 'ClaimFailure';
  constructor(readonly outcome: Extract<Outcome, { kind: 'fail' }>) {
    super(outcome.message);
  }
}

export type ClaimStatus =
  /** holds: no counterexample in the budget. */
  | 'held'
  /** holds: a counterexample was found (issue 4 certifies it exactly before calling it a falsification). */
  | 'falsified'
  /** refutable: the search found a counterexample, as it should. */
  | 'counterexample-found'
  /** refutable: no counterexample found: the search is too weak. */
  | 'counterexample-not-found'
  /** too many runs were inconclusive to draw a conclusion. */
  | 'inconclusive'
  /** the check itself threw (a core error, a bug): no verdict. */
  | 'error';

export interface ClaimRunOptions {
  core?: Core;
  engine?: Engine;
  tol?: Tolerances;
  seed?: number;
  numRuns?: number;
  /** Replay a recorded failure: fast-check's path. */
  path?: string;
  /** Pinned inputs replayed before the random ones. */
  examples?: unknown[];
  /** Skip shrinking (faster, for exploration). */
  endOnFailure?: boolean;
  /** Called after every run (for progress bars). */
  onRun?: (done: number, total: number) => void;
  /** Stop the claim after this many milliseconds (fast-check's interruptAfterTimeLimit): a partial run. */
  timeLimitMs?: number;
}

export interface ClaimRunResult {
  id: string;
  status: ClaimStatus;
  /** Whether the claim behaved as theory.md says (held / counterexample-found). */
  asExpected: boolean;
  runs: number;
  /** Runs where the claim was checked and held (or, refutable, the naive statement held). */
  conclusive: number;
  /** Runs where the claim's hypothesis did not apply. */
  vacuous: number;
  inconclusive: number;
  seed: number;
  path: string | null;
  shrinks: number;
  timeMs: number;
  counterexample: unknown | null;
  failure: Extract<Outcome, { kind: 'fail' }> | null;
  size: ShrinkBounds | null;
  error: string | null;
  /** Stopped by the time limit before numRuns. */
  interrupted: boolean;
}

/** The fast-check property of a claim, counting outcomes into `stats`. */
export function claimProperty(claim: Claim, ctx: CheckContext, stats = { ok: 0, vacuous: 0, inconclusive: 0 }, onRun?: () => void): fc.IProperty<[unknown]> {
  return fc.property(claim.arbitrary, (input) => {
    onRun?.();
    const outcome = ctx.core.scope(() => claim.check(input, ctx));
    if (outcome.kind === 'inconclusive') {
      stats.inconclusive++;
      fc.pre(false);
    }
    if (outcome.kind === 'fail') throw new ClaimFailure(outcome);
    if (outcome.kind === 'vacuous') stats.vacuous++;
    else stats.ok++;
    return true;
  });
}

export function runClaim(claim: Claim, o: ClaimRunOptions = {}): ClaimRunResult {
  const core = o.core ?? loadCore();
  const ctx: CheckContext = { core, engine: o.engine ?? defaultEngine, tol: o.tol ?? DEFAULT_TOLERANCES };
  const seed = o.seed ?? 42;
  const numRuns = o.numRuns ?? claim.budget.numRuns;
  const stats = { ok: 0, vacuous: 0, inconclusive: 0 };
  const start = performance.now();
  let done = 0;
  const onRun = o.onRun ? () => o.onRun!(++done, numRuns) : undefined;
  const details = fc.check(claimProperty(claim, ctx, stats, onRun), {
    seed,
    numRuns,
    path: o.path,
    endOnFailure: o.endOnFailure ?? false,
    examples: (o.examples ?? []).map((e) => [e]),
    // Inconclusive runs are skipped; allow up to one skip per run before giving up.
    maxSkipsPerRun: 1,
    ...(o.timeLimitMs !== undefined ? { interruptAfterTimeLimit: o.timeLimitMs, markInterruptAsFailure: false } : {}),
  });
  const timeMs = performance.now() - start;
  const failed = details.failed;
  const ce = failed && details.counterexample ? details.counterexample[0] : null;
  const cause = details.errorInstance;
  const failure = cause instanceof ClaimFailure ? cause.outcome : null;
  const error = failed && !failure ? String(cause instanceof Error ? cause.message : cause) : null;
  let status: ClaimStatus;
  // fast-check gives up (and reports a failure without a counterexample) after too many skipped runs.
  const tooManySkips = failed && !failure && ce === null && /pre-?condition/i.test(String(error));
  if (failed && failure) status = claim.direction === 'holds' ? 'falsified' : 'counterexample-found';
  else if (tooManySkips) status = 'inconclusive';
  else if (failed) status = 'error';
  else status = claim.direction === 'holds' ? 'held' : 'counterexample-not-found';
  return {
    id: claim.id,
    status,
    asExpected: status === 'held' || status === 'counterexample-found',
    runs: details.numRuns,
    conclusive: stats.ok,
    vacuous: stats.vacuous,
    inconclusive: details.numSkips,
    seed,
    path: details.counterexamplePath ?? null,
    shrinks: details.numShrinks,
    timeMs,
    counterexample: ce,
    failure,
    size: ce === null ? null : claim.size(ce),
    error,
    interrupted: details.interrupted,
  };
}
