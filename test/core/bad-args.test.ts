// Bad arguments get a status code and write nothing: for each rejected call, the whole arena is
// byte-for-byte what it was before.
import { describe, it, expect } from 'vitest';
import { loadCore } from '../../src/wasm/loader.js';
import type { Core } from '../../src/wasm/core.js';
import type { ExportName } from '../../src/wasm/abi.js';
import { STATUS } from '../../src/wasm/status.js';

const code = (name: string): number => Number(Object.entries(STATUS).find(([, n]) => n === name)![0]);

interface Buffers { a: number; b: number; c: number; past: number; odd: number }

/** Three 8×8 f64 buffers filled with a sentinel, a pointer past the end of memory and a misaligned one. */
function setup(core: Core): Buffers {
  const a = core.allocBytes(64 * 8), b = core.allocBytes(64 * 8), c = core.allocBytes(64 * 8);
  const f = core.f64;
  for (let i = 0; i < 64; i++) {
    f[(a >>> 3) + i] = i + 1;
    f[(b >>> 3) + i] = 2 * i + 1;
    f[(c >>> 3) + i] = -7.25;
  }
  const past = core.raw.memory.buffer.byteLength - 8;
  return { a, b, c, past, odd: a + 4 };
}

type Case = [label: string, fn: ExportName, args: (p: Buffers) => number[], want: string];

const cases: Case[] = [
  ['gemm negative m', 'gemm', (p) => [0, 0, -1, 2, 2, 1, p.a, 2, p.b, 2, 0, p.c, 2], 'dim'],
  ['gemm lda too small', 'gemm', (p) => [0, 0, 2, 2, 3, 1, p.a, 2, p.b, 2, 0, p.c, 2], 'dim'],
  ['gemm flag not 0/1', 'gemm', (p) => [2, 0, 2, 2, 2, 1, p.a, 2, p.b, 2, 0, p.c, 2], 'arg'],
  ['gemm C past memory', 'gemm', (p) => [0, 0, 2, 2, 2, 1, p.a, 2, p.b, 2, 0, p.past, 2], 'bounds'],
  ['gemm A in static data', 'gemm', (p) => [0, 0, 2, 2, 2, 1, 8, 2, p.b, 2, 0, p.c, 2], 'bounds'],
  ['gemm misaligned B', 'gemm', (p) => [0, 0, 2, 2, 2, 1, p.a, 2, p.odd, 2, 0, p.c, 2], 'align'],
  ['gemm C overlaps A', 'gemm', (p) => [0, 0, 4, 4, 4, 1, p.a, 4, p.b, 4, 0, p.a + 64, 4], 'overlap'],
  ['gemv y overlaps x', 'gemv', (p) => [0, 4, 4, 1, p.a, 4, p.b, 0, p.b + 8], 'overlap'],
  ['dot negative n', 'dot', (p) => [-3, p.a, p.b, p.c], 'dim'],
  ['dot out inside x', 'dot', (p) => [8, p.a, p.b, p.a + 8], 'overlap'],
  ['axpy shifted overlap', 'axpy', (p) => [8, 2, p.a, p.a + 8], 'overlap'],
  ['copy past memory', 'copy', (p) => [8, p.a, p.past], 'bounds'],
  ['transpose in place', 'transpose', (p) => [4, 4, p.a, p.a], 'overlap'],
  ['norm_fro misaligned', 'norm_fro', (p) => [2, 2, p.odd, p.c], 'align'],
  ['rel_max_diff NaN', 'rel_max_diff', (p) => [2, 2, p.a, p.b + 8 * 60, p.c], 'nonfinite'],
  ['log_softmax_rows V = 0', 'log_softmax_rows', (p) => [2, 0, p.a, p.c], 'dim'],
  ['log_softmax_rows NaN', 'log_softmax_rows', (p) => [2, 2, p.b + 8 * 60, p.c], 'nonfinite'],
  ['logsumexp_rows out overlaps Z', 'logsumexp_rows', (p) => [2, 4, p.a, p.a + 8], 'overlap'],
  ['log_odds pivot out of range', 'log_odds', (p) => [2, 4, p.a, 4, p.c], 'arg'],
  ['log_odds negative pivot', 'log_odds', (p) => [2, 4, p.a, -1, p.c], 'arg'],
  ['kl_rows +∞ log-probability', 'kl_rows', (p) => [2, 2, p.a, p.b, p.c], 'nonfinite'],
  ['tv_rows out past memory', 'tv_rows', (p) => [2, 2, p.c, p.c, p.past], 'bounds'],
  ['tsqr_step_tt k past min(m, n)', 'tsqr_step_tt', (p) => [4, 3, 4, p.a, 4], 'arg'],
  ['tsqr_step_tt negative k', 'tsqr_step_tt', (p) => [4, 3, -1, p.a, 4], 'arg'],
  ['tsqr_step_tt ld < m', 'tsqr_step_tt', (p) => [5, 3, 0, p.a, 4], 'dim'],
  ['tsqr_step_tt Wt past memory', 'tsqr_step_tt', (p) => [4, 3, 3, p.past, 4], 'bounds'],
  ['tsqr_step_tt misaligned Wt', 'tsqr_step_tt', (p) => [4, 3, 3, p.odd, 4], 'align'],
  // Column 1 of the 4 × 2 block at b + 56 entries, bottom row 0 (k = 1): inside the bottom's trapezoid.
  ['tsqr_step_tt NaN in the bottom R', 'tsqr_step_tt', (p) => [4, 2, 1, p.b + 8 * 56, 4], 'nonfinite'],
  ['gap_scan negative b', 'gap_scan', (p) => [2, -1, p.a, p.b, p.a, p.a, p.a, p.a, 1, 1, -1, p.c], 'dim'],
  ['gap_scan skip past the block', 'gap_scan', (p) => [2, 4, p.a, p.b, p.a, p.a, p.a, p.a, 1, 1, 4, p.c], 'arg'],
  ['gap_scan skip below −1', 'gap_scan', (p) => [2, 4, p.a, p.b, p.a, p.a, p.a, p.a, 1, 1, -2, p.c], 'arg'],
  ['gap_scan out past memory', 'gap_scan', (p) => [2, 4, p.a, p.b, p.a, p.a, p.a, p.a, 1, 1, -1, p.past], 'bounds'],
  ['gap_scan misaligned fB', 'gap_scan', (p) => [2, 4, p.a, p.b, p.a, p.odd, p.a, p.a, 1, 1, -1, p.c], 'align'],
  ['gap_scan out inside LA', 'gap_scan', (p) => [2, 4, p.a, p.b, p.c, p.c, p.c, p.c, 1, 1, -1, p.a + 16], 'overlap'],
  ['gap_scan out inside gB', 'gap_scan', (p) => [2, 8, p.a, p.a, p.a, p.a, p.a, p.b, 1, 1, -1, p.b + 8], 'overlap'],
];

