// `aon replay REPORT [--claim KEY]`: rerun each recorded counterexample from its seed and path and
// confirm it fails the same way.
import { parseArgs } from 'node:util';
import chalk from 'chalk';
import { readReport, ReportError } from '../report/read.js';
import { printableLine } from '../io/printable.js';
import { CATALOGUE } from '../../properties/catalogue.js';
import { runClaim } from '../campaign/run-claim.js';
import { loadCore } from '../wasm/loader.js';
import { EXIT_FAIL, EXIT_OK, UsageError } from './exit.js';
import type { Report } from '../report/types.js';

export const REPLAY_HELP = `usage: aon replay REPORT [--claim KEY]

Reruns every counterexample recorded in REPORT (a report.json written by aon verify), or only KEY's,
from its seed and fast-check path, and confirms it fails with the same message.
exit codes: 0 all confirmed, 1 one did not reproduce, 2 usage or a malformed report`;

export interface ReplayOutcome { key: string; confirmed: boolean; detail: string }

export function replayReport(report: Report, only: string | null, file = 'report'): ReplayOutcome[] {
  const targets = report.claims.filter((c) => c.counterexample && (only === null || c.key === only));
  const core = loadCore({ build: report.wasm.simd ? 'simd' : 'scalar' });
  return targets.map((c) => {
    const entry = CATALOGUE.find((e) => e.key === c.key);
    if (!entry) return { key: c.key, confirmed: false, detail: `no claim ${c.key} in this version's catalogue` };
    const ce = c.counterexample!;
    let r: ReturnType<typeof runClaim>;
    try {
      r = runClaim(entry.claim, { core, seed: ce.seed, path: ce.path, numRuns: c.numRuns });
    } catch (e) {
      // fast-check refuses a path that does not lead anywhere from this seed: the report is wrong, not the tool.
      if (e instanceof Error && /Unable to replay/.test(e.message)) {
        throw new ReportError(file, `claims.${c.key}.counterexample.path`, `a fast-check path that replays from seed ${ce.seed} (this one does not; was the report edited?)`);
      }
      throw e;
    }
    if (!r.failure) return { key: c.key, confirmed: false, detail: `the case no longer fails (status ${r.status})` };
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
  const outcomes = replayReport(report, only, file);
  if (outcomes.length === 0) {
    out(`${file}: no counterexample to replay${only ? ` for ${only}` : ''}`);
    return EXIT_OK;
  }
  // Details quote the report's messages: its control characters must not reach the terminal.
  for (const o of outcomes) out(`${o.key}: ${o.confirmed ? chalk.green('confirmed') : chalk.red('NOT reproduced')} — ${printableLine(o.detail)}`);
  return outcomes.every((o) => o.confirmed) ? EXIT_OK : EXIT_FAIL;
}
