// Equivalent models drawn from the audited one, to compute (not assert) how far each non-invariant measure
// moves while P stays the same: random invertible reparameterisations (condition number up to 1e3), shears
// aimed at a chosen value of a cosine, and, without diversity, junk added where no probability sees it.
import { dense, type DenseMatrix } from '../../dense.js';
import { gaussian, mulberry32, type Rng } from '../../gen/prng.js';
import type { AuditModel } from './model.js';
import { coreMulABt, orthogonalFactor, worthCore } from './kernels.js';
import { dotv, norm, scaledVec, addScaledVec, type Vec } from './vec.js';

/** Orthonormal columns from Gaussian ones: modified Gram–Schmidt, twice, in place (d × d, row-major). */
export function randomOrthogonal(d: number, rng: Rng): DenseMatrix {
  const cols: Float64Array[] = [];
  for (let j = 0; j < d; j++) {
    const v = Float64Array.from({ length: d }, () => gaussian(rng));
    for (let pass = 0; pass < 2; pass++) {
      for (const q of cols) {
        let c = 0;
        for (let i = 0; i < d; i++) c += (v[i] as number) * (q[i] as number);
        for (let i = 0; i < d; i++) v[i] = (v[i] as number) - c * (q[i] as number);
      }
    }
    const nv = norm(v);
    for (let i = 0; i < d; i++) v[i] = (v[i] as number) / nv;
    cols.push(v);
  }
  const Q = dense(d, d);
  cols.forEach((c, j) => c.forEach((x, i) => (Q.data[i * d + j] = x)));
  return Q;
}

/**
 * The same matrix as `randomOrthogonal` from the same draws, on the core (kernels.ts orthogonalFactor: the
 * QR factor with a positive diagonal is the one Gram–Schmidt produces), for real sizes: d = 768 costs
 * 2 d³ multiply-adds twice per draw in JavaScript.
 */
function randomOrthogonalOnCore(d: number, rng: Rng): DenseMatrix {
  const G = dense(d, d);
  for (let j = 0; j < d; j++) for (let i = 0; i < d; i++) G.data[i * d + j] = gaussian(rng);
  return orthogonalFactor(G);
}

/** M diag(s) for a row-major M. */
function scaleColumns(M: DenseMatrix, s: readonly number[]): DenseMatrix {
  const d = M.cols;
  return { rows: M.rows, cols: d, data: M.data.map((v, idx) => v * (s[idx % d] as number)) };
}

/** A = U diag(s) Wᵀ with singular values log-uniform in [cond^−½, cond^½], and its exact-form inverse W diag(1/s) Uᵀ. */
export function randomInvertible(d: number, rng: Rng, cond: number): { A: DenseMatrix; Ainv: DenseMatrix } {
  const onCore = worthCore(d, d, d);
  const orth = onCore ? randomOrthogonalOnCore : randomOrthogonal;
  const U = orth(d, rng), W = orth(d, rng);
  const s = Array.from({ length: d }, () => Math.pow(cond, rng() - 0.5));
  if (onCore) return { A: coreMulABt(scaleColumns(U, s), W), Ainv: coreMulABt(scaleColumns(W, s.map((x) => 1 / x)), U) };
  const A = dense(d, d), Ainv = dense(d, d);
  for (let i = 0; i < d; i++) {
    for (let j = 0; j < d; j++) {
      let a = 0, b = 0;
      for (let k = 0; k < d; k++) {
        a += (U.data[i * d + k] as number) * (s[k] as number) * (W.data[j * d + k] as number);
        b += (W.data[i * d + k] as number) * (U.data[j * d + k] as number) / (s[k] as number);
      }
      A.data[i * d + j] = a;
      Ainv.data[i * d + j] = b;
    }
  }
  return { A, Ainv };
}

export const DRAW_COND = 1e3;

/** G + 1 cᵀ: the same c added to every unembedding leaves P unchanged (C1); F and K = G_cᵀ G_c are unchanged. */
export function shifted(m: AuditModel, c: Vec, how: string): AuditModel {
  return m.shifted(c, how);
}

