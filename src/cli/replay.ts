// `aon replay REPORT [--claim KEY]`: rerun each recorded counterexample from its seed and path and
// confirm it fails the same way, on the same models. Before running anything, the report is checked:
// each recorded model must match its hash (and its model file, when there is one), and the replay path
// must lie within the runs the campaign made, so an edited report is refused (exit 2) and a forged path
// cannot send fast-check generating for hours.
import { parseArgs } from 'node:util';
import { dirname, resolve, sep } from 'node:path';
import { existsSync } from 'node:fs';
import chalk from 'chalk';
import { readReport, ReportError } from '../report/read.js';
import { printableLine } from '../io/printable.js';
import { CATALOGUE } from './catalogue-root.js';
import { runClaim } from '../campaign/run-claim.js';
import { pinnedRegressions } from '../campaign/corpus.js';
import { findModels } from '../campaign/models.js';
import { loadCore } from '../wasm/loader.js';
import { setProfile } from '../gen/profile.js';
import { modelHash, modelRecordProblem } from '../report/records.js';
import { readModelFile } from '../io/index.js';
import { EXIT_FAIL, EXIT_OK, UsageError } from './exit.js';
import type { ClaimRecord, Report } from '../report/types.js';
import { formatHelp } from './help-format.js';

export const REPLAY_HELP = formatHelp(`usage: aon replay REPORT [--claim KEY]

Reruns every counterexample recorded in REPORT (a report.json written by aon verify), or only KEY's,
from its seed and fast-check path, and confirms it fails with the same message on the same models.

exit codes: 0 all confirmed, 1 one did not reproduce, 2 usage, a malformed report, or recorded models
that do not match their hashes, their model files or the case the seed and path produce`);

/** Longest shrink index replay accepts in a path: fast-check's shrink streams are far shorter. */
export const MAX_SHRINK_INDEX = 100_000;
/** Most shrink steps replay accepts in a path. */
export const MAX_PATH_STEPS = 5_000;

export interface ReplayOutcome { key: string; confirmed: boolean; detail: string }

/** Throws a ReportError (exit 2) when a claim's replay path is out of bounds for the campaign recorded. */
export function checkPath(file: string, c: ClaimRecord): void {
  const path = c.counterexample!.path;
  const field = `claims.${c.key}.counterexample.path`;
  if (path === '') throw new ReportError(file, field, 'empty: no case to replay');
  const steps = path.split(':').map(Number);
  if (steps.length > MAX_PATH_STEPS + 1) throw new ReportError(file, field, `${steps.length - 1} shrink steps, more than the ${MAX_PATH_STEPS} replay accepts`);
  const run = steps[0]!;
  if (run >= Math.max(c.runs, 1)) throw new ReportError(file, field, `run index ${run} is not among the ${c.runs} runs the campaign made`);
  const big = steps.slice(1).find((s) => s > MAX_SHRINK_INDEX);
  if (big !== undefined) throw new ReportError(file, field, `shrink index ${big} exceeds ${MAX_SHRINK_INDEX}`);
}

/** Throws a ReportError (exit 2) when a recorded model was edited: its matrices, hash or file disagree. */
export function checkModels(file: string, c: ClaimRecord, dir: string | null): void {
  for (const [i, m] of c.counterexample!.models.entries()) {
    const field = `claims.${c.key}.counterexample.models.${i}`;
    const problem = modelRecordProblem(m);
    if (problem) throw new ReportError(file, field, `the recorded model "${m.name}" was altered: ${problem}`);
    if (dir === null || m.file === null) continue;
    const path = resolve(dir, m.file);
    if (!path.startsWith(resolve(dir) + sep)) throw new ReportError(file, `${field}.file`, `${m.file} lies outside the report's directory`);
    if (!existsSync(path)) continue; // a report copied without its models: the JSON is authoritative
    const onDisk = readModelFile(path);
    const h = modelHash(onDisk.F, onDisk.G, onDisk.pivot);
    if (h !== m.sha256) throw new ReportError(file, `${field}.file`, `${m.file} does not match the recorded model "${m.name}" (sha256 ${h}, recorded ${m.sha256})`);
  }
}

