// y ← alpha · op(A) x + beta · y for a row-major A (m × n, leading dimension lda).
import { dotCore, axpyCore } from './level1';

export function gemvCore(trans: i32, m: i32, n: i32, alpha: f64, A: usize, lda: i32, x: usize, beta: f64, y: usize): void {
  const ylen = trans ? n : m;
  for (let i = 0; i < ylen; i++) {
    const p = y + (<usize>i << 3);
    store<f64>(p, beta == 0 ? 0 : beta * load<f64>(p));
  }
  if (alpha == 0) return;
  if (trans == 0) {
    // Rows of A are contiguous: one dot product per output entry.
    for (let i = 0; i < m; i++) {
      const p = y + (<usize>i << 3);
      store<f64>(p, load<f64>(p) + alpha * dotCore(n, A + ((<usize>i * <usize>lda) << 3), x));
    }
  } else {
    // Aᵀx is a combination of the rows of A: one axpy per row keeps the access unit-stride.
    for (let i = 0; i < m; i++) {
      axpyCore(n, alpha * load<f64>(x + (<usize>i << 3)), A + ((<usize>i * <usize>lda) << 3), y);
    }
  }
}
