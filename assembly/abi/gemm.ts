import { gemmChecked } from '../blas/gemm';

/** See gemmChecked in blas/gemm.ts for the contract. */
export function gemm(transA: i32, transB: i32, m: i32, n: i32, k: i32, alpha: f64, A: usize, lda: i32,
                     B: usize, ldb: i32, beta: f64, C: usize, ldc: i32): i32 {
  return gemmChecked(transA, transB, m, n, k, alpha, A, lda, B, ldb, beta, C, ldc);
}
