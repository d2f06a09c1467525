// Plain-text tables: one per op, then its notes and skipped rows. Colour only marks warnings and
// headings; chalk turns itself off when stdout is not a terminal, so piped output stays plain.
import chalk from 'chalk';
import { BASELINES, type BenchResult, type Impl, type Machine, type Op, type Skipped } from './types.js';
import { AGREE_TOL } from './verify.js';

const SHORT: Record<Impl, string> = {
  'wasm-simd': 'simd',
  'wasm-scalar': 'scalar',
  js: 'js',
  'ml-matrix': 'ml-matrix',
  numpy: 'numpy',
};

const TITLE: Record<Op, string> = {
  gemm: 'gemm  C = A·B, n×n f64 (2n³ flops)',
  qr: 'qr  Householder A = QR, m×n (2mn² − 2n³/3 flops; time includes forming Q)',
  qrp: 'qrp  column-pivoted QR, m×n (2mn² − 2n³/3 flops; time includes forming Q)',
  svd: 'svd  thin A = U diag(S) Vᵀ with U and V, m×n (nominal 6mn² + 20n³ flops)',
  logsoftmax: 'logsoftmax  row-wise, rows×V (ns per element)',
  'c6-decision': 'c6-decision',
  campaign: 'campaign',
  'compare-real': 'compare-real  the blocked compare decision on safetensors files (n×V×d×d̃), vs numpy from the same files, one BLAS thread',
  'compare-llama': 'compare-llama  the blocked compare decision on a Llama-3-8B-shaped bf16 pair (n×V×d)',
};

export function formatMs(ms: number): string {
  if (ms >= 100) return ms.toFixed(0);
  if (ms >= 10) return ms.toFixed(1);
  if (ms >= 1) return ms.toFixed(2);
  if (ms >= 0.01) return ms.toFixed(3);
  return ms.toPrecision(2);
}

function formatRate(r: BenchResult): string {
  if (r.gflops !== null) return r.gflops >= 10 ? r.gflops.toFixed(1) : r.gflops.toFixed(2);
  if (r.nsPerElem !== null) return r.nsPerElem.toFixed(2);
  return '—';
}

function formatDiff(x: number | null): string {
  if (x === null) return '—';
  if (x === 0) return '0';
  return x.toExponential(1);
}

/** Columns padded to their widest cell; right-aligned except the first two. */
export function formatTable(headers: readonly string[], rows: readonly (readonly string[])[]): string[] {
  const widths = headers.map((h, c) => Math.max(h.length, ...rows.map((r) => (r[c] ?? '').length)));
  const line = (cells: readonly string[]): string =>
    cells.map((cell, c) => (c < 2 ? cell.padEnd(widths[c] ?? 0) : cell.padStart(widths[c] ?? 0))).join('  ').trimEnd();
  return [line(headers), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)];
}

export function renderMachine(m: Machine): string {
  return `machine: ${m.cpu}, ${m.cores} cores, node ${m.node}`;
}

/** One op's table, its notes (deduplicated) and its skipped rows (sizes merged per reason). */
export function renderOp(op: Op, results: readonly BenchResult[], skipped: readonly Skipped[]): string {
  const out: string[] = [chalk.bold(TITLE[op])];
  const rs = results.filter((r) => r.op === op);
  const baselines = BASELINES[op] ?? [];
  const perElement = rs.some((r) => r.nsPerElem !== null);
  const hasResidual = rs.some((r) => r.residual !== null);
  const headers = [
    'impl', 'size', 'median ms', perElement ? 'ns/elem' : 'GFLOP/s',
    ...baselines.map((b) => `× ${SHORT[b]}`),
    'reps', 'rel diff vs ref', ...(hasResidual ? ['residual'] : []), 'warn',
  ];
  const rows = rs.map((r) => [
    r.impl,
    r.size.join('×'),
    formatMs(r.medianMs),
    formatRate(r),
    ...baselines.map((b) => {
      const s = r.speedup[b];
      return b === r.impl ? '1' : s === undefined ? '—' : s >= 10 ? s.toFixed(1) : s.toFixed(2);
    }),
    r.batch > 1 ? `${r.reps}×${r.batch}` : String(r.reps),
    r.reference === null ? 'ref' : formatDiff(r.maxRelDiff),
    ...(hasResidual ? [formatDiff(r.residual)] : []),
    r.agrees ? '' : 'DISAGREE',
  ]);
  if (rs.length > 0) {
    for (const l of formatTable(headers, rows)) out.push(`  ${l.replace('DISAGREE', chalk.red.bold('DISAGREE'))}`);
  } else {
    out.push('  (nothing measured)');
  }

  const notes = new Map<string, boolean>(); // note → whether it belongs to a disagreeing row
  for (const r of rs) for (const n of r.notes) notes.set(`${r.impl}: ${n}`, (notes.get(`${r.impl}: ${n}`) ?? false) || !r.agrees);
  for (const [n, bad] of notes) out.push(`  note  ${bad ? chalk.red(n) : n}`);

  const merged = new Map<string, string[]>();
  for (const s of skipped.filter((x) => x.op === op)) {
    const key = `${s.impl}\u0000${s.reason}`;
    merged.set(key, [...(merged.get(key) ?? []), s.size.join('×')]);
  }
  for (const [key, sizes] of merged) {
    const [impl, reason] = key.split('\u0000');
    out.push(`  skip  ${impl} ${sizes.join(', ')}: ${reason}`);
  }
  return out.join('\n');
}

export const LEGEND = [
  `median ms: median time per call over reps (reps×batch: calls batched per sample); × X: X's median / this median`,
  `(> 1 = faster than X); rel diff vs ref: max|ref − x| / (1 + max|·|) against the reference's result, the SIMD`,
  `core's where it runs; residual: the same measure for A vs its reconstruction; DISAGREE: a check above ${AGREE_TOL}.`,
].join('\n');

export function renderReport(machine: Machine, results: readonly BenchResult[], skipped: readonly Skipped[], ops: readonly Op[]): string {
  return [renderMachine(machine), LEGEND, ...ops.map((op) => renderOp(op, results, skipped))].join('\n\n');
}
