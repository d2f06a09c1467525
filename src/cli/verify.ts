// `aon verify`: the main job. Runs the catalogue (or a selection) in worker threads with live progress,
// ends with a summary table, writes JSON, Markdown and HTML reports and the counterexamples' model files.
import { parseArgs } from 'node:util';
import { availableParallelism } from 'node:os';
import { join, resolve } from 'node:path';
import { readReport } from '../report/read.js';
import chalk from 'chalk';
import { runCampaign, type CampaignOptions } from '../campaign/campaign.js';
import { runCampaignInWorkers } from '../campaign/pool.js';
import { parseShard } from '../campaign/seeds.js';
import { selectEntries } from '../catalogue.js';
import { CATALOGUE } from './catalogue-root.js';
import { writeReport } from '../report/write.js';
import { progressFor, summaryTable } from './progress.js';
import { EXIT_INTERNAL, EXIT_INTERRUPTED, EXIT_OK, UsageError } from './exit.js';
import { selfCheck } from '../campaign/self-check.js';
import { runPowerControls } from '../campaign/power.js';
import { loadCore } from '../wasm/loader.js';
import { EXIT_INCOMPLETE } from './exit.js';
import { checkOutDir, joinNegativeValues, parseClaimList, parseSeed } from './flags.js';
import { exitFor } from './merge.js';
import { isProfile, PROFILES } from '../gen/profile.js';
import { parseBuild } from './model-options.js';
import { formatHelp } from './help-format.js';

/** The seed when none is given: fixed, so that `aon verify` twice gives the same report. */
export const DEFAULT_SEED = 20261124;
export { EXIT_INTERRUPTED };

export const VERIFY_HELP = formatHelp(`usage: aon verify [--claims C1,C4:refutable,…] [--runs N] [--seed S] [--time-budget SECONDS]
                  [--workers K] [--shard i/N] [--out DIR] [--build auto|simd|scalar]
                  [--profile default|stress]

Runs every claim of the catalogue at its default budget (or the selection) and writes DIR/report.json,
report.md, report.html and the counterexamples' models (DIR/models/*.json, readable by aon compare).

  --claims LIST      claim keys, comma-separated (C1,C4:refutable); at least one. Default: all
  --runs N           runs per claim (N ≥ 1) instead of each claim's default budget
  --seed S           campaign seed, an integer in ±(2^53 − 1), negative allowed. Default: ${DEFAULT_SEED}
  --time-budget SEC  stop starting claims after SEC seconds (≥ 1); the report is then partial
  --workers K        worker threads (default: the number of cores); 0 runs in this thread, no workers
  --shard i/N        a deterministic share: every N-th claim from the i-th; aon merge combines shards
  --out DIR          where reports go (created if missing; must not be a file). Default: reports/
  --build B          Wasm build: auto (SIMD where supported), simd or scalar. Default: auto
  --profile P        default, or stress: n and V up to 64, d up to 24, cond(M) up to 1e8, junk from
                     1e-10 to 1e8, near misses closer to the precision floor, a tenth of each budget
  -h, --help         this text

Before the claims, a self-check of known answers: the model readers on byte and memory orders the
campaign's own models never have, exact rational arithmetic and the exact model checks, and the Wasm
kernels of both builds against a plain loop. A failure stops the campaign (exit 70): it would prove nothing.
After them, power controls: each claim with one runs against an engine with a planted mistake that its
full statement catches and a weakened check would not (a decision broken in one direction, a loop's last
case); a mistake not caught makes the run incomplete (exit 3).

Ctrl-C writes a partial report.

exit codes: 0 every claim behaved as theory.md says with the evidence it declares, 1 a claim was
falsified or a refutable claim's counterexample was not found (or not certified), 2 usage error,
3 incomplete: a claim with too little evidence (conclusive runs overall or in a regime it needs) or too
many inconclusive runs, a campaign cut short by --time-budget (the output says what is missing), or a
power control not caught,
70 internal error (including a failed self-check), 130 interrupted`);

function positiveInt(v: string | undefined, name: string, min = 1): number | null {
  if (v === undefined) return null;
  if (!/^\d+$/.test(v) || Number(v) < min) throw new UsageError(`--${name} must be an integer ≥ ${min}, got '${v}'`);
  return Number(v);
}

export interface VerifyArgs {
  options: CampaignOptions;
  workers: number;
  out: string;
}

