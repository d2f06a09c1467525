// The benchmark's machinery, in quick mode and in-process: the report's shape, and that its cross-checks
// catch wrong implementations. Speed is never asserted here: timings on a shared machine are noise.
import { describe, it, expect } from 'vitest';
import { loadCores } from '../bench/cores.js';
import type { BenchContext, Contender } from '../bench/engine.js';
import { QUICK_TIMING, median, measure } from '../bench/timing.js';
import { buildReport, runOps } from '../bench/report.js';
import { BENCH_OPS, IMPLS, OPS, type BenchResult, type Report } from '../bench/types.js';
import { AGREE_TOL, crossCheck, relMaxDiff } from '../bench/verify.js';
import { gemmContenders, runGemm, type GemmInput } from '../bench/cases/gemm.js';
import { qrContenders, runQr } from '../bench/cases/decomp.js';
import { gemmIkj } from '../bench/baselines/js.js';
import { renderReport } from '../bench/table.js';
import { parseCli } from '../bench/cli.js';
import { uniform } from '../bench/random.js';

const cores = loadCores();
const ctx: BenchContext = { cores, timing: QUICK_TIMING, quick: true, log: () => {} };

/** A table row flagged in the warning column (the legend mentions the word too, mid-line). */
const DISAGREE_ROW = /DISAGREE\s*$/m;
// eslint-disable-next-line no-control-regex
const plain = (s: string): string => s.replace(/\x1b\[[0-9;]*m/g, '');

function isPositiveFinite(x: unknown): boolean {
  return typeof x === 'number' && Number.isFinite(x) && x > 0;
}

/** A plain-JS gemm that is wrong in exactly one entry: fast-but-wrong must not pass unnoticed. */
function perturbedGemm(): Contender<GemmInput> {
  return {
    impl: 'js',
    unavailable: () => null,
    prepare: ({ n, a, b }) => {
      const c = new Float64Array(n * n);
      return {
        run: () => {
          gemmIkj(n, n, n, a, b, c);
          c[5] = (c[5] as number) + 1e-6;
        },
        output: () => c.slice(),
        dispose: () => {},
      };
    },
  };
}

// One quick run of every op, shared by the shape checks below.
const outcome = await runOps(ctx, BENCH_OPS);

describe('bench report (quick mode)', () => {
  const report: Report = JSON.parse(JSON.stringify(buildReport({ cpu: 'test cpu', cores: 2, node: process.version }, outcome, true, QUICK_TIMING)));

  it('has the machine line and the methodology', () => {
    expect(report.machine).toEqual({ cpu: 'test cpu', cores: 2, node: process.version });
    expect(report.quick).toBe(true);
    expect(report.methodology).toMatch(/median/);
  });

  it('every result has the documented fields, enum values and positive finite times', () => {
    expect(report.results.length).toBeGreaterThan(0);
    for (const r of report.results) {
      expect(OPS).toContain(r.op);
      expect(IMPLS).toContain(r.impl);
      expect(r.size.length).toBeGreaterThan(0);
      for (const d of r.size) expect(Number.isInteger(d) && d > 0).toBe(true);
      for (const t of [r.medianMs, r.minMs, r.maxMs]) expect(isPositiveFinite(t)).toBe(true);
      expect(r.minMs).toBeLessThanOrEqual(r.medianMs);
      expect(r.medianMs).toBeLessThanOrEqual(r.maxMs);
      expect(Number.isInteger(r.reps) && r.reps >= 1).toBe(true);
      expect(Number.isInteger(r.batch) && r.batch >= 1).toBe(true);
      // Exactly one rate: GFLOP/s from a flop count, ns per element, or (end to end) per second.
      expect([r.gflops, r.nsPerElem, r.perSecond ?? null].filter((x) => x !== null)).toHaveLength(1);
      if (r.perSecond != null) {
        expect(isPositiveFinite(r.perSecond)).toBe(true);
      } else if (r.gflops !== null) {
        expect(isPositiveFinite(r.gflops)).toBe(true);
        expect(isPositiveFinite(r.flops)).toBe(true);
      } else {
        expect(isPositiveFinite(r.nsPerElem)).toBe(true);
      }
      // The reference row has no diff; every other row was compared with it, and agreed.
      expect(r.maxRelDiff === null).toBe(r.reference === null);
      if (r.reference !== null) expect(IMPLS).toContain(r.reference);
      expect(r.agrees, `${r.op} ${r.impl} ${r.size.join('×')}: ${r.notes.join('; ')}`).toBe(true);
      for (const [impl, s] of Object.entries(r.speedup)) {
        expect(IMPLS).toContain(impl);
        expect(isPositiveFinite(s)).toBe(true);
      }
      expect(Array.isArray(r.notes)).toBe(true);
    }
  });

  it('every op has exactly one reference per size, and each (op, impl, size) is measured or skipped with a reason', () => {
    const key = (x: { op: string; impl: string; size: number[] }): string => `${x.op} ${x.impl} ${x.size.join('×')}`;
    const measured = new Set(report.results.map(key));
    for (const s of report.skipped) {
      expect(OPS).toContain(s.op);
      expect(IMPLS).toContain(s.impl);
      expect(s.reason.length).toBeGreaterThan(0);
      expect(measured.has(key(s))).toBe(false);
    }
    for (const op of BENCH_OPS) {
      const rows = report.results.filter((r) => r.op === op);
      const sizes = new Set(rows.map((r) => r.size.join('×')));
      for (const size of sizes) expect(rows.filter((r) => r.size.join('×') === size && r.reference === null)).toHaveLength(1);
    }
    // gemm has no optional exports: all four implementations run at every quick size.
    const gemm = report.results.filter((r) => r.op === 'gemm');
    for (const impl of ['wasm-simd', 'wasm-scalar', 'js', 'ml-matrix'] as const) {
      expect(gemm.filter((r) => r.impl === impl).length).toBeGreaterThan(0);
    }
    // Every decomposition row is accounted for, whether or not the core has the export yet.
    for (const op of ['qr', 'qrp', 'svd'] as const) {
      for (const impl of ['wasm-simd', 'wasm-scalar'] as const) {
        const ran = report.results.some((r) => r.op === op && r.impl === impl);
        const skipped = report.skipped.some((s) => s.op === op && s.impl === impl);
        expect(ran || skipped).toBe(true);
      }
    }
  });

  it('renders a table per op with the machine line', () => {
    const text = renderReport(report.machine, report.results, report.skipped, BENCH_OPS);
    expect(text).toContain('machine: test cpu, 2 cores');
    for (const head of ['gemm', 'logsoftmax', 'qr', 'qrp', 'svd']) expect(text).toMatch(new RegExp(`^${head} `, 'm'));
    expect(text).toContain('× js');
    expect(plain(text)).not.toMatch(DISAGREE_ROW);
  });
});

describe('cross-check', () => {
  const ref = uniform(7, 200);

  it('agrees with itself and flags one perturbed entry', () => {
    expect(crossCheck(ref, ref.slice())).toEqual({ maxRelDiff: 0, agrees: true });
    const wrong = ref.slice();
    wrong[123] = (wrong[123] as number) + 1e-8;
    const check = crossCheck(ref, wrong);
    expect(check.agrees).toBe(false);
    expect(check.maxRelDiff).toBeGreaterThan(AGREE_TOL);
  });

  it('never lets NaN, a wrong infinity or a wrong length agree', () => {
    const nan = ref.slice();
    nan[0] = NaN;
    expect(crossCheck(ref, nan).agrees).toBe(false);
    const inf = ref.slice();
    inf[1] = Infinity;
    expect(crossCheck(ref, inf).agrees).toBe(false);
    expect(crossCheck(ref, ref.subarray(1)).agrees).toBe(false);
    expect(relMaxDiff([Infinity, 1], [Infinity, 1])).toBe(0);
  });

  it('flags a deliberately wrong gemm in the bench itself, and the table shows it', () => {
    const [simd] = gemmContenders(cores);
    const { results } = runGemm(ctx, [simd!, perturbedGemm()]);
    const wrong = results.filter((r) => r.impl === 'js');
    expect(wrong.length).toBeGreaterThan(0);
    for (const r of wrong) {
      expect(r.agrees).toBe(false);
      expect(r.reference).toBe('wasm-simd');
      expect(r.maxRelDiff!).toBeGreaterThan(AGREE_TOL);
      expect(r.notes.join(' ')).toMatch(/disagrees with wasm-simd/);
    }
    expect(plain(renderReport({ cpu: 'x', cores: 1, node: 'v' }, results, [], ['gemm']))).toMatch(DISAGREE_ROW);
  });

  it('flags a kernel whose result changes across repetitions', () => {
    const accumulating: Contender<GemmInput> = {
      impl: 'js',
      unavailable: () => null,
      prepare: ({ n, a, b }) => {
        const c = new Float64Array(n * n), t = new Float64Array(n * n);
        let calls = 0;
        return {
          // Right on the first call, then C += A·B: state leaking between repetitions.
          run: () => {
            gemmIkj(n, n, n, a, b, t);
            for (let i = 0; i < t.length; i++) c[i] = (calls === 0 ? 0 : (c[i] as number)) + (t[i] as number);
            calls++;
          },
          output: () => c.slice(),
          dispose: () => {},
        };
      },
    };
    const [simd] = gemmContenders(cores);
    const rows = runGemm(ctx, [simd!, accumulating]).results.filter((r: BenchResult) => r.impl === 'js');
    for (const r of rows) {
      expect(r.agrees).toBe(false);
      expect(r.notes).toContain('result changed across repetitions');
    }
  });

  it('skips implementations whose export is missing and falls back to another reference', () => {
    const contenders = qrContenders(cores).map((c) =>
      c.impl === 'ml-matrix' ? c : { ...c, unavailable: () => `export qr is not in the ${c.impl} build yet` },
    );
    const { results, skipped } = runQr(ctx, contenders);
    expect(results.map((r) => r.impl)).toEqual(['ml-matrix']);
    expect(results[0]!.reference).toBeNull();
    expect(results[0]!.residual!).toBeLessThanOrEqual(AGREE_TOL);
    expect(results[0]!.notes.join(' ')).toMatch(/reference for the cross-check/);
    expect(skipped.map((s) => s.impl).sort()).toEqual(['wasm-scalar', 'wasm-simd']);
  });
});

describe('timing and CLI', () => {
  it('median of odd and even sample counts', () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(() => median([])).toThrow();
  });

  it('measure respects the repetition bounds (no speed asserted)', () => {
    let calls = 0;
    const t = measure(() => void calls++, { ...QUICK_TIMING, minReps: 4, maxReps: 6 });
    expect(t.reps).toBeGreaterThanOrEqual(4);
    expect(t.reps).toBeLessThanOrEqual(6);
    expect(calls).toBeGreaterThanOrEqual(t.reps * t.batch);
  });

  it('parses --quick, --ops and --json, and rejects unknown ops', () => {
    expect(parseCli([])).toEqual({ json: null, quick: false, ops: [...BENCH_OPS], help: false });
    expect(parseCli(['--quick', '--ops', 'logsoftmax,gemm', '--json', 'out.json'])).toEqual({
      json: 'out.json', quick: true, ops: ['gemm', 'logsoftmax'], help: false,
    });
    expect(() => parseCli(['--ops', 'gemm,fft'])).toThrow(/unknown op fft/);
    expect(() => parseCli(['--bogus'])).toThrow();
  });
});
