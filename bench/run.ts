// `npm run bench`: measure, print one table per op (stdout), optionally write JSON. Progress goes to
// stderr so `npm run bench > table.txt` captures only the tables.
import { loadCores } from './cores.js';
import { loadAverage, machineInfo } from './machine.js';
import { parseCli, USAGE, type CliOptions } from './cli.js';
import { buildReport, runOps, writeReport } from './report.js';
import { renderReport } from './table.js';
import { FULL_TIMING, QUICK_TIMING } from './timing.js';

async function main(): Promise<number> {
  let opts: CliOptions;
  try {
    opts = parseCli(process.argv.slice(2));
  } catch (e) {
    // process.stderr, not console.error: the repo's type setup currently types console with log only.
    process.stderr.write(`${(e as Error).message}\n${USAGE}\n`);
    return 2;
  }
  if (opts.help) {
    console.log(USAGE);
    return 0;
  }
  const timing = opts.quick ? QUICK_TIMING : FULL_TIMING;
  const machine = machineInfo();
  const started = Date.now();
  const loadBefore = loadAverage();
  const interactive = process.stderr.isTTY === true;
  const ctx = {
    cores: loadCores(),
    timing,
    quick: opts.quick,
    // On a terminal, one self-overwriting progress line; piped, nothing (the tables say it all).
    log: (line: string) => {
      if (interactive) process.stderr.write(`\r\x1b[2K  measuring ${line} …`);
    },
  };
  const outcome = await runOps(ctx, opts.ops);
  if (interactive) process.stderr.write('\r\x1b[2K');

  console.log(renderReport(machine, outcome.results, outcome.skipped, opts.ops));
  const loadAfter = loadAverage();
  console.log(
    `\nload average (1 min) ${loadBefore.toFixed(1)} before, ${loadAfter.toFixed(1)} after, on ${machine.cores} cores` +
      (Math.max(loadBefore, loadAfter) > machine.cores - 0.5 ? ': the CPU was shared with other processes, timings are noisy' : ''),
  );
  console.log(`${outcome.results.length} results, ${outcome.skipped.length} skipped, ${((Date.now() - started) / 1000).toFixed(1)} s${opts.quick ? ' (--quick)' : ''}`);
  if (opts.json !== null) {
    writeReport(opts.json, { ...buildReport(machine, outcome, opts.quick, timing), loadAverage: [loadBefore, loadAfter] });
    console.log(`wrote ${opts.json}`);
  }
  // A disagreeing implementation is a failed bench, not just a line in a table.
  return outcome.results.every((r) => r.agrees) ? 0 : 1;
}

process.exitCode = await main();
