// Documented flop counts behind every GFLOP/s figure. A rate is only meaningful against a stated count;
// these are the textbook counts (Golub & Van Loan, Matrix Computations, 4th ed.), the same for every
// implementation, so GFLOP/s ratios equal time ratios.

/** C = A·B with A m×k, B k×n: one multiply and one add per term. */
export function gemmFlops(m: number, n: number, k: number): number {
  return 2 * m * n * k;
}

/**
 * Householder QR of an m×n matrix (m ≥ n): 2mn² − 2n³/3, the factorization only (GVL Alg. 5.2.1), as in
 * LAPACK dgeqrf benchmarks. Every timed implementation also forms the thin Q (about as much work
 * again), so the reported rate is an understatement of the arithmetic actually done, equally for all.
 * The pivoted variant (qrp) uses the same count: pivoting adds only O(mn) norm updates.
 */
export function householderQrFlops(m: number, n: number): number {
  return 2 * m * n * n - (2 * n * n * n) / 3;
}

/**
 * Thin SVD A = U₁ Σ Vᵀ of an m×n matrix (m ≥ n) with U₁ and V: the nominal R-SVD count 6mn² + 20n³
 * (GVL Fig. 8.6.1). Iterative algorithms differ in their real work; this is a common yardstick only.
 */
export function svdFlops(m: number, n: number): number {
  return 6 * m * n * n + 20 * n * n * n;
}
