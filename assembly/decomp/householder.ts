// Householder reflectors H = I − τ v vᵀ with v = [1; v₂] on contiguous vectors (LAPACK dlarfg / dlarf).
// The factorizations keep matrices "column-contiguous": the transpose of the row-major matrix, so
// every column is a contiguous row and each reflector application is one dot product and one axpy.
import { dotCore, axpyCore } from '../blas/level1';
import { arenaMark, arenaAlloc, arenaReset } from '../runtime/arena';
import { fillF64, safeNorm2 } from './util';

/** √(a² + b²) without overflow or harmful underflow. */
export function hypot2(a: f64, b: f64): f64 {
  const x = Math.abs(a), y = Math.abs(b);
  const mx = x > y ? x : y, mn = x > y ? y : x;
  if (mx == 0) return 0;
  const r = mn / mx;
  return mx * Math.sqrt(1.0 + r * r);
}

/**
 * Generate the reflector that maps x = [α; x₂] (n contiguous entries at x) to [β; 0]: overwrites x[0]
 * with β and x[1..] with v₂, returns τ. β = −sign(α)·‖x‖ so that α − β never cancels (the stable choice;
 * callers that want a non-negative diagonal flip signs afterwards, which is exact). τ = 0 (H = I) when
 * x₂ is already zero.
 */
export function houseGen(n: i32, x: usize): f64 {
  return n <= 1 ? 0 : houseGenSplit(x, n - 1, x + 8);
}

/**
 * The reflector mapping [α; x] (α at a, x: p contiguous entries) to [β; 0], as houseGen (dlarfg) with α
 * apart from x: α ← β, x ← v_B, returns τ. β = −sign(α)·‖[α; x]‖.
 */
export function houseGenSplit(a: usize, p: i32, x: usize): f64 {
  if (p <= 0) return 0;
  let xnorm = safeNorm2(p, x);
  if (xnorm == 0) return 0;
  let alpha = load<f64>(a);
  let nrm = hypot2(alpha, xnorm);
  // As dlarfg: when ‖x‖ is near the underflow threshold, β would be rounded to a subnormal with few
  // significant bits and H = I − τ v vᵀ would not be orthogonal. Scale x up by an exact 2^600 so
  // τ and v are computed to full precision (both are scale-invariant); only the stored β is scaled
  // back. Numerically rank-deficient matrices do reach this range in pivoted QR.
  let lifted = false;
  if (nrm < 1e-290) {
    const up: f64 = 4.149515568880993e180; // 2^600
    for (let i = 0; i < p; i++) {
      const q = x + (<usize>i << 3);
      store<f64>(q, load<f64>(q) * up);
    }
    alpha *= up;
    xnorm = safeNorm2(p, x);
    nrm = hypot2(alpha, xnorm);
    lifted = true;
  }
  const beta = alpha >= 0 ? -nrm : nrm;
  const tau = (beta - alpha) / beta;
  // Divide rather than multiply by 1 / (α − β): for a numerically rank-deficient matrix the trailing
  // columns decay geometrically into the subnormal range, where the reciprocal overflows to ∞ and
  // 0 · ∞ would put NaN into v (dlarfg rescales for the same reason).
  const den = alpha - beta;
  for (let i = 0; i < p; i++) {
    const q = x + (<usize>i << 3);
    store<f64>(q, load<f64>(q) / den);
  }
  store<f64>(a, lifted ? beta * 2.409919865102884e-181 : beta); // 2^-600
  return tau;
}

/**
 * y ← H y for a contiguous y of n entries, where the reflector's v₂ sits at v (n − 1 entries; the
 * leading 1 is implicit): y ← y − τ (vᵀy) v.
 */
export function houseApply(n: i32, v: usize, tau: f64, y: usize): void {
  if (tau == 0) return;
  const d = load<f64>(y) + dotCore(n - 1, v, y + 8);
  const f = tau * d;
  store<f64>(y, load<f64>(y) - f);
  axpyCore(n - 1, -f, v, y + 8);
}

/**
 * Orthonormal completion. B holds d orthonormal vectors of length n as its rows (d × n, contiguous,
 * d < n); it is overwritten. Writes n − d further rows to out ((n − d) × n) so that the n rows together
 * form an orthonormal basis of ℝⁿ. Method: Householder QR of Bᵀ (n × d), Bᵀ = H₀…H_{d−1} [R; 0];
 * the last n − d columns of H₀…H_{d−1} are orthogonal to range(Bᵀ) to working precision whatever the
 * conditioning (unlike Gram–Schmidt against basis vectors, which must pick its candidates with care).
 * tau is workspace for d entries.
 */
export function complementCore(n: i32, d: i32, B: usize, tau: usize, out: usize): void {
  const nn = <usize>n;
  for (let i = 0; i < d; i++) {
    const row = B + ((<usize>i * nn) << 3);
    const t = houseGen(n - i, row + (<usize>i << 3));
    store<f64>(tau + (<usize>i << 3), t);
    for (let j = i + 1; j < d; j++) {
      houseApply(n - i, row + (<usize>(i + 1) << 3), t, B + ((<usize>j * nn + <usize>i) << 3));
    }
  }
  for (let c = d; c < n; c++) {
    const y = out + ((<usize>(c - d) * nn) << 3);
    fillF64(n, y, 0);
    store<f64>(y + (<usize>c << 3), 1.0);
    // Q e_c = H₀ (H₁ (… H_{d−1} e_c)): apply the last reflector first.
    for (let i = d - 1; i >= 0; i--) {
      const row = B + ((<usize>i * nn) << 3);
      houseApply(n - i, row + (<usize>(i + 1) << 3), load<f64>(tau + (<usize>i << 3)), y + (<usize>i << 3));
    }
  }
}

/** Workspace in bytes complementCore's callers need besides B and out: the d reflector scalars. */
// @ts-ignore: decorator
@inline
export function complementTauBytes(d: i32): usize {
  const d1: i32 = d > 0 ? d : 1;
  return (<usize>d1) << 3;
}

/**
 * Convenience wrapper: complete the d orthonormal rows of B (d × n, overwritten) with n − d rows at
 * out. Returns false when the arena cannot provide the d-entry scratch.
 */
export function completeRows(n: i32, d: i32, B: usize, out: usize): bool {
  const top = arenaMark();
  const tau = arenaAlloc(complementTauBytes(d));
  if (tau == 0) { arenaReset(top); return false; }
  complementCore(n, d, B, tau, out);
  arenaReset(top);
  return true;
}
