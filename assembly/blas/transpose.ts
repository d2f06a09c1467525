// out (n × m) ← Aᵀ for a row-major A (m × n), in 32 × 32 blocks so both sides stay in cache.
const TB: i32 = 32;

export function transposeCore(m: i32, n: i32, A: usize, out: usize): void {
  for (let ib = 0; ib < m; ib += TB) {
    const ie = ib + TB < m ? ib + TB : m;
    for (let jb = 0; jb < n; jb += TB) {
      const je = jb + TB < n ? jb + TB : n;
      for (let i = ib; i < ie; i++) {
        for (let j = jb; j < je; j++) {
          store<f64>(out + ((<usize>j * <usize>m + <usize>i) << 3), load<f64>(A + ((<usize>i * <usize>n + <usize>j) << 3)));
        }
      }
    }
  }
}
