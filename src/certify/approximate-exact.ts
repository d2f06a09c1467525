// Exact certificates for the refutable parts of C17 and C18 (theory.md §6), on the very doubles of the
// models. Neither needs a square root, an SVD or a logarithm computed in floating point:
//
// C17 (no bound without g-diversity). The naive bound is ‖Z_c − Z̃_c‖_F / σ_k(G_c) with σ_k the smallest
// non-zero singular value. σ_k² is the smallest non-zero eigenvalue of A = G_cᵀ G_c (rank k), and
// σ_k² ≥ e_k(A) / tr(A)^{k−1}: e_k(A), the k-th elementary symmetric function of the eigenvalues (a
// coefficient of the characteristic polynomial, rational), is the product of the k non-zero eigenvalues,
// each at most tr(A). So residual² · e_k / tr^{k−1} > ‖Z_c − Z̃_c‖²_F proves residual > naive bound, and the
// residual ‖(I − P_{col F̃}) F‖_F² is rational (P = F̃ F̃⁺ exactly).
//
// C18 (KL does not control the reduced maps). With δ = z − z̃ and any shift c, KL(p‖q) = E_p[δ − c] +
// log E_p[e^{−(δ−c)}] ≤ Σ_y p_y φ(δ_y − c), φ(t) = t + e^{−t} − 1 (log u ≤ u − 1), and φ(0) = 0; for t ≠ 0,
// p_y φ(t) ≤ |t| e^{z_y − z_max} + e^{z̃_y + c − z_max} (p_y ≤ e^{z_y − z_max}, p_y e^{−t} = e^{z̃_y + c − lse z}).
// The exponents are rational; e^x is bounded above by a rational (expUpper). The reduced residual is
// rational in any basis B of R: ‖α − P_{col α̃} α‖_F = ‖(I − P) F Π_R‖_F with Π_R = B (BᵀB)⁻¹ Bᵀ (α = F Q,
// Q orthonormal, and ‖X Q‖_F = ‖X Q Qᵀ‖_F), and col α̃ = col F̃ B̃.
import { Rational, RationalMatrix } from '../exact/index.js';
import type { Certificate } from '../report/types.js';
import type { DenseMatrix } from '../dense.js';
import { exactModel, identifiableBasis } from './exact-model.js';
import { certificate, check } from './certificate.js';

type Model = { F: DenseMatrix; G: DenseMatrix; pivot: number };

/** G − 1 ḡᵀ (the mean over tokens removed from every column), exactly. */
export function centredExact(G: RationalMatrix): RationalMatrix {
  const V = G.rows;
  const mean = Array.from({ length: G.cols }, (_, k) => G.col(k).reduce((s, x) => s.add(x), Rational.ZERO).div(Rational.of(V)));
  return RationalMatrix.fromRows(Array.from({ length: V }, (_, y) => G.row(y).map((x, k) => x.sub(mean[k]!))));
}

/** ‖X‖_F², exactly. */
export function fro2(X: RationalMatrix): Rational {
  let s = Rational.ZERO;
  for (let i = 0; i < X.rows; i++) for (const x of X.row(i)) s = s.add(x.mul(x));
  return s;
}

function trace(X: RationalMatrix): Rational {
  let s = Rational.ZERO;
  for (let i = 0; i < X.rows; i++) s = s.add(X.get(i, i));
  return s;
}

/** ‖X − P_{col Y} X‖_F², the squared residual of the best map X ≈ Y Mᵀ (P = Y Y⁺ exactly). */
export function projectionResidual2(X: RationalMatrix, Y: RationalMatrix): Rational {
  return fro2(X.sub(Y.mul(Y.pinv().mul(X))));
}

/** e_k of the eigenvalues of a square A, from its characteristic polynomial (Faddeev–LeVerrier, exact). */
export function elementarySymmetric(A: RationalMatrix, k: number): Rational {
  const m = A.rows;
  // det(λI − A) = Σ_j c_j λ^j with c_m = 1; e_k = (−1)^k c_{m−k}.
  let M = RationalMatrix.zeros(m, m);
  let c = Rational.ONE;
  for (let j = 1; j <= k; j++) {
    M = A.mul(M).add(RationalMatrix.identity(m).scale(c));
    c = trace(A.mul(M)).div(Rational.of(-j));
  }
  return k % 2 === 0 ? c : c.neg();
}

/** A rational λ ≤ σ_k(X)², σ_k the smallest non-zero singular value, k = rank X ≥ 1 (see the header). */
export function smallestNonzeroSigma2Lower(X: RationalMatrix, k: number): Rational {
  const A = X.transpose().mul(X);
  const t = trace(A);
  let den = Rational.ONE;
  for (let i = 1; i < k; i++) den = den.mul(t);
  return elementarySymmetric(A, k).div(den);
}

function ceil(x: Rational): bigint {
  const q = x.num / x.den; // truncates toward zero
  return x.num > 0n && q * x.den !== x.num ? q + 1n : q;
}

/**
 * A rational upper bound of e^x. With m = ⌈x⌉ (clamped below at −700: e^x ≤ e^{−700} still bounds it):
 * m > 0: e^m ≤ 3^m; m ≤ 0: e^m = 1 / e^{|m|} ≤ 1 / T_N(|m|), T_N the Taylor partial sum (all terms positive,
 * so T_N(t) ≤ e^t).
 */
