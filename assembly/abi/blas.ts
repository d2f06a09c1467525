// Checked entry points for the BLAS-like kernels. Each validates every argument before writing; scalar
// results go to an f64 out-pointer so every export returns a status code.
import { OK, E_ARG, E_DIM, E_NONFINITE } from '../runtime/status';
import { checkDim, checkF64, checkDisjoint, checkSameOrDisjoint, extent, allFinite } from '../runtime/check';
import { dotCore, axpyCore, scalCore, copyCore } from '../blas/level1';
import { gemvCore } from '../blas/gemv';
import { transposeCore } from '../blas/transpose';
import { norm2Core, relMaxDiffCore } from '../blas/norms';

export function dot(n: i32, x: usize, y: usize, out: usize): i32 {
  let s = checkDim(n, 0); if (s != OK) return s;
  s = checkF64(x, n); if (s != OK) return s;
  s = checkF64(y, n); if (s != OK) return s;
  s = checkF64(out, 1); if (s != OK) return s;
  s = checkDisjoint(out, 1, x, n) | checkDisjoint(out, 1, y, n); if (s != OK) return s;
  store<f64>(out, dotCore(n, x, y));
  return OK;
}

export function axpy(n: i32, a: f64, x: usize, y: usize): i32 {
  let s = checkDim(n, 0); if (s != OK) return s;
  s = checkF64(x, n); if (s != OK) return s;
  s = checkF64(y, n); if (s != OK) return s;
  s = checkSameOrDisjoint(y, n, x, n); if (s != OK) return s;
  axpyCore(n, a, x, y);
  return OK;
}

export function scal(n: i32, a: f64, x: usize): i32 {
  let s = checkDim(n, 0); if (s != OK) return s;
  s = checkF64(x, n); if (s != OK) return s;
  scalCore(n, a, x);
  return OK;
}

export function copy(n: i32, src: usize, dst: usize): i32 {
  let s = checkDim(n, 0); if (s != OK) return s;
  s = checkF64(src, n); if (s != OK) return s;
  s = checkF64(dst, n); if (s != OK) return s;
  s = checkSameOrDisjoint(dst, n, src, n); if (s != OK) return s;
  copyCore(n, src, dst);
  return OK;
}

export function gemv(trans: i32, m: i32, n: i32, alpha: f64, A: usize, lda: i32, x: usize, beta: f64, y: usize): i32 {
  if ((trans & ~1) != 0) return E_ARG;
  let s = checkDim(m, 0) | checkDim(n, 0); if (s != OK) return E_DIM;
  if (lda < (n > 1 ? n : 1)) return E_DIM;
  const xl = trans ? m : n, yl = trans ? n : m;
  const ea = extent(m, n, lda);
  s = checkF64(A, ea); if (s != OK) return s;
  s = checkF64(x, xl); if (s != OK) return s;
  s = checkF64(y, yl); if (s != OK) return s;
  s = checkDisjoint(y, yl, A, ea) | checkDisjoint(y, yl, x, xl); if (s != OK) return s;
  gemvCore(trans, m, n, alpha, A, lda, x, beta, y);
  return OK;
}

export function transpose(m: i32, n: i32, A: usize, out: usize): i32 {
  let s = checkDim(m, 0) | checkDim(n, 0); if (s != OK) return E_DIM;
  const c = <u64>m * <u64>n;
  s = checkF64(A, c); if (s != OK) return s;
  s = checkF64(out, c); if (s != OK) return s;
  s = checkDisjoint(out, c, A, c); if (s != OK) return s;
  transposeCore(m, n, A, out);
  return OK;
}

export function norm_fro(m: i32, n: i32, A: usize, out: usize): i32 {
  let s = checkDim(m, 0) | checkDim(n, 0); if (s != OK) return E_DIM;
  const c = <u64>m * <u64>n;
  s = checkF64(A, c); if (s != OK) return s;
  s = checkF64(out, 1); if (s != OK) return s;
  s = checkDisjoint(out, 1, A, c); if (s != OK) return s;
  store<f64>(out, norm2Core(<i32>c, A));
  return OK;
}

/** max|A − B| / (1 + max(max|A|, max|B|)); E_NONFINITE if either holds NaN or ±∞. */
export function rel_max_diff(m: i32, n: i32, A: usize, B: usize, out: usize): i32 {
  let s = checkDim(m, 0) | checkDim(n, 0); if (s != OK) return E_DIM;
  const c = <u64>m * <u64>n;
  s = checkF64(A, c); if (s != OK) return s;
  s = checkF64(B, c); if (s != OK) return s;
  s = checkF64(out, 1); if (s != OK) return s;
  s = checkDisjoint(out, 1, A, c) | checkDisjoint(out, 1, B, c); if (s != OK) return s;
  if (!allFinite(A, m, n, n) || !allFinite(B, m, n, n)) return E_NONFINITE;
  store<f64>(out, relMaxDiffCore(<i32>c, A, B));
  return OK;
}
