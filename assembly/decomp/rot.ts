// Plane rotation of two contiguous vectors, the inner loop of both Jacobi methods:
//   x ← c·x − s·y,  y ← s·x + c·y.
// The SIMD build processes two entries per lane pair; each entry still sees exactly the same two
// multiplications and one addition as in the scalar build, so both builds give identical results.

export function rotCore(n: i32, x: usize, y: usize, c: f64, s: f64): void {
  let i = 0;
  if (ASC_FEATURE_SIMD) {
    const vc = f64x2.splat(c), vs = f64x2.splat(s);
    for (; i + 4 <= n; i += 4) {
      const o = <usize>i << 3;
      const x0 = v128.load(x + o), y0 = v128.load(y + o);
      const x1 = v128.load(x + o, 16), y1 = v128.load(y + o, 16);
      v128.store(x + o, f64x2.sub(f64x2.mul(vc, x0), f64x2.mul(vs, y0)));
      v128.store(y + o, f64x2.add(f64x2.mul(vs, x0), f64x2.mul(vc, y0)));
      v128.store(x + o, f64x2.sub(f64x2.mul(vc, x1), f64x2.mul(vs, y1)), 16);
      v128.store(y + o, f64x2.add(f64x2.mul(vs, x1), f64x2.mul(vc, y1)), 16);
    }
  }
  for (; i < n; i++) {
    const o = <usize>i << 3;
    const a = load<f64>(x + o), b = load<f64>(y + o);
    store<f64>(x + o, c * a - s * b);
    store<f64>(y + o, s * a + c * b);
  }
}

/**
 * The Jacobi rotation that annihilates the off-diagonal γ of the symmetric 2 × 2 [[α, γ], [γ, β]]:
 * returns t = tan θ, the root of t² + 2ζt − 1 = 0 of smaller magnitude (|θ| ≤ π/4, so the rotation
 * is as close to the identity as possible, which is what makes cyclic Jacobi converge), with
 * ζ = (β − α) / (2γ). For huge |ζ| the square root would overflow; t ≈ 1 / (2ζ) there.
 */
export function jacobiTangent(alpha: f64, beta: f64, gamma: f64): f64 {
  const zeta = (beta - alpha) / (2.0 * gamma);
  const az = Math.abs(zeta);
  let t: f64;
  if (az > 1e150) t = 0.5 / az;
  else t = 1.0 / (az + Math.sqrt(1.0 + az * az));
  return zeta < 0 ? -t : t;
}