export function expUpper(x: Rational): Rational {
  let m = ceil(x);
  if (m > 0n) return Rational.of(3n ** m);
  if (m < -700n) m = -700n;
  const t = -m, N = 3n * t + 10n;
  // T_N(t) = 1 + t/1 (1 + t/2 (1 + … (1 + t/N))) as p/q in integers (Horner, one gcd at the end).
  let p = 1n, q = 1n;
  for (let j = N; j >= 1n; j--) [p, q] = [q * j + t * p, q * j];
  return Rational.of(q, p);
}

/** A rational upper bound of the mean over contexts of KL(P‖P̃) (see the header). */
export function meanKlUpper(a: Model, b: Model): Rational {
  const A = exactModel(a), B = exactModel(b);
  const Z = A.F.mul(A.G.transpose()), Zt = B.F.mul(B.G.transpose());
  let total = Rational.ZERO;
  for (let i = 0; i < Z.rows; i++) {
    const z = Z.row(i), zt = Zt.row(i);
    let top = 0;
    for (let y = 1; y < z.length; y++) if (z[y]!.cmp(z[top]!) > 0) top = y;
    const zmax = z[top]!, c = z[top]!.sub(zt[top]!);
    for (let y = 0; y < z.length; y++) {
      const t = z[y]!.sub(zt[y]!).sub(c);
      if (t.isZero()) continue;
      total = total.add(t.abs().mul(expUpper(z[y]!.sub(zmax)))).add(expUpper(zt[y]!.add(c).sub(zmax)));
    }
  }
  return total.div(Rational.of(Math.max(1, Z.rows)));
}

const dec = (x: Rational) => x.toDecimal(4);

/** C17:refutable: model a is not g-diverse, and ‖F − F̃ T̂ᵀ‖_F exceeds ‖Z_c − Z̃_c‖_F / σ_k(G_c). */
export function certifyNaiveBound(a: Model, b: Model): Certificate {
  const A = exactModel(a), B = exactModel(b);
  const Gc = centredExact(A.G), Gct = centredExact(B.G);
  const d = A.F.cols, k = Gc.rank(), r = A.L.rank(), rt = B.L.rank();
  const gap2 = fro2(A.F.mul(Gc.transpose()).sub(B.F.mul(Gct.transpose())));
  const res2 = projectionResidual2(A.F, B.F);
  const lambda = k === 0 ? Rational.ZERO : smallestNonzeroSigma2Lower(Gc, k);
  const beyond = k >= 1 && res2.mul(lambda).cmp(gap2) > 0;
  const nondegenerate = d >= 1 && B.F.cols >= 1 && r >= 1 && rt >= 1;
  return certificate([
    check('non-degenerate: d, d̃ ≥ 1 and r, r̃ ≥ 1 (L ≠ 0)', nondegenerate, `d = ${d}, d̃ = ${B.F.cols}, r = ${r}, r̃ = ${rt}`),
    check('model A is not g-diverse: rank G_c < d (the condition C17 needs fails)', k < d, `rank G_c = ${k}, d = ${d}`),
    check('G_c ≠ 0, so σ_k(G_c) > 0 exists (k = rank G_c)', k >= 1),
    check('‖F − F̃ T̂ᵀ‖²_F · λ > ‖Z_c − Z̃_c‖²_F with λ = e_k(G_cᵀG_c) / tr(G_cᵀG_c)^{k−1} ≤ σ_k(G_c)²: the residual exceeds the naive bound', beyond,
      `‖F − F̃ T̂ᵀ‖² = ${dec(res2)}, ‖Z_c − Z̃_c‖² = ${dec(gap2)}, λ = ${dec(lambda)}`),
  ], nondegenerate && k < d && beyond, 'a model without g-diversity whose embeddings are farther from any linear image of its partner\'s than the naive bound allows');
}

/** C18:refutable: mean KL(P‖P̃) ≤ klMax while the reduced embeddings' relative residual exceeds relMin. */
export function certifyKlNotControlling(a: Model, b: Model, klMax: Rational, relMin: Rational): Certificate {
  const A = exactModel(a), B = exactModel(b);
  const BA = identifiableBasis(A), BB = identifiableBasis(B);
  const r = BA.cols, rt = BB.cols;
  const nondegenerate = A.F.cols >= 1 && B.F.cols >= 1 && r >= 1 && rt >= 1;
  const kl = meanKlUpper(a, b);
  let res2 = Rational.ZERO, norm2 = Rational.ZERO;
  if (nondegenerate) {
    const X = A.F.mul(BA.mul(BA.transpose().mul(BA).inverse()).mul(BA.transpose()));
    res2 = projectionResidual2(X, B.F.mul(BB));
    norm2 = fro2(X);
  }
  const small = kl.cmp(klMax) <= 0;
  const far = res2.cmp(norm2.mul(relMin).mul(relMin)) > 0;
  return certificate([
    check('non-degenerate: d, d̃ ≥ 1 and r, r̃ ≥ 1 (L ≠ 0)', nondegenerate, `d = ${A.F.cols}, d̃ = ${B.F.cols}, r = ${r}, r̃ = ${rt}`),
    check(`mean KL(P‖P̃) ≤ ${klMax.toDecimal(12)} (an exact upper bound: Σ_y p_y φ(δ_y − c), φ(t) = t + e^{−t} − 1, e^x bounded by rationals)`, small, `upper bound ${kl.toF64().toExponential(3)}`),
    check(`‖α_c − α̃_c T̂ᵀ‖²_F > (${relMin.toDecimal(6)})² ‖α_c‖²_F (relative residual of the reduced embeddings)`, far, `residual² = ${dec(res2)}, ‖α_c‖² = ${dec(norm2)}`),
  ], nondegenerate && small && far, 'mean KL below the threshold while the reduced embeddings are far from linearly related');
}
