// The MR × NR register tile: acc = Apanel · Bpanel over kc steps, then C = alpha · acc + beta · C for the
// rows × cols of the tile that lie inside C. Two builds, one ABI: the SIMD build keeps the 2 × 8 tile in
// eight v128 accumulators (the measured best: twelve spill); the scalar build runs the same tile as two
// 2 × 4 halves so its eight f64 accumulators stay in registers.
import { MR, NR } from './pack';

/** Scratch for edge tiles, which are computed in full and then copied in part. */
const EDGE: usize = memory.data(MR * NR * 8, 16);

// @ts-ignore: decorator
@inline
function writeTile(tile: usize, rows: i32, cols: i32, alpha: f64, beta: f64, C: usize, ldc: i32): void {
  for (let r = 0; r < rows; r++) {
    const crow = C + ((<usize>r * <usize>ldc) << 3);
    const trow = tile + (<usize>(r * NR) << 3);
    for (let c = 0; c < cols; c++) {
      const t = alpha * load<f64>(trow + (<usize>c << 3));
      const cp = crow + (<usize>c << 3);
      // beta == 0 overwrites C without reading it (BLAS convention: NaN in C does not propagate).
      store<f64>(cp, beta == 0 ? t : t + beta * load<f64>(cp));
    }
  }
}

export function microKernel(kc: i32, Ap: usize, Bp: usize, rows: i32, cols: i32, alpha: f64, beta: f64, C: usize, ldc: i32): void {
  if (ASC_FEATURE_SIMD) {
    let c00 = f64x2.splat(0), c01 = f64x2.splat(0), c02 = f64x2.splat(0), c03 = f64x2.splat(0);
    let c10 = f64x2.splat(0), c11 = f64x2.splat(0), c12 = f64x2.splat(0), c13 = f64x2.splat(0);
    let ap = Ap, bp = Bp;
    for (let p = 0; p < kc; p++) {
      const b0 = v128.load(bp), b1 = v128.load(bp, 16), b2 = v128.load(bp, 32), b3 = v128.load(bp, 48);
      const a0 = v128.load64_splat(ap), a1 = v128.load64_splat(ap, 8);
      c00 = f64x2.add(c00, f64x2.mul(a0, b0));
      c10 = f64x2.add(c10, f64x2.mul(a1, b0));
      c01 = f64x2.add(c01, f64x2.mul(a0, b1));
      c11 = f64x2.add(c11, f64x2.mul(a1, b1));
      c02 = f64x2.add(c02, f64x2.mul(a0, b2));
      c12 = f64x2.add(c12, f64x2.mul(a1, b2));
      c03 = f64x2.add(c03, f64x2.mul(a0, b3));
      c13 = f64x2.add(c13, f64x2.mul(a1, b3));
      ap += MR * 8;
      bp += NR * 8;
    }
    if (rows == MR && cols == NR) {
      const va = f64x2.splat(alpha);
      const c1 = C + (<usize>ldc << 3);
      if (beta == 0) {
        v128.store(C, f64x2.mul(va, c00)); v128.store(C, f64x2.mul(va, c01), 16);
        v128.store(C, f64x2.mul(va, c02), 32); v128.store(C, f64x2.mul(va, c03), 48);
        v128.store(c1, f64x2.mul(va, c10)); v128.store(c1, f64x2.mul(va, c11), 16);
        v128.store(c1, f64x2.mul(va, c12), 32); v128.store(c1, f64x2.mul(va, c13), 48);
      } else {
        const vb = f64x2.splat(beta);
        v128.store(C, f64x2.add(f64x2.mul(va, c00), f64x2.mul(vb, v128.load(C))));
        v128.store(C, f64x2.add(f64x2.mul(va, c01), f64x2.mul(vb, v128.load(C, 16))), 16);
        v128.store(C, f64x2.add(f64x2.mul(va, c02), f64x2.mul(vb, v128.load(C, 32))), 32);
        v128.store(C, f64x2.add(f64x2.mul(va, c03), f64x2.mul(vb, v128.load(C, 48))), 48);
        v128.store(c1, f64x2.add(f64x2.mul(va, c10), f64x2.mul(vb, v128.load(c1))));
        v128.store(c1, f64x2.add(f64x2.mul(va, c11), f64x2.mul(vb, v128.load(c1, 16))), 16);
        v128.store(c1, f64x2.add(f64x2.mul(va, c12), f64x2.mul(vb, v128.load(c1, 32))), 32);
        v128.store(c1, f64x2.add(f64x2.mul(va, c13), f64x2.mul(vb, v128.load(c1, 48))), 48);
      }
    } else {
      v128.store(EDGE, c00); v128.store(EDGE, c01, 16); v128.store(EDGE, c02, 32); v128.store(EDGE, c03, 48);
      v128.store(EDGE, c10, 64); v128.store(EDGE, c11, 80); v128.store(EDGE, c12, 96); v128.store(EDGE, c13, 112);
      writeTile(EDGE, rows, cols, alpha, beta, C, ldc);
    }
  } else {
    for (let half = 0; half < NR; half += 4) {
      let c00: f64 = 0, c01: f64 = 0, c02: f64 = 0, c03: f64 = 0;
      let c10: f64 = 0, c11: f64 = 0, c12: f64 = 0, c13: f64 = 0;
      let ap = Ap, bp = Bp + (<usize>half << 3);
      for (let p = 0; p < kc; p++) {
        const a0 = load<f64>(ap), a1 = load<f64>(ap, 8);
        const b0 = load<f64>(bp), b1 = load<f64>(bp, 8), b2 = load<f64>(bp, 16), b3 = load<f64>(bp, 24);
        c00 += a0 * b0; c01 += a0 * b1; c02 += a0 * b2; c03 += a0 * b3;
        c10 += a1 * b0; c11 += a1 * b1; c12 += a1 * b2; c13 += a1 * b3;
        ap += MR * 8;
        bp += NR * 8;
      }
      const t = EDGE + (<usize>half << 3);
      store<f64>(t, c00); store<f64>(t, c01, 8); store<f64>(t, c02, 16); store<f64>(t, c03, 24);
      store<f64>(t, c10, 64); store<f64>(t, c11, 72); store<f64>(t, c12, 80); store<f64>(t, c13, 88);
    }
    writeTile(EDGE, rows, cols, alpha, beta, C, ldc);
  }
}
