// A verification campaign: the selected claims, each run at its budget with a seed derived from the
// campaign seed and its key, counterexamples certified, everything gathered into one Report.
import { selectEntries, type CatalogueEntry } from '../catalogue.js';
import { loadCore, type BuildChoice } from '../wasm/loader.js';
import type { Core } from '../wasm/core.js';
import { defaultEngine, type Engine } from '../engine/index.js';
import { DEFAULT_TOLERANCES, type Tolerances } from '../engine/tolerance.js';
import { runClaim } from './run-claim.js';
import { buildRecord } from './record.js';
import { claimSeed, shardOf } from './seeds.js';
import { pinnedRegressions } from './corpus.js';
import { toolVersion, wasmIdentity, runtimeIdentity } from './identity.js';
import type { ClaimRecord, Report } from '../report/types.js';
import { REPORT_FORMAT } from '../report/types.js';
import { modelFileName } from '../report/records.js';
import { summarize } from '../report/summary.js';
import { setProfile, BUDGET_DIVISOR, type Profile } from '../gen/profile.js';
import { DEFAULT_MAX_INCONCLUSIVE } from '../claims.js';

export interface CampaignOptions {
  seed: number;
  /** Claim ids or keys; null for the whole catalogue. */
  claims: string[] | null;
  /** Runs per claim instead of each claim's default budget. */
  runs: number | null;
  shard: { index: number; count: number } | null;
  build: BuildChoice;
  /** Stop starting new claims after this long, and cut the running one short: a partial report. */
  timeBudgetMs: number | null;
  tol?: Tolerances;
  /** The generation profile (default 'default'); 'stress' also divides default budgets by BUDGET_DIVISOR. */
  profile?: Profile;
  /** The engine the claims run on (in this thread only; workers use the default): tests plant bugs here. */
  engine?: Engine;
  /** Name model files for counterexamples in the report (written next to it by writeReport). */
  modelFiles?: boolean;
  /**
   * Expected time per claim key (e.g. a previous report's timing.perClaimMs): the worker pool starts the
   * longest claims first so no worker is left with a long one at the end. Order only: results do not change.
   */
  costs?: Record<string, number>;
}

/**
 * The claims a campaign can run, passed in by the composition root (src/cli/catalogue-root.ts): the
 * campaign knows claims only through this interface, never the property modules. Claims hold functions,
 * which cannot cross a thread boundary, so a worker thread imports `module` and takes its export
 * `CATALOGUE`, which must be this same catalogue.
 */
export interface CampaignCatalogue {
  entries: readonly CatalogueEntry[];
  /** URL of the module whose export CATALOGUE is this catalogue (its own import.meta.url). */
  module: string;
}

export type ProgressEvent =
  | { kind: 'start'; key: string; total: number }
  | { kind: 'run'; key: string; done: number; total: number }
  | { kind: 'end'; key: string; record: ClaimRecord; ms: number };

/** The entries a campaign runs, in catalogue order, after selection and sharding. */
export function campaignEntries(o: Pick<CampaignOptions, 'claims' | 'shard'>, catalogue: CampaignCatalogue): CatalogueEntry[] {
  return shardOf(selectEntries(o.claims, catalogue.entries), o.shard);
}

export function replayCommand(o: CampaignOptions): string {
  const parts = ['aon verify', `--seed ${o.seed}`];
  if (o.claims) parts.push(`--claims ${o.claims.join(',')}`);
  if (o.runs !== null) parts.push(`--runs ${o.runs}`);
  if (o.shard) parts.push(`--shard ${o.shard.index + 1}/${o.shard.count}`);
  if (o.build !== 'auto') parts.push(`--build ${o.build}`);
  if (o.profile && o.profile !== 'default') parts.push(`--profile ${o.profile}`);
  return parts.join(' ');
}

/** Run one entry and record it. */
export function runEntry(entry: CatalogueEntry, o: CampaignOptions, core: Core, onProgress?: (e: ProgressEvent) => void, timeLimitMs?: number): { record: ClaimRecord; ms: number } {
  const tol = o.tol ?? DEFAULT_TOLERANCES;
  const profile = o.profile ?? 'default';
  setProfile(profile);
  const numRuns = o.runs ?? Math.ceil(entry.claim.budget.numRuns / BUDGET_DIVISOR[profile]);
  onProgress?.({ kind: 'start', key: entry.key, total: numRuns });
  const start = performance.now();
  const r = runClaim(entry.claim, {
    core, engine: o.engine ?? defaultEngine, tol, seed: claimSeed(o.seed, entry.key), numRuns,
    examples: pinnedRegressions(entry.key, entry.claim.direction),
    onRun: onProgress ? (done, total) => onProgress({ kind: 'run', key: entry.key, done, total }) : undefined,
    ...(timeLimitMs !== undefined ? { timeLimitMs } : {}),
  });
  const record = buildRecord(entry, r, numRuns, core, tol, o.modelFiles ? modelFileName : undefined);
  if (r.interrupted && (record.status === 'held' || record.status === 'insufficient-evidence')) {
    record.note = `interrupted by the time budget after ${r.runs} of ${numRuns} runs`;
  }
  const ms = performance.now() - start;
  onProgress?.({ kind: 'end', key: entry.key, record, ms });
  return { record, ms };
}

