// Seconds per TSQR tree combination [R₀; R₁] (two d × d upper triangles), the step that treats the bottom
// as dense (tsqr_step, 2d³ flops) against the one that skips its zeros (tsqr_step_tt, ≈ 2d³/3), same
// process, interleaved so machine load hits both alike; CPU seconds of this thread (process.cpuUsage).
// Also the whole combination as the tree runs it (stackedR: structure check, load, step, read back).
// usage: tsx bench/tsqr-combine-mb.ts d [reps]
import { loadCore } from '../src/wasm/loader.js';
import { stackedR } from '../src/engine/blocked/tsqr.js';

const [d, reps = 2] = process.argv.slice(2).map(Number) as [number, number?];
const core = loadCore();
let seed = 1;
const rnd = () => ((seed = (seed * 1103515245 + 12345) >>> 0) / 2 ** 32) - 0.5;
/** An upper triangle, well conditioned, row-major. */
const triangle = (): Float64Array => {
  const R = new Float64Array(d * d);
  for (let i = 0; i < d; i++) for (let j = i; j < d; j++) R[i * d + j] = i === j ? 10 + rnd() : rnd();
  return R;
};
const S = new Float64Array(2 * d * d);
S.set(triangle());
S.set(triangle(), d * d);

const cpu = (): number => { const u = process.cpuUsage(); return (u.user + u.system) / 1000; };
function time(fn: 'tsqr_step' | 'tsqr_step_tt'): number {
  const mark = core.mark();
  const ld = 2 * d;
  const W = core.allocBytes(8 * ld * d), A = core.allocBytes(8 * ld * d);
  core.f64.set(S, A >>> 3);
  core.call('tsqr_load', ld, d, A, W, ld, 0);
  const t = cpu();
  core.call(fn, ld, d, d, W, ld);
  const el = cpu() - t;
  core.reset(mark);
  return el / 1000;
}
const parts = [{ k: d, d, R: S.slice(0, d * d) }, { k: d, d, R: S.slice(d * d) }];
function combine(): number {
  const t = cpu();
  stackedR(core, d, parts);
  return (cpu() - t) / 1000;
}
for (let r = 0; r < reps; r++) {
  const a = time('tsqr_step'), b = time('tsqr_step_tt'), c = combine();
  process.stdout.write(`d=${d} dense bottom ${a.toFixed(3)} s (${(2 * d ** 3 / a / 1e9).toFixed(1)} GFLOP/s)  triangular bottom ${b.toFixed(3)} s (${((2 / 3) * d ** 3 / b / 1e9).toFixed(1)})  ratio ${(a / b).toFixed(2)}  stackedR ${c.toFixed(3)} s\n`);
}