describe('bad arguments return a status and write nothing', () => {
  const core = loadCore({ build: 'simd' });
  const bufs = setup(core);
  // A NaN inside the last four entries of b, used by the 'nonfinite' cases.
  core.f64[(bufs.b >>> 3) + 61] = NaN;

  for (const [label, fn, args, want] of cases) {
    it(label, () => {
      const base = core.raw.heap_base(), top = core.heapTop();
      const before = new Uint8Array(core.raw.memory.buffer.slice(base, top));
      const status = core.invoke(fn, args(bufs) as never);
      expect(status).toBe(code(want));
      const after = new Uint8Array(core.raw.memory.buffer.slice(base, top));
      expect(Buffer.compare(Buffer.from(before), Buffer.from(after))).toBe(0);
      expect(core.heapTop()).toBe(top);
    });
  }

  it('the arena check itself notices a write (the comparison can fail)', () => {
    const base = core.raw.heap_base(), top = core.heapTop();
    const before = Buffer.from(core.raw.memory.buffer.slice(base, top));
    expect(core.invoke('scal', [1, 2, bufs.c])).toBe(0);
    const after = Buffer.from(core.raw.memory.buffer.slice(base, top));
    expect(Buffer.compare(before, after)).not.toBe(0);
  });

  it('kl_rows of log-probabilities is accepted once the +∞ input is replaced', () => {
    core.scope(() => {
      const p = core.allocBytes(32);
      core.f64.set([Math.log(0.25), Math.log(0.75), Math.log(0.5), Math.log(0.5)], p >>> 3);
      const out = core.allocBytes(16);
      expect(core.invoke('kl_rows', [2, 2, p, p, out])).toBe(0);
      expect(Array.from(core.f64.subarray(out >>> 3, (out >>> 3) + 2))).toEqual([0, 0]);
    });
  });
});