export function replayReport(report: Report, only: string | null, file = 'report.json', dir: string | null = null): ReplayOutcome[] {
  const targets = report.claims.filter((c) => c.counterexample && (only === null || c.key === only));
  for (const c of targets) {
    checkPath(file, c);
    checkModels(file, c, dir);
  }
  const core = loadCore({ build: report.wasm.simd ? 'simd' : 'scalar' });
  setProfile(report.campaign.profile);
  return targets.map((c) => {
    const entry = CATALOGUE.entries.find((e) => e.key === c.key);
    if (!entry) return { key: c.key, confirmed: false, detail: `no claim ${c.key} in this version's catalogue` };
    const ce = c.counterexample!;
    let r: ReturnType<typeof runClaim>;
    try {
      r = runClaim(entry.claim, { core, seed: ce.seed, path: ce.path, numRuns: c.numRuns, examples: pinnedRegressions(entry.key, entry.claim.direction) });
    } catch (e) {
      // fast-check refuses a path that does not lead anywhere from this seed: the report is wrong, not the tool.
      if (e instanceof Error && /Unable to replay/.test(e.message)) {
        throw new ReportError(file, `claims.${c.key}.counterexample.path`, `a fast-check path that replays from seed ${ce.seed} (this one does not; was the report edited?)`);
      }
      throw e;
    }
    if (!r.failure || r.counterexample === null) return { key: c.key, confirmed: false, detail: `the case no longer fails (status ${r.status})` };
    const models = (entry.claim.models ?? findModels)(r.counterexample);
    const got = models.map((m) => modelHash(m.F, m.G, m.pivot));
    const want = ce.models.map((m) => m.sha256);
    if (got.join() !== want.join()) {
      throw new ReportError(file, `claims.${c.key}.counterexample.models`, `the recorded models do not match the case that seed ${ce.seed} and path ${ce.path} produce: the report was edited or comes from another version`);
    }
    if (r.failure.message !== ce.message) return { key: c.key, confirmed: false, detail: `fails differently: "${r.failure.message}" instead of "${ce.message}"` };
    return { key: c.key, confirmed: true, detail: ce.message };
  });
}

export function replayCommand(argv: string[], out: (s: string) => void): number {
  let parsed;
  try {
    parsed = parseArgs({ args: argv, allowPositionals: true, options: { claim: { type: 'string' }, help: { type: 'boolean', short: 'h', default: false } } });
  } catch (e) {
    throw new UsageError(`replay: ${(e as Error).message}\n${REPLAY_HELP}`);
  }
  if (parsed.values.help) {
    out(REPLAY_HELP);
    return EXIT_OK;
  }
  if (parsed.positionals.length !== 1) throw new UsageError(`replay takes one report file\n${REPLAY_HELP}`);
  const file = parsed.positionals[0]!;
  const report = readReport(file);
  const only = parsed.values.claim ?? null;
  if (only !== null && !report.claims.some((c) => c.key === only)) {
    throw new UsageError(`${file}: no claim '${only}' in this report (it has: ${report.claims.map((c) => c.key).join(', ')})`);
  }
  const outcomes = replayReport(report, only, file, dirname(resolve(file)));
  if (outcomes.length === 0) {
    out(`${file}: no counterexample to replay${only ? ` for ${only}` : ''}`);
    return EXIT_OK;
  }
  // Details quote the report's messages: its control characters must not reach the terminal.
  for (const o of outcomes) out(`${o.key}: ${o.confirmed ? chalk.green('confirmed') : chalk.red('NOT reproduced')} — ${printableLine(o.detail)}`);
  return outcomes.every((o) => o.confirmed) ? EXIT_OK : EXIT_FAIL;
}
