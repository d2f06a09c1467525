// One blocked comparison (what `aon compare --no-approximate` runs at real size: the gap, the joint TSQR,
// SVDs, ranks, r, ~L and ~EL — the decision numpy makes too; with a fourth argument `approximate`, what
// plain `aon compare` runs: the same plus the approximate block, its stage timed apart)
// in a process of its own, so its peak RSS is its own: prints one JSON line, and progress lines (stage,
// blocks, ETA) on stderr.
// usage: tsx bench/compare-real/child.ts A B WORKERS [approximate]
// The compiled build (dist/, what the `aon` command runs; `npm run bench` builds it first): under tsx each
// worker thread would compile the TypeScript again, about half a second per stage that users never pay.
type CompareModule = typeof import('../../src/cli/compare-blocked.js');
type ProgressModule = typeof import('../../src/cli/stage-progress.js');
const dist = (file: string) => new URL(`../../dist/src/cli/${file}`, import.meta.url).href;
const { compareBlockedTimed } = (await import(dist('compare-blocked.js'))) as CompareModule;
const { stageProgress } = (await import(dist('stage-progress.js'))) as ProgressModule;

const [a, b, workers, approximate] = process.argv.slice(2) as [string, string, string, string | undefined];
const progress = stageProgress(process.stderr);
const t = performance.now();
const { report: r, seconds } = await compareBlockedTimed(a, b, {}, { workers: Number(workers), progress: (s, done, total) => progress.update(s, done, total) }, approximate === 'approximate');
progress.end();
const wall = (performance.now() - t) / 1000;
process.stdout.write(`${JSON.stringify({
  equivalent: r.equivalent,
  ratio: r.gap.ratio,
  where: [r.where.context, r.where.token],
  relGap: r.maxLogOddsGap,
  models: r.models.map((m) => ({ rankF: m.rankF, rankG0: m.rankG0, r: m.r })),
  linear: [r.linear.holds, r.linear.conclusive], extendedLinear: [r.extendedLinear.holds, r.extendedLinear.conclusive],
  seconds: { ...seconds, wall },
  // maxRSS is in KiB; worker threads share the process, so this covers them too.
  maxRssMiB: process.resourceUsage().maxRSS / 1024,
})}\n`);
