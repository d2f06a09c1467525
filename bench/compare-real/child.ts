// One blocked decision in a process of its own, so its peak RSS is its own: prints one JSON line, and
// progress lines (stage, blocks, ETA) on stderr.
// usage: tsx bench/compare-real/child.ts A B WORKERS
import { blockedDecision } from '../../src/engine/blocked/decision.js';
import { sourceSpec } from '../../src/io/stream/open.js';
import { stageProgress } from '../../src/cli/stage-progress.js';

const [a, b, workers] = process.argv.slice(2) as [string, string, string];
const progress = stageProgress(process.stderr);
const t = performance.now();
const d = await blockedDecision(sourceSpec(a), sourceSpec(b), { workers: Number(workers), progress: (s, done, total) => progress.update(s, done, total) });
progress.end();
const wall = (performance.now() - t) / 1000;
process.stdout.write(`${JSON.stringify({
  equivalent: d.equivalent,
  ratio: d.gap.ratio,
  where: [d.gap.x, d.gap.y],
  relGap: d.gap.relGap,
  models: d.models.map((m) => ({ rankF: m.rankF, rankG0: m.rankG0, r: m.r })),
  seconds: { ...d.seconds, wall },
  // maxRSS is in KiB; worker threads share the process, so this covers them too.
  maxRssMiB: process.resourceUsage().maxRSS / 1024,
})}\n`);