export function parseVerifyArgs(argv: string[]): VerifyArgs | 'help' {
  let values;
  try {
    ({ values } = parseArgs({
      args: joinNegativeValues(argv, ['--seed']),
      allowPositionals: false,
      options: {
        claims: { type: 'string' }, runs: { type: 'string' }, seed: { type: 'string' }, 'time-budget': { type: 'string' },
        workers: { type: 'string' }, shard: { type: 'string' }, out: { type: 'string', default: 'reports' },
        build: { type: 'string', default: 'auto' }, profile: { type: 'string', default: 'default' }, help: { type: 'boolean', short: 'h', default: false },
      },
    }));
  } catch (e) {
    throw new UsageError(`verify: ${(e as Error).message}\n${VERIFY_HELP}`);
  }
  if (values.help) return 'help';
  const claims = values.claims !== undefined ? parseClaimList(values.claims) : null;
  if (claims) {
    try {
      selectEntries(claims, CATALOGUE.entries);
    } catch (e) {
      throw new UsageError(`--claims: ${(e as Error).message}`);
    }
  }
  const seed = values.seed !== undefined ? parseSeed(values.seed) : DEFAULT_SEED;
  let shard = null;
  if (values.shard !== undefined) {
    try {
      shard = parseShard(values.shard);
    } catch (e) {
      throw new UsageError((e as Error).message);
    }
  }
  const build = parseBuild(values.build as string);
  const budget = positiveInt(values['time-budget'], 'time-budget');
  const profile = values.profile as string;
  if (!isProfile(profile)) throw new UsageError(`--profile must be one of ${PROFILES.join(', ')}, got '${profile}'`);
  const out = resolve(values.out as string);
  return {
    options: {
      seed,
      claims,
      runs: positiveInt(values.runs, 'runs'),
      shard,
      build,
      timeBudgetMs: budget === null ? null : budget * 1000,
      modelFiles: true,
      profile,
    },
    workers: positiveInt(values.workers, 'workers', 0) ?? availableParallelism(),
    out,
  };
}

export async function verifyCommand(argv: string[], out: (s: string) => void, err: NodeJS.WriteStream = process.stderr): Promise<number> {
  const args = parseVerifyArgs(argv);
  if (args === 'help') {
    out(VERIFY_HELP);
    return EXIT_OK;
  }
  const { options, workers } = args;
  checkOutDir(args.out); // before any work: a bad --out must not cost a whole campaign
  const broken = selfCheck();
  if (broken.length) {
    for (const f of broken) err.write(`aon verify: self-check failed: ${f.what}: ${f.detail}\n`);
    err.write(`aon verify: ${broken.length} known-answer check${broken.length > 1 ? 's' : ''} failed: the readers, exact arithmetic or kernels this campaign rests on are broken; no claim was run\n`);
    return EXIT_INTERNAL;
  }
  // The previous report in the output directory, if any, says how long each claim took: schedule the
  // longest first. A missing or unreadable report only means catalogue order.
  try {
    options.costs = readReport(join(args.out, 'report.json')).timing.perClaimMs;
  } catch {
    // first run in this directory
  }
  const entries = selectEntries(options.claims, CATALOGUE.entries);
  const progress = progressFor(err, entries.length);
  let interrupted = false;
  let stopNow: () => void = () => undefined;
  const stop = new Promise<void>((res) => (stopNow = res));
  const onSigint = () => {
    interrupted = true;
    stopNow();
  };
  process.once('SIGINT', onSigint);
  try {
    const report = workers === 0
      ? runCampaign(options, CATALOGUE, progress.onEvent)
      : await runCampaignInWorkers(options, CATALOGUE, workers, progress.onEvent, { stop });
    progress.stop();
    const files = writeReport(args.out, report);
    for (const line of summaryTable(report)) out(line);
    out('');
    out(`${report.summary.asExpected}/${report.summary.total} claims behaved as theory.md says${report.campaign.partial ? chalk.yellow(' (partial run)') : ''}`);
    if (report.summary.unexpected.length) out(chalk.red(`unexpected: ${report.summary.unexpected.join(', ')}`));
    for (const line of report.summary.incomplete) out(chalk.yellow(`incomplete: ${line}`));
    out(`reports: ${files.json}, ${files.md}, ${files.html}${files.models.length ? ` and ${files.models.length} model files` : ''}`);
    out(`replay: ${report.campaign.replay}`);
    if (interrupted) return EXIT_INTERRUPTED;
    // Power controls for the claims this run covered: each planted mistake must be caught.
    const ran = new Set(report.claims.map((c) => c.key));
    const claims = new Map(entries.filter((e) => ran.has(e.key)).map((e) => [e.key, e.claim]));
    const power = runPowerControls(claims, loadCore({ build: options.build }), options.seed);
    const missed = power.filter((p) => !p.caught);
    if (power.length) out(`power controls: ${power.length - missed.length}/${power.length} planted mistakes caught${missed.length ? '' : ' (each claim checked could have failed)'}`);
    for (const p of missed) out(chalk.yellow(`power control ${p.key} not caught: ${p.what}: ${p.detail}; the property checks less than its statement, so its "held" is not evidence`));
    const code = exitFor(report.summary.exitCode);
    return code === EXIT_OK && missed.length ? EXIT_INCOMPLETE : code;
  } finally {
    process.off('SIGINT', onSigint);
    progress.stop();
  }
}
