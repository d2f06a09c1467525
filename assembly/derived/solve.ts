// Linear systems, inverses and determinants from the LU factorization (decomp/lu.ts).
import { OK, E_NOMEM, E_SINGULAR } from '../runtime/status';
import { arenaMark, arenaAlloc, arenaReset } from '../runtime/arena';
import { axpyCore } from '../blas/level1';
import { luCore } from '../decomp/lu';
import { setEye } from '../decomp/util';

const LN2: f64 = 0.6931471805599453;

/** Whether U (the upper part of LU, n × n) has an exactly zero diagonal entry. */
export function luSingular(n: i32, LU: usize): bool {
  for (let i = 0; i < n; i++) {
    if (load<f64>(LU + ((<usize>i * <usize>n + <usize>i) << 3)) == 0) return true;
  }
  return false;
}

/**
 * X (n × nrhs) ← A⁻¹ B from P A = L U: X = U⁻¹ L⁻¹ P B by forward then backward substitution, one
 * row of X at a time (each step an axpy on a contiguous row). U must have a non-zero diagonal.
 */
export function luSolveCore(n: i32, nrhs: i32, LU: usize, perm: usize, B: usize, X: usize): void {
  const nn = <usize>n, rr = <usize>nrhs;
  for (let i = 0; i < n; i++) {
    const src = B + ((<usize>load<i32>(perm + (<usize>i << 2)) * rr) << 3);
    memory.copy(X + ((<usize>i * rr) << 3), src, rr << 3);
  }
  for (let i = 1; i < n; i++) {
    const xi = X + ((<usize>i * rr) << 3);
    const li = LU + ((<usize>i * nn) << 3);
    for (let j = 0; j < i; j++) {
      const l = load<f64>(li + (<usize>j << 3));
      if (l != 0) axpyCore(nrhs, -l, X + ((<usize>j * rr) << 3), xi);
    }
  }
  for (let i = n - 1; i >= 0; i--) {
    const xi = X + ((<usize>i * rr) << 3);
    const ui = LU + ((<usize>i * nn) << 3);
    for (let j = i + 1; j < n; j++) {
      const u = load<f64>(ui + (<usize>j << 3));
      if (u != 0) axpyCore(nrhs, -u, X + ((<usize>j * rr) << 3), xi);
    }
    // Divide (not multiply by a reciprocal): one rounding instead of two.
    const d = load<f64>(ui + (<usize>i << 3));
    for (let c = 0; c < nrhs; c++) {
      const p = xi + (<usize>c << 3);
      store<f64>(p, load<f64>(p) / d);
    }
  }
}

/**
 * X (n × nrhs) ← A⁻¹ B, or A⁻¹ when B is 0 (then nrhs = n). E_SINGULAR on an exactly zero pivot,
 * E_NOMEM; X is written only on OK.
 */
export function solveCore(n: i32, nrhs: i32, A: usize, B: usize, X: usize): i32 {
  const nn = <usize>n;
  const top = arenaMark();
  const LU = arenaAlloc(nn * nn << 3);
  const perm: usize = LU == 0 ? 0 : arenaAlloc(nn << 2);
  const Xw: usize = perm == 0 ? 0 : arenaAlloc(nn * <usize>nrhs << 3);
  let Bw: usize = B;
  if (Xw != 0 && B == 0) Bw = arenaAlloc(nn * nn << 3);
  if (Xw == 0 || Bw == 0) { arenaReset(top); return E_NOMEM; }
  if (B == 0) setEye(n, n, Bw);
  memory.copy(LU, A, nn * nn << 3);
  luCore(n, LU, perm);
  if (luSingular(n, LU)) { arenaReset(top); return E_SINGULAR; }
  luSolveCore(n, nrhs, LU, perm, Bw, Xw);
  memory.copy(X, Xw, nn * <usize>nrhs << 3);
  arenaReset(top);
  return OK;
}

/**
 * Factor A and reduce det A = sign · mant · 2^exp without overflow or underflow: the running product
 * of U's diagonal is renormalized to [1, 2) after every factor and its exponent counted separately.
 * Writes the three parts to out (f64 sign ∈ {−1, 0, 1}, f64 mant, f64 exp). Returns OK or E_NOMEM.
 */
export function detPartsCore(n: i32, A: usize, out: usize): i32 {
  const nn = <usize>n;
  const top = arenaMark();
  const LU = arenaAlloc(nn * nn << 3);
  const perm: usize = LU == 0 ? 0 : arenaAlloc(nn << 2);
  if (perm == 0) { arenaReset(top); return E_NOMEM; }
  memory.copy(LU, A, nn * nn << 3);
  let sign: f64 = <f64>luCore(n, LU, perm);
  let mant: f64 = 1;
  let ex: i64 = 0;
  for (let i = 0; i < n; i++) {
    const u = load<f64>(LU + ((<usize>i * nn + <usize>i) << 3));
    if (u == 0) { sign = 0; mant = 0; ex = 0; break; }
    if (u < 0) sign = -sign;
    mant *= Math.abs(u);
    // mant is a product of two finite doubles with mant ∈ [1, 2): it cannot overflow, and it cannot
    // underflow below the normal range unless |u| is subnormal, which frexp-style handling covers.
    let bits = reinterpret<u64>(mant);
    let e = <i32>((bits >> 52) & 0x7FF);
    if (e == 0) { mant *= 1.8446744073709552e19; ex -= 64; bits = reinterpret<u64>(mant); e = <i32>((bits >> 52) & 0x7FF); }
    ex += <i64>(e - 1023);
    mant = reinterpret<f64>((bits & 0x800FFFFFFFFFFFFF) | (<u64>1023 << 52));
  }
  store<f64>(out, sign);
  store<f64>(out + 8, mant);
  store<f64>(out + 16, <f64>ex);
  arenaReset(top);
  return OK;
}

/** det from its parts: sign · mant · 2^exp, overflowing to ±∞ and underflowing to ±0 as f64 must. */
export function detFromParts(sign: f64, mant: f64, ex: f64): f64 {
  if (sign == 0) return 0;
  let e = ex;
  let v = mant;
  // Math.scalbn takes an i32; clamp far outside the representable range first.
  if (e > 4000) e = 4000;
  if (e < -4000) e = -4000;
  v = Math.scalbn(v, <i32>e);
  return sign < 0 ? -v : v;
}

/** log|det| from its parts: log(mant) + exp · ln 2 (−∞ for singular). */
export function logAbsFromParts(sign: f64, mant: f64, ex: f64): f64 {
  if (sign == 0) return -Infinity;
  return Math.log(mant) + ex * LN2;
}
