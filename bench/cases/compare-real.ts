// Real model sizes: the blocked compare decision (src/engine/blocked/decision.ts: log-odds gap with the
// floors of issue 10, TSQR of F and G₀, SVDs of the small factors, ranks) on safetensors files, in a
// child process per decision so its peak RSS is its own, against the same decision in numpy on the same
// files (bench/numpy/compare_real.py, one BLAS thread), side by side. Files go to a temporary directory
// (about 1 GB for the GPT-2-sized pairs, 2.1 GB for the Llama-shaped pair) and are removed afterwards.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { BenchContext } from '../engine.js';
import type { BenchResult, CaseOutcome, Impl } from '../types.js';
import { writeGpt2Pairs, writeLlamaPair } from '../compare-real/write-pairs.js';

/** (n, V, d, d̃): GPT-2 small's vocabulary and width, d̃ for the wider equivalent model. */
export const COMPARE_REAL_SIZE = [4096, 50257, 768, 1024] as const;
export const COMPARE_REAL_QUICK = [64, 1000, 16, 20] as const;
export const COMPARE_LLAMA_SIZE = [1024, 128256, 4096] as const;
const WORKERS = 2;

interface Outcome {
  equivalent: boolean;
  ratio: number;
  relGap: number;
  where: [number, number];
  models: { rankF: number; rankG0: number; r: number }[];
  /** [holds, conclusive] of ~L and ~EL (the blocked compare only; numpy does not decide them). */
  linear?: [boolean, boolean];
  extendedLinear?: [boolean, boolean];
  seconds: Record<string, number>;
  maxRssMiB: number;
  numpy?: string;
}

function runChild(a: string, b: string, approximate = false): { out: Outcome; wallMs: number } {
  const child = fileURLToPath(new URL('../compare-real/child.ts', import.meta.url));
  const t = performance.now();
  const r = spawnSync(process.execPath, ['--import', 'tsx', child, a, b, String(WORKERS), ...(approximate ? ['approximate'] : [])], { encoding: 'utf8', maxBuffer: 1 << 24 });
  if (r.status !== 0) throw new Error(`blocked decision failed (exit ${r.status}): ${r.stderr}`);
  return { out: JSON.parse(r.stdout.trim().split('\n').pop()!) as Outcome, wallMs: performance.now() - t };
}

function numpyMissing(): string | null {
  const r = spawnSync('python3', ['-c', 'import numpy'], { encoding: 'utf8' });
  return r.status === 0 ? null : 'python3 with numpy is not installed (Debian: apt-get install -y python3-numpy)';
}

function runNumpy(a: string, b: string): { out: Outcome; wallMs: number } {
  const script = fileURLToPath(new URL('../numpy/compare_real.py', import.meta.url));
  const env = { ...process.env, OPENBLAS_NUM_THREADS: '1', OMP_NUM_THREADS: '1', MKL_NUM_THREADS: '1' };
  const t = performance.now();
  const r = spawnSync('python3', [script, a, b], { encoding: 'utf8', env, maxBuffer: 1 << 24 });
  if (r.status !== 0) throw new Error(`numpy compare_real failed (exit ${r.status}): ${r.stderr}`);
  return { out: JSON.parse(r.stdout.trim().split('\n').pop()!) as Outcome, wallMs: performance.now() - t };
}

function mapsText(o: Outcome): string {
  const v = (x: [boolean, boolean] | undefined) => (x === undefined ? null : !x[1] ? 'inconclusive' : x[0] ? 'holds' : 'does not hold');
  return o.linear ? `~L ${v(o.linear)}, ~EL ${v(o.extendedLinear)}; ` : '';
}

