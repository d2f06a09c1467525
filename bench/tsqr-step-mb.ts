// Seconds per step, old (stacked copy + qr_r) against the in-place step (tsqr_load + tsqr_step), same process,
// interleaved so machine load hits both alike; CPU seconds of this thread (process.cpuUsage), which a loaded
// machine inflates far less than wall time. usage: tsx bench/tsqr-step-mb.ts d s [reps]
import { loadCore } from '../src/wasm/loader.js';

const [d, s, reps = 2] = process.argv.slice(2).map(Number) as [number, number, number?];
const core = loadCore();
let seed = 1;
const rnd = () => ((seed = (seed * 1103515245 + 12345) >>> 0) / 2 ** 32) - 0.5;
const X = Float64Array.from({ length: s * d }, rnd);
// A running R: upper triangular, well conditioned.
const R0 = new Float64Array(d * d);
for (let i = 0; i < d; i++) for (let j = i; j < d; j++) R0[i * d + j] = i === j ? 10 + rnd() : rnd();

const cpu = (): number => { const u = process.cpuUsage(); return (u.user + u.system) / 1000; };
function old(): number {
  const mark = core.mark();
  const A = core.allocBytes(8 * (s + d) * d), R = core.allocBytes(8 * d * d);
  core.f64.set(R0, A >>> 3);
  core.f64.set(X, (A >>> 3) + d * d);
  const t = cpu();
  core.call('qr_r', s + d, d, A, R);
  const el = cpu() - t;
  core.reset(mark);
  return el / 1000;
}
function step(): number {
  const mark = core.mark();
  const ld = s + d;
  const W = core.allocBytes(8 * ld * d), A = core.allocBytes(8 * (s + d) * d);
  core.f64.set(R0, A >>> 3);
  core.f64.set(X, (A >>> 3) + d * d);
  core.call('tsqr_load', s + d, d, A, W, ld, 0);
  const t = cpu();
  core.call('tsqr_step', s + d, d, d, W, ld);
  const el = cpu() - t;
  core.reset(mark);
  return el / 1000;
}
for (let r = 0; r < reps; r++) {
  const a = old(), b = step();
  const flops = 2 * s * d * d;
  process.stdout.write(`d=${d} s=${s} old ${a.toFixed(2)} s (${(flops / a / 1e9).toFixed(1)} useful GFLOP/s)  in-place ${b.toFixed(2)} s (${(flops / b / 1e9).toFixed(1)})  ratio ${(a / b).toFixed(2)}\n`);
}
