// Packing copies a block of op(A) or op(B) into the contiguous, zero-padded panel order the micro-kernel
// reads, so the kernel sees unit-stride data whatever the transpose flags and leading dimensions were.

/** Rows per A panel and columns per B panel of the register tile (2 × 8 doubles: 8 v128 accumulators). */
export const MR: i32 = 2;
export const NR: i32 = 8;

/**
 * Pack rows [i0, i0 + mc) × columns [p0, p0 + kc) of op(A) into MR-row panels: for each panel and each p,
 * MR consecutive values op(A)[i, p], op(A)[i + 1, p]. Rows past m are zero.
 */
export function packA(trans: i32, A: usize, lda: i32, m: i32, i0: i32, mc: i32, p0: i32, kc: i32, out: usize): void {
  let dst = out;
  for (let ib = 0; ib < mc; ib += MR) {
    for (let p = 0; p < kc; p++) {
      for (let r = 0; r < MR; r++) {
        const i = i0 + ib + r;
        let v: f64 = 0;
        if (ib + r < mc && i < m) {
          // op(A)[i, p] is A[i, p] or, transposed, A[p, i].
          const idx = trans ? <usize>(p0 + p) * <usize>lda + <usize>i : <usize>i * <usize>lda + <usize>(p0 + p);
          v = load<f64>(A + (idx << 3));
        }
        store<f64>(dst, v);
        dst += 8;
      }
    }
  }
}

/**
 * Pack rows [p0, p0 + kc) × columns [j0, j0 + nc) of op(B) into NR-column panels: for each panel and each
 * p, NR consecutive values op(B)[p, j .. j + NR). Columns past n are zero.
 */
export function packB(trans: i32, B: usize, ldb: i32, n: i32, p0: i32, kc: i32, j0: i32, nc: i32, out: usize): void {
  let dst = out;
  for (let jb = 0; jb < nc; jb += NR) {
    for (let p = 0; p < kc; p++) {
      const row = p0 + p;
      for (let c = 0; c < NR; c++) {
        const j = j0 + jb + c;
        let v: f64 = 0;
        if (jb + c < nc && j < n) {
          const idx = trans ? <usize>j * <usize>ldb + <usize>row : <usize>row * <usize>ldb + <usize>j;
          v = load<f64>(B + (idx << 3));
        }
        store<f64>(dst, v);
        dst += 8;
      }
    }
  }
}