function row(op: 'compare-real' | 'compare-llama', impl: Impl, size: number[], o: { out: Outcome; wallMs: number }, expected: boolean, ref: Outcome | null, label: string): BenchResult {
  const ms = o.out.seconds['total']! * 1000;
  const sameRanks = ref === null || JSON.stringify(ref.models) === JSON.stringify(o.out.models);
  const agrees = o.out.equivalent === expected && (ref === null || ref.equivalent === o.out.equivalent) && sameRanks;
  const stages = Object.entries(o.out.seconds).map(([k, v]) => `${k} ${v.toFixed(1)} s`).join(', ');
  return {
    op, impl, size, medianMs: ms, minMs: ms, maxMs: ms, reps: 1, batch: 1, flops: null, gflops: null, nsPerElem: null, perSecond: null,
    reference: ref ? 'numpy' : null,
    maxRelDiff: ref ? Math.abs(o.out.relGap - ref.relGap) / (1 + ref.relGap) : null,
    residual: null, agrees, speedup: {},
    notes: [
      `${label} ${impl}: ${o.out.equivalent ? 'equivalent' : 'NOT equivalent'} (expected ${expected ? 'equivalent' : 'not'}), ratio to floor ${o.out.ratio.toExponential(2)} at (${o.out.where.join(', ')}), relGap ${o.out.relGap.toExponential(2)}; ` +
        `ranks ${o.out.models.map((m) => `F ${m.rankF} G₀ ${m.rankG0} r ${m.r}`).join(' | ')}; ${mapsText(o.out)}${stages}; peak RSS ${o.out.maxRssMiB.toFixed(0)} MiB; process wall ${(o.wallMs / 1000).toFixed(1)} s` +
        `${impl === 'numpy' ? `; numpy ${o.out.numpy}, OPENBLAS_NUM_THREADS=1` : `; ${WORKERS} workers`}${agrees ? '' : ' — DISAGREES'}`,
    ],
  };
}

export function runCompareReal(ctx: BenchContext): CaseOutcome {
  const [n, V, d, dWide] = ctx.quick ? COMPARE_REAL_QUICK : COMPARE_REAL_SIZE;
  const dir = mkdtempSync(join(tmpdir(), 'aon-compare-real-'));
  const results: BenchResult[] = [];
  const skipped: CaseOutcome['skipped'] = [];
  try {
    ctx.log(`compare-real: writing pairs ${n}×${V}×${d} (d̃ = ${dWide}) f32`);
    const files = writeGpt2Pairs(dir, n, V, d, dWide, 'f32');
    const missing = numpyMissing();
    for (const [label, other, expected] of [['equivalent', files.same, true], [`d̃ = ${dWide}`, files.wider, true], ['non-equivalent', files.different, false]] as const) {
      const size = [n, V, d, other === files.wider ? dWide : d];
      ctx.log(`compare-real ${label}: blocked`);
      const ours = runChild(files.a, other);
      let ref: Outcome | null = null;
      if (missing) skipped.push({ op: 'compare-real', impl: 'numpy', size, reason: missing });
      else {
        ctx.log(`compare-real ${label}: numpy`);
        const np = runNumpy(files.a, other);
        ref = np.out;
        results.push(row('compare-real', 'numpy', size, np, expected, null, label));
      }
      const r = row('compare-real', 'wasm-simd', size, ours, expected, ref, label);
      if (ref) r.speedup = { numpy: ref.seconds['total']! / ours.out.seconds['total']! };
      results.push(r);
      if (other === files.same) {
        // What a user's plain `aon compare` costs: the decision and the approximate block (not compared with numpy).
        ctx.log(`compare-real ${label}: blocked with the approximate block`);
        results.push(row('compare-real', 'wasm-simd', size, runChild(files.a, other, true), expected, null, `${label}, with the approximate block,`));
      }
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  return { results, skipped };
}

export function runCompareLlama(ctx: BenchContext): CaseOutcome {
  const [n, V, d] = ctx.quick ? [32, 2000, 64] : COMPARE_LLAMA_SIZE;
  const dir = mkdtempSync(join(tmpdir(), 'aon-compare-llama-'));
  try {
    ctx.log(`compare-llama: writing ${n}×${V}×${d} bf16`);
    const files = writeLlamaPair(dir, n, V, d);
    ctx.log('compare-llama: blocked');
    return { results: [row('compare-llama', 'wasm-simd', [n, V, d], runChild(files.a, files.b), true, null, 'Llama-shaped')], skipped: [] };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
