// End to end: the ~EL decision of claim C6 for one pair of models (both analysed from scratch, then the
// distribution and ~EL verdicts), operands resident in Wasm memory, against the same procedure in numpy
// (bench/numpy/c6.py, single-threaded BLAS) when python3 with numpy is present.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { makeClass, makeMember, type Instance } from '../../src/gen/block.js';
import { toPredictor } from '../../src/engine/load.js';
import { defaultEngine as engine } from '../../src/engine/index.js';
import { measure, timeOnce } from '../timing.js';
import { encodeNpyF64 } from '../../src/io/npy.js';
import { WASM_IMPLS } from '../cores.js';
import type { BenchContext } from '../engine.js';
import type { BenchResult, CaseOutcome, Impl } from '../types.js';

/** (n, V, d) of the issue; r + p + q = d with a little junk on each side. */
export const C6_SIZES: readonly (readonly [number, number, number])[] = [[256, 1024, 64], [1024, 8192, 128]];
export const C6_QUICK_SIZES: readonly (readonly [number, number, number])[] = [[24, 40, 6]];

function pair(n: number, V: number, d: number): [Instance, Instance] {
  const q = Math.max(1, Math.floor(d / 8)), p = q, r = d - p - q;
  const cls = makeClass('float', n, V, r, 0, [], 17);
  const draw = (seed: number) => ({ p, q, mOps: [], tOps: [], entries: Array.from({ length: 64 }, (_, i) => ((i * 7 + seed) % 9) - 4), seed, condM: 10, condT: 1 });
  return [makeMember(cls, draw(1)), makeMember(cls, draw(2))];
}

interface Verdict { equivalent: boolean; el: boolean; r: number; gap: number }

function numpyAvailable(): string | null {
  const r = spawnSync('python3', ['-c', 'import numpy; print(numpy.__version__)'], { encoding: 'utf8' });
  return r.status === 0 ? null : 'python3 with numpy is not installed';
}

function runNumpy(a: Instance, b: Instance, reps: number): { medianMs: number; minMs: number; maxMs: number; reps: number; verdict: Verdict; numpy: string } {
  const dir = mkdtempSync(join(tmpdir(), 'aon-c6-'));
  try {
    for (const [name, m] of [['F1', a.F], ['G1', a.G], ['F2', b.F], ['G2', b.G]] as const) writeFileSync(join(dir, `${name}.npy`), encodeNpyF64(m));
    const script = fileURLToPath(new URL('../numpy/c6.py', import.meta.url));
    // One BLAS thread, as the issue asks; OPENBLAS_CORETYPE is left as the machine sets it.
    const env = { ...process.env, OPENBLAS_NUM_THREADS: '1', OMP_NUM_THREADS: '1', MKL_NUM_THREADS: '1' };
    const r = spawnSync('python3', [script, dir, String(reps)], { encoding: 'utf8', env, maxBuffer: 1 << 20 });
    if (r.status !== 0) throw new Error(`numpy c6: ${r.stderr}`);
    return JSON.parse(r.stdout.trim().split('\n').pop()!);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export function runC6(ctx: BenchContext): CaseOutcome {
  const results: BenchResult[] = [];
  const skipped: CaseOutcome['skipped'] = [];
  const noNumpy = numpyAvailable();
  for (const [n, V, d] of ctx.quick ? C6_QUICK_SIZES : C6_SIZES) {
    const [a, b] = pair(n, V, d);
    const rows: { impl: Impl; timing: { medianMs: number; minMs: number; maxMs: number; reps: number; batch: number }; verdict: Verdict; notes: string[] }[] = [];
    for (const impl of WASM_IMPLS) {
      ctx.log(`c6-decision ${n}×${V}×${d} ${impl}`);
      const core = ctx.cores[impl];
      const mark = core.mark();
      try {
        const pa = toPredictor(core, a), pb = toPredictor(core, b);
        let verdict: Verdict = { equivalent: false, el: false, r: -1, gap: NaN };
        const decide = () => core.scope(() => {
          const A = engine.analyze(pa), B = engine.analyze(pb);
          const eq = engine.distributionEquivalence(A, B), el = engine.extendedLinearEquivalence(A, B);
          verdict = { equivalent: eq.holds, el: el.holds, r: A.r, gap: eq.maxGap };
        });
        const first = timeOnce(decide);
        const timing = measure(decide, ctx.timing, first);
        rows.push({ impl, timing, verdict, notes: [] });
      } finally {
        core.reset(mark);
      }
    }
    if (noNumpy) skipped.push({ op: 'c6-decision', impl: 'numpy', size: [n, V, d], reason: noNumpy });
    else {
      ctx.log(`c6-decision ${n}×${V}×${d} numpy`);
      const np = runNumpy(a, b, ctx.quick ? 3 : 7);
      rows.push({ impl: 'numpy', timing: { ...np, batch: 1 }, verdict: np.verdict, notes: [`numpy ${np.numpy}, OPENBLAS_NUM_THREADS=1`] });
    }
    const ref = rows[0]!;
    for (const row of rows) {
      const agrees = row.verdict.equivalent === ref.verdict.equivalent && row.verdict.el === ref.verdict.el && row.verdict.r === ref.verdict.r;
      const speedup: BenchResult['speedup'] = {};
      for (const base of ['numpy', 'wasm-scalar'] as const) {
        const other = rows.find((x) => x.impl === base);
        if (other && other !== row) speedup[base] = other.timing.medianMs / row.timing.medianMs;
      }
      results.push({
        op: 'c6-decision', impl: row.impl, size: [n, V, d], medianMs: row.timing.medianMs, minMs: row.timing.minMs, maxMs: row.timing.maxMs,
        reps: row.timing.reps, batch: row.timing.batch, flops: null, gflops: null, nsPerElem: null,
        perSecond: 1000 / row.timing.medianMs,
        // The verdicts must match; the log-odds gaps, relative to each other, show how closely.
        reference: row === ref ? null : ref.impl, maxRelDiff: row === ref ? null : Math.abs(row.verdict.gap - ref.verdict.gap) / (1 + ref.verdict.gap), residual: null, agrees, speedup,
        notes: [...row.notes, `${(1000 / row.timing.medianMs).toFixed(2)} decisions/s; verdict: equivalent ${row.verdict.equivalent}, ~EL ${row.verdict.el}, r = ${row.verdict.r}${agrees ? '' : ' (DISAGREES with the reference)'}`],
      });
    }
  }
  return { results, skipped };
}
