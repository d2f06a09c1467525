// General matrix product C = alpha · op(A) · op(B) + beta · C (row-major, op = identity or transpose),
// blocked for cache in the GotoBLAS order: column blocks of C, depth blocks, row blocks, register tiles.
import { OK, E_DIM, E_ARG, E_NOMEM, E_OVERLAP } from '../runtime/status';
import { arenaAlloc, arenaMark, arenaReset } from '../runtime/arena';
import { checkDim, checkF64, extent, overlaps } from '../runtime/check';
import { MR, NR, packA, packB } from './pack';
import { microKernel } from './microkernel';

/** Depth block: a packed A panel (MR × KC) and B panel (KC × NR) stay in L1 across the kernel. */
const KC: i32 = 256;
/** Row block: the packed A block (MC × KC, 128 KiB) stays in L2. */
const MC: i32 = 64;
/** Column block: the packed B block (KC × NC, 512 KiB) stays in L2/L3. */
const NC: i32 = 256;

/** C = beta · C for an m × n block (beta == 0 writes zeros without reading C). */
function scaleBlock(m: i32, n: i32, beta: f64, C: usize, ldc: i32): void {
  if (beta == 1) return;
  for (let i = 0; i < m; i++) {
    const row = C + ((<usize>i * <usize>ldc) << 3);
    for (let j = 0; j < n; j++) {
      const p = row + (<usize>j << 3);
      store<f64>(p, beta == 0 ? 0 : beta * load<f64>(p));
    }
  }
}

/**
 * The unchecked product used inside the core. Arguments are assumed valid; returns E_NOMEM when the
 * packing workspace cannot be allocated (C untouched), else OK.
 */
export function gemmCore(transA: i32, transB: i32, m: i32, n: i32, k: i32, alpha: f64, A: usize, lda: i32,
                         B: usize, ldb: i32, beta: f64, C: usize, ldc: i32): i32 {
  if (m == 0 || n == 0) return OK;
  if (k == 0 || alpha == 0) {
    scaleBlock(m, n, beta, C, ldc);
    return OK;
  }
  const top = arenaMark();
  const kcMax = k < KC ? k : KC;
  const mcMax = m < MC ? m : MC;
  const ncMax = n < NC ? n : NC;
  const Ap = arenaAlloc(<usize>((mcMax + MR - 1) / MR * MR) * <usize>kcMax << 3);
  const Bp: usize = Ap == 0 ? 0 : arenaAlloc(<usize>((ncMax + NR - 1) / NR * NR) * <usize>kcMax << 3);
  if (Bp == 0) {
    arenaReset(top);
    return E_NOMEM;
  }
  for (let jc = 0; jc < n; jc += NC) {
    const nc = n - jc < NC ? n - jc : NC;
    for (let pc = 0; pc < k; pc += KC) {
      const kc = k - pc < KC ? k - pc : KC;
      // Only the first depth block applies beta; later ones accumulate.
      const b = pc == 0 ? beta : 1.0;
      packB(transB, B, ldb, n, pc, kc, jc, nc, Bp);
      for (let ic = 0; ic < m; ic += MC) {
        const mc = m - ic < MC ? m - ic : MC;
        packA(transA, A, lda, m, ic, mc, pc, kc, Ap);
        for (let jr = 0; jr < nc; jr += NR) {
          const cols = nc - jr < NR ? nc - jr : NR;
          const bpanel = Bp + ((<usize>jr * <usize>kc) << 3);
          for (let ir = 0; ir < mc; ir += MR) {
            const rows = mc - ir < MR ? mc - ir : MR;
            const apanel = Ap + ((<usize>ir * <usize>kc) << 3);
            const c = C + ((<usize>(ic + ir) * <usize>ldc + <usize>(jc + jr)) << 3);
            microKernel(kc, apanel, bpanel, rows, cols, alpha, b, c, ldc);
          }
        }
      }
    }
  }
  arenaReset(top);
  return OK;
}

/**
 * gemm(transA, transB, m, n, k, alpha, A, lda, B, ldb, beta, C, ldc) → status.
 * op(A) is m × k (A stored m × k with lda ≥ k, or k × m with lda ≥ m when transA = 1); op(B) is k × n
 * (B stored k × n, ldb ≥ n, or n × k, ldb ≥ k). C is m × n with ldc ≥ n and must not overlap A or B.
 * beta = 0 overwrites C. NaN and ∞ propagate as in BLAS.
 */
export function gemmChecked(transA: i32, transB: i32, m: i32, n: i32, k: i32, alpha: f64, A: usize, lda: i32,
                            B: usize, ldb: i32, beta: f64, C: usize, ldc: i32): i32 {
  if ((transA & ~1) != 0 || (transB & ~1) != 0) return E_ARG;
  let s = checkDim(m, 0) | checkDim(n, 0) | checkDim(k, 0);
  if (s != OK) return E_DIM;
  const aRows = transA ? k : m, aCols = transA ? m : k;
  const bRows = transB ? n : k, bCols = transB ? k : n;
  if (lda < (aCols > 1 ? aCols : 1) || ldb < (bCols > 1 ? bCols : 1) || ldc < (n > 1 ? n : 1)) return E_DIM;
  const ea = k == 0 ? 0 : extent(aRows, aCols, lda);
  const eb = k == 0 ? 0 : extent(bRows, bCols, ldb);
  const ec = extent(m, n, ldc);
  s = checkF64(A, ea); if (s != OK) return s;
  s = checkF64(B, eb); if (s != OK) return s;
  s = checkF64(C, ec); if (s != OK) return s;
  if (overlaps(C, ec << 3, A, ea << 3) || overlaps(C, ec << 3, B, eb << 3)) return E_OVERLAP;
  return gemmCore(transA, transB, m, n, k, alpha, A, lda, B, ldb, beta, C, ldc);
}
