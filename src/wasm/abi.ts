// The ABI of the core as data: every export, its parameters (name and Wasm type) and results. This
// table is the single source of truth: assembly/manifest.json is written from it (npm run abi:manifest),
// the ABI test checks both built modules against it, and the typed export interface below derives from it.
// Pointers are byte addresses (Wasm i32); matrices are f64, row-major.

import { STATUS } from './status.js';

/** Bumped on any change to an export's signature or meaning; the core reports its own (abi_version). */
export const ABI_VERSION = 1;

type WasmType = 'i32' | 'f64';
type Param = readonly [name: string, type: WasmType];
export interface ExportSpec {
  readonly params: readonly Param[];
  readonly results: readonly WasmType[];
  readonly doc: string;
}

const p = (name: string): Param => [name, 'i32'];
const f = (name: string): Param => [name, 'f64'];
const status = ['i32'] as const;

export const ABI = {
  // Memory and identity.
  alloc: { params: [p('bytes')], results: ['i32'], doc: 'Reserve bytes (16-aligned) in the arena; 0 when out of memory.' },
  mark: { params: [], results: ['i32'], doc: 'Current arena position, for reset.' },
  reset: { params: [p('mark')], results: status, doc: 'Free everything allocated after mark.' },
  heap_base: { params: [], results: ['i32'], doc: 'First byte of the arena.' },
  heap_top: { params: [], results: ['i32'], doc: 'Current end of the arena.' },
  memory_bytes: { params: [], results: ['f64'], doc: 'Linear memory size in bytes.' },
  build_flags: { params: [], results: ['i32'], doc: 'Bit 0: SIMD build.' },
  abi_version: { params: [], results: ['i32'], doc: 'ABI version of this manifest.' },
  last_abort_line: { params: [], results: ['i32'], doc: 'Source line of the last internal abort (trap).' },

  // BLAS-like.
  gemm: {
    params: [p('transA'), p('transB'), p('m'), p('n'), p('k'), f('alpha'), p('A'), p('lda'), p('B'), p('ldb'), f('beta'), p('C'), p('ldc')],
    results: status,
    doc: 'C (m×n) = alpha·op(A)·op(B) + beta·C; op(A) m×k, op(B) k×n; leading dimensions lda, ldb, ldc; beta = 0 overwrites C.',
  },
  gemv: {
    params: [p('trans'), p('m'), p('n'), f('alpha'), p('A'), p('lda'), p('x'), f('beta'), p('y')],
    results: status,
    doc: 'y = alpha·op(A)·x + beta·y for A m×n (lda).',
  },
  dot: { params: [p('n'), p('x'), p('y'), p('out')], results: status, doc: 'out[0] = Σ x_i y_i.' },
  axpy: { params: [p('n'), f('a'), p('x'), p('y')], results: status, doc: 'y = a·x + y.' },
  scal: { params: [p('n'), f('a'), p('x')], results: status, doc: 'x = a·x.' },
  copy: { params: [p('n'), p('src'), p('dst')], results: status, doc: 'dst = src (n entries).' },
  transpose: { params: [p('m'), p('n'), p('A'), p('out')], results: status, doc: 'out (n×m) = Aᵀ.' },
  norm_fro: { params: [p('m'), p('n'), p('A'), p('out')], results: status, doc: 'out[0] = ‖A‖_F, overflow-safe.' },
  rel_max_diff: {
    params: [p('m'), p('n'), p('A'), p('B'), p('out')],
    results: status,
    doc: 'out[0] = max|A−B| / (1 + max(max|A|, max|B|)).',
  },

  // Distributions over tokens.
  log_softmax_rows: { params: [p('n'), p('V'), p('Z'), p('out')], results: status, doc: 'Row-wise log-softmax of n×V logits; out may be Z.' },
  logsumexp_rows: { params: [p('n'), p('V'), p('Z'), p('out')], results: status, doc: 'out[i] = log Σ_j exp Z[i,j].' },
  log_odds: {
    params: [p('n'), p('V'), p('Z'), p('pivot'), p('out')],
    results: status,
    doc: 'out (n×(V−1)) = Z[:, y] − Z[:, pivot] for y ≠ pivot, in token order.',
  },
  kl_rows: { params: [p('n'), p('V'), p('logP'), p('logQ'), p('out')], results: status, doc: 'out[i] = KL(P_i‖Q_i) from log-probabilities.' },
  tv_rows: { params: [p('n'), p('V'), p('logP'), p('logQ'), p('out')], results: status, doc: 'out[i] = ½ Σ |P_i − Q_i| from log-probabilities.' },

  // Decompositions.
  qr: { params: [p('m'), p('n'), p('A'), p('Q'), p('R')], results: status, doc: 'Householder A = QR; Q m×k orthonormal, R k×n, k = min(m,n), diag(R) ≥ 0.' },
  qr_r: { params: [p('m'), p('n'), p('A'), p('R')], results: status, doc: 'R (k×n) of A = QR as in qr, Q not formed (the step of a tall-skinny QR); diag(R) ≥ 0.' },
  tsqr_load: {
    params: [p('b'), p('n'), p('A'), p('Wt'), p('ld'), p('r0')],
    results: status,
    doc: 'Wt[j·ld + r0 + i] = A[i, j] for A b×n: rows of a TSQR block written into its column-contiguous buffer.',
  },
  tsqr_step: {
    params: [p('m'), p('n'), p('k'), p('Wt'), p('ld')],
    results: status,
    doc: 'In place: the m×n block in Wt (column j at j·ld) whose top k rows are an upper-trapezoidal R becomes its Householder QR (R on top, unsigned diagonal).',
  },
  tsqr_step_tt: {
    params: [p('m'), p('n'), p('k'), p('Wt'), p('ld')],
    results: status,
    doc: 'tsqr_step for two stacked R factors: rows k … m−1 are upper trapezoidal too (ignored below their diagonal); with k = n their zeros are skipped (≈2n³/3 flops).',
  },
  qr_pivoted: {
    params: [p('m'), p('n'), p('A'), p('Q'), p('R'), p('perm')],
    results: status,
    doc: 'A P = Q R with column pivoting; perm i32[n]; |diag R| non-increasing.',
  },
  svd_thin: {
    params: [p('m'), p('n'), p('A'), p('U'), p('S'), p('V')],
    results: status,
    doc: 'A = U diag(S) Vᵀ; U m×k, S k descending, V n×k, k = min(m,n).',
  },
  svd_right: {
    params: [p('m'), p('n'), p('A'), p('S'), p('V')],
    results: status,
    doc: 'S and V of svd_thin, bit for bit, without forming U (for m ≥ n most of the work); S k descending, V n×k.',
  },
  eig_sym: { params: [p('n'), p('A'), p('W'), p('V')], results: status, doc: 'Symmetric A V = V diag(W); W ascending; V n×n orthogonal.' },
  lu: { params: [p('n'), p('A'), p('LU'), p('perm')], results: status, doc: 'P A = L U with partial pivoting; unit L below the diagonal of LU; perm i32[n].' },

  // Derived.
  solve: { params: [p('n'), p('nrhs'), p('A'), p('B'), p('X')], results: status, doc: 'A X = B; A n×n, B and X n×nrhs.' },
  inverse: { params: [p('n'), p('A'), p('out')], results: status, doc: 'out = A⁻¹.' },
  det: { params: [p('n'), p('A'), p('out')], results: status, doc: 'out[0] = det A.' },
  logdet: { params: [p('n'), p('A'), p('logAbs'), p('sign')], results: status, doc: 'log|det A| and its sign (−1, 0, 1).' },
  pinv: { params: [p('m'), p('n'), p('A'), f('rtol'), p('out')], results: status, doc: 'Moore–Penrose pseudo-inverse, out n×m; σ ≤ rtol·σ₁ dropped (rtol < 0: max(m,n)·ε).' },
  lstsq: {
    params: [p('m'), p('n'), p('nrhs'), p('A'), p('B'), f('rtol'), p('X')],
    results: status,
    doc: 'Minimum-norm least squares X (n×nrhs) of A X ≈ B.',
  },
  rank: { params: [p('m'), p('n'), p('A'), f('rtol'), p('out')], results: status, doc: 'out (i32) = #{σ_i > rtol·σ₁}.' },
  col_basis: {
    params: [p('m'), p('n'), p('A'), f('rtol'), p('out'), p('dim')],
    results: status,
    doc: 'Orthonormal basis of col(A): dim (i32) = r, out m×r contiguous (capacity m·min(m,n)).',
  },
  null_basis: {
    params: [p('m'), p('n'), p('A'), f('rtol'), p('out'), p('dim')],
    results: status,
    doc: 'Orthonormal basis of null(A): dim (i32) = n−r, out n×(n−r) contiguous (capacity n·n).',
  },
  projector: { params: [p('m'), p('n'), p('A'), f('rtol'), p('out')], results: status, doc: 'out (m×m) = orthogonal projector onto col(A).' },
  principal_angles: {
    params: [p('m'), p('p'), p('q'), p('A'), p('B'), f('rtol'), p('out'), p('count')],
    results: status,
    doc: 'Principal angles (radians, ascending) between col(A) (m×p) and col(B) (m×q); count (i32) = min(rank A, rank B).',
  },
  cond2: { params: [p('m'), p('n'), p('A'), p('out')], results: status, doc: 'out[0] = σ₁/σ_min(m,n), +∞ when singular.' },

  // Blocked engine.
  gap_scan: {
    params: [p('n'), p('b'), p('LA'), p('LB'), p('fA'), p('fB'), p('gA'), p('gB'), f('pA'), f('pB'), p('skip'), p('out')],
    results: status,
    doc: 'One block of the log-odds gap: over LA, LB (n×b) minus column skip (−1: none), out[0..5] = [max |LA−LB| / (fA[x]·(gA[j]+pA) + fB[x]·(gB[j]+pB)) (0/0 → 0, x/0 → ∞), its first x and j in row-major order (−1 if none), max|LA−LB|, max|LA|, max|LB|]; NaN never a maximum. Bit for bit in both builds.',
  },
} as const satisfies Record<string, ExportSpec>;

export type ExportName = keyof typeof ABI;

type NumberArgs<P extends readonly Param[]> = { [I in keyof P]: number };
/** The raw exports of an instantiated core, typed from ABI. */
export type CoreExports = {
  [K in ExportName]: (...args: NumberArgs<(typeof ABI)[K]['params']>) => number;
} & { memory: WebAssembly.Memory };

/** The manifest as written to assembly/manifest.json. */
export function manifest(): object {
  return {
    abiVersion: ABI_VERSION,
    note: 'Generated from src/wasm/abi.ts by `npm run abi:manifest`; the ABI test checks both builds against it.',
    memory: { export: 'memory', layout: 'f64 row-major; pointers are byte offsets (i32)' },
    status: STATUS,
    exports: Object.entries(ABI).map(([name, spec]) => ({
      name,
      params: spec.params.map(([n, t]) => ({ name: n, type: t })),
      results: [...spec.results],
      doc: spec.doc,
    })),
  };
}