/**
 * K random reparameterisations of one model, shared by every property of an audit, each followed by a
 * random shift of the unembeddings (C1) of the size of a typical row of G.
 */
export function randomEquivalents(m: AuditModel, count: number, seed: number): AuditModel[] {
  const rng = mulberry32(seed);
  const scale = m.meanRowNormG();
  return Array.from({ length: count }, (_, k) => {
    const { A, Ainv } = randomInvertible(m.d, rng, DRAW_COND);
    const how = `random invertible reparameterisation and shift #${k + 1} (cond ≤ ${DRAW_COND.toExponential(0)})`;
    const moved = m.reparameterised(A, Ainv, how);
    const c = Float64Array.from({ length: m.d }, () => (gaussian(rng) * scale) / Math.sqrt(m.d));
    return shifted(moved, c, how);
  });
}

/** Target values of a cosine the shears aim at. */
export const COSINE_TARGETS = [-0.99, -0.9, -0.5, 0, 0.5, 0.9, 0.99];

/**
 * Equivalent models in which the Euclidean cosine of two non-parallel vectors a, b (on the given side) takes
 * each target value: with u = a/‖a‖ and w the unit part of b orthogonal to a, b = p u + q w, the shear
 * u ← u, w ← w + t u maps b to (p + q t) u + q w, whose cosine with u is c when p + q t = q c / √(1 − c²).
 * Returns [] when a and b are parallel at working precision (no shear changes their cosine then).
 */
export function cosineShears(m: AuditModel, side: 'unembedding' | 'embedding', a: Vec, b: Vec): AuditModel[] {
  const na = norm(a);
  if (na === 0) return [];
  const u = scaledVec(a, 1 / na);
  const p = dotv(b, u);
  const perp = addScaledVec(b, u, -p);
  const q = norm(perp);
  if (!(q > 1e-12 * norm(b))) return [];
  const w = scaledVec(perp, 1 / q);
  return COSINE_TARGETS.map((c) => {
    const t = c / Math.sqrt(1 - c * c) - p / q;
    return m.sheared(side, u, w, t, `shear aimed at Euclidean cosine ${c}`);
  });
}

/**
 * Junk draws: a vector of the given orthonormal basis (rows, d-vectors) scaled to ‖row‖ added to one row of
 * F or G. With a basis of E^⊥ on a row of G (or of Γ^⊥ on a row of F) P does not change.
 */
export function junkDraws(m: AuditModel, which: 'F' | 'G', r: number, basis: Vec[], count: number, seed: number, what: string): AuditModel[] {
  if (basis.length === 0) return [];
  const rng = mulberry32(seed);
  const scale = norm(which === 'F' ? m.fRow(r) : m.gRow(r)) || 1;
  return Array.from({ length: count }, (_, k) => {
    let w: Vec = new Float64Array(m.d);
    for (const e of basis) w = addScaledVec(w, e, gaussian(rng));
    const nw = norm(w);
    w = scaledVec(w, (scale * (0.5 + 2 * rng())) / (nw || 1));
    return m.withRowAdded(which, r, w, `${what} added to ${which === 'F' ? 'f' : 'g'}(${r}) (#${k + 1})`);
  });
}

/**
 * Independent junk on several rows of F: each listed context gets its own random combination of the basis
 * (for Γ^⊥, which no token reads, P is unchanged), scaled to the row's norm.
 */
export function junkOnContexts(m: AuditModel, contexts: number[], basis: Vec[], count: number, seed: number, what: string): AuditModel[] {
  if (basis.length === 0) return [];
  const rng = mulberry32(seed);
  const d = m.d;
  return Array.from({ length: count }, (_, k) => {
    const adds = new Map<number, Vec>();
    for (const x of new Set(contexts)) {
      let w: Vec = new Float64Array(d);
      for (const e of basis) w = addScaledVec(w, e, gaussian(rng));
      const scale = norm(m.fRow(x)) || 1;
      adds.set(x, scaledVec(w, (scale * (0.5 + rng())) / (norm(w) || 1)));
    }
    return m.withContextRowsAdded(adds, `${what} on each listed context (#${k + 1})`);
  });
}