/** The tolerances as the report records them: every field, floorScale 1 unless scaled. */
export function reportTolerances(t: Tolerances): Report['tolerances'] {
  return { uIn: t.uIn, floorScale: t.floorScale };
}

/** The report for a set of finished records (in catalogue order), with the identity of this tool. */
export function assembleReport(o: CampaignOptions, catalogue: CampaignCatalogue, records: ClaimRecord[], perClaimMs: Record<string, number>, startedAt: Date, partial: boolean, core: Core): Report {
  const entries = campaignEntries(o, catalogue);
  const byKey = new Map(records.map((r) => [r.key, r]));
  const claims = entries.map((e) => byKey.get(e.key) ?? notRun(e));
  const finishedAt = new Date();
  return {
    format: REPORT_FORMAT,
    tool: { name: 'all-or-none', version: toolVersion() },
    wasm: wasmIdentity(core.build, core.simd, core.raw.abi_version()),
    runtime: runtimeIdentity(),
    campaign: { seed: o.seed, claims: entries.map((e) => e.key), runs: o.runs, shard: o.shard, partial, replay: replayCommand(o), profile: o.profile ?? 'default' },
    tolerances: reportTolerances(o.tol ?? DEFAULT_TOLERANCES),
    claims,
    summary: summarize(claims, partial ? [partialNote(entries.length, records.length, claims)] : []),
    timing: { startedAt: startedAt.toISOString(), finishedAt: finishedAt.toISOString(), totalMs: finishedAt.getTime() - startedAt.getTime(), perClaimMs },
  };
}

/** What a partial campaign lacks, in one line. */
function partialNote(total: number, finished: number, claims: ClaimRecord[]): string {
  const cut = claims.filter((c) => c.note?.startsWith('interrupted by the time budget')).map((c) => c.key);
  const notRunKeys = claims.filter((c) => c.status === 'not-run').map((c) => c.key);
  return `partial campaign: ${finished} of ${total} claims ran${cut.length ? `, ${cut.join(', ')} cut short by the time budget` : ''}${notRunKeys.length ? `; not run: ${notRunKeys.join(', ')}` : ''}`;
}

function notRun(e: CatalogueEntry): ClaimRecord {
  const c = e.claim;
  return {
    key: e.key, id: e.id, module: e.module, title: c.title, statement: c.statement, direction: c.direction, negates: c.negates ?? null,
    status: 'not-run', asExpected: false, numRuns: c.budget.numRuns, runs: 0, conclusive: 0, vacuous: 0, inconclusive: 0, failed: 0,
    coverage: [], evidence: { required: { conclusive: c.evidence.minConclusive, perRegime: { ...c.evidence.perRegime }, maxInconclusiveShare: c.evidence.maxInconclusiveShare ?? DEFAULT_MAX_INCONCLUSIVE }, met: false, missing: ['not run'] },
    shrinks: 0, shrinkRuns: 0,
    note: 'not run: the campaign was interrupted first', counterexample: null,
  };
}

/** The whole campaign in this thread (the worker pool in pool.ts runs the same entries in parallel). */
export function runCampaign(o: CampaignOptions, catalogue: CampaignCatalogue, onProgress?: (e: ProgressEvent) => void, shouldStop: () => boolean = () => false): Report {
  const core = loadCore({ build: o.build });
  const startedAt = new Date();
  const deadline = o.timeBudgetMs === null ? Infinity : performance.now() + o.timeBudgetMs;
  const records: ClaimRecord[] = [];
  const perClaimMs: Record<string, number> = {};
  let partial = false;
  for (const entry of campaignEntries(o, catalogue)) {
    const left = deadline - performance.now();
    if (left <= 0 || shouldStop()) {
      partial = true;
      break;
    }
    const { record, ms } = runEntry(entry, o, core, onProgress, Number.isFinite(left) ? Math.max(1, Math.floor(left)) : undefined);
    if (record.note?.startsWith('interrupted by the time budget')) partial = true;
    records.push(record);
    perClaimMs[entry.key] = Math.round(ms);
  }
  return assembleReport(o, catalogue, records, perClaimMs, startedAt, partial, core);
}
