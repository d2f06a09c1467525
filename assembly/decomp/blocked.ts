// Blocked Householder QR (LAPACK dgeqrf / dlarft / dlarfb / dorgqr) on the column-contiguous layout of
// qr.ts: Wt is n × m with row j = column j of A, so a reflector's vector and every column it acts on
// are unit-stride runs of memory.
//
// A block of nb consecutive reflectors H_j0 … H_{j0+nb−1} equals I − V T Vᵀ (the compact WY form; V is
// mloc × nb unit lower trapezoidal, T nb × nb upper triangular). The panel is factored with the level-2
// kernel (itself blocked once more at a smaller width), then the trailing columns are updated with three
// matrix products through gemmCore. In the transposed layout the update C ← (I − V T Vᵀ)ᵀ C reads
// Ct ← Ct − ((Ct · V) · T) · Vᵀ, with Vᵀ held explicitly (zeros above the unit diagonal) in a scratch
// buffer so that gemm sees plain dense operands.
//
// Workspace comes from the arena and is released at every exit. Nothing here can fail: when the arena
// cannot provide a block's workspace (or gemm its packing buffers) that block falls back to the
// unblocked reflector-by-reflector code, which needs none. gemmCore fails before it writes its output,
// so a failed product leaves the matrix as it was.
import { OK } from '../runtime/status';
import { arenaMark, arenaAlloc, arenaReset } from '../runtime/arena';
import { gemmCore } from '../blas/gemm';
import { houseGen, houseApply } from './householder';
import { dotCore } from '../blas/level1';
import { fillF64 } from './util';

/** Width of the outer blocks (columns per compact-WY block). */
export const QR_NB: i32 = 32;
/** Width below which forming Q's block is left to orgBlock. */
const QR_NB_MIN: i32 = 8;
/**
 * The gemm-based blocked path pays only once the trailing matrix is far beyond the caches: measured
 * (1024 × 1024: 15–20 % faster than the four-reflector kernel alone; 1500 × 700 and 512 × 512: even;
 * 1024 × 64 and 4096 × 128: 30–50 % slower, the Gram matrix VᵀV of each block costing mloc·nb² extra).
 */
export const QR_GEMM_MIN: i32 = 512;

/** Factor the m × n matrix held column-contiguously in Wt (n × m, ld = m) in place. */
export function qrFactorAuto(m: i32, n: i32, Wt: usize, tau: usize): void {
  if (m >= QR_GEMM_MIN && n >= QR_GEMM_MIN) qrFactorBlocked(m, n, Wt, m, tau, QR_NB);
  else panelUnblocked(m, n, Wt, m, tau);
}

/** Qt (k × m) ← the first k columns of H₀ ⋯ H_{k−1} stored in Wt (ld = m). */
export function formQtAuto(m: i32, k: i32, Wt: usize, tau: usize, Qt: usize): void {
  formQtBlocked(m, k, Wt, tau, Qt, m >= QR_GEMM_MIN && k >= QR_GEMM_MIN ? QR_NB : k);
}
/** Smallest trailing length (rows) worth a blocked update. */
const QR_MIN_ROWS: i32 = 64;

/**
 * Apply H = I − τ v vᵀ (v = [1; v₂], v₂ at v, len − 1 entries) to cnt contiguous vectors of len entries
 * whose starts are ld elements apart (y, y + ld, …): the level-2 step of the panel factorization. Four
 * vectors share each load of v.
 */
export function houseApplyCols(len: i32, v: usize, tau: f64, y: usize, ld: i32, cnt: i32): void {
  if (tau == 0 || cnt <= 0) return;
  const stride = <usize>ld << 3;
  const n1 = len - 1;
  let c = 0;
  for (; c + 4 <= cnt; c += 4) {
    const y0 = y + <usize>c * stride, y1 = y0 + stride, y2 = y1 + stride, y3 = y2 + stride;
    let s0 = load<f64>(y0), s1 = load<f64>(y1), s2 = load<f64>(y2), s3 = load<f64>(y3);
    let r = 0;
    if (ASC_FEATURE_SIMD) {
      let a0 = f64x2.splat(0), a1 = f64x2.splat(0), a2 = f64x2.splat(0), a3 = f64x2.splat(0);
      for (; r + 2 <= n1; r += 2) {
        const o = <usize>r << 3;
        const vv = v128.load(v + o);
        a0 = f64x2.add(a0, f64x2.mul(vv, v128.load(y0 + o, 8)));
        a1 = f64x2.add(a1, f64x2.mul(vv, v128.load(y1 + o, 8)));
        a2 = f64x2.add(a2, f64x2.mul(vv, v128.load(y2 + o, 8)));
        a3 = f64x2.add(a3, f64x2.mul(vv, v128.load(y3 + o, 8)));
      }
      s0 += f64x2.extract_lane(a0, 0) + f64x2.extract_lane(a0, 1);
      s1 += f64x2.extract_lane(a1, 0) + f64x2.extract_lane(a1, 1);
      s2 += f64x2.extract_lane(a2, 0) + f64x2.extract_lane(a2, 1);
      s3 += f64x2.extract_lane(a3, 0) + f64x2.extract_lane(a3, 1);
    }
    for (; r < n1; r++) {
      const o = <usize>r << 3;
      const vr = load<f64>(v + o);
      s0 += vr * load<f64>(y0 + o, 8);
      s1 += vr * load<f64>(y1 + o, 8);
      s2 += vr * load<f64>(y2 + o, 8);
      s3 += vr * load<f64>(y3 + o, 8);
    }
    const f0 = tau * s0, f1 = tau * s1, f2 = tau * s2, f3 = tau * s3;
    store<f64>(y0, load<f64>(y0) - f0);
    store<f64>(y1, load<f64>(y1) - f1);
    store<f64>(y2, load<f64>(y2) - f2);
    store<f64>(y3, load<f64>(y3) - f3);
    r = 0;
    if (ASC_FEATURE_SIMD) {
      const g0 = f64x2.splat(f0), g1 = f64x2.splat(f1), g2 = f64x2.splat(f2), g3 = f64x2.splat(f3);
      for (; r + 2 <= n1; r += 2) {
        const o = <usize>r << 3;
        const vv = v128.load(v + o);
        v128.store(y0 + o, f64x2.sub(v128.load(y0 + o, 8), f64x2.mul(g0, vv)), 8);
        v128.store(y1 + o, f64x2.sub(v128.load(y1 + o, 8), f64x2.mul(g1, vv)), 8);
        v128.store(y2 + o, f64x2.sub(v128.load(y2 + o, 8), f64x2.mul(g2, vv)), 8);
        v128.store(y3 + o, f64x2.sub(v128.load(y3 + o, 8), f64x2.mul(g3, vv)), 8);
      }
    }
    for (; r < n1; r++) {
      const o = <usize>r << 3;
      const vr = load<f64>(v + o);
      store<f64>(y0 + o, load<f64>(y0 + o, 8) - f0 * vr, 8);
      store<f64>(y1 + o, load<f64>(y1 + o, 8) - f1 * vr, 8);
      store<f64>(y2 + o, load<f64>(y2 + o, 8) - f2 * vr, 8);
      store<f64>(y3 + o, load<f64>(y3 + o, 8) - f3 * vr, 8);
    }
  }
  for (; c < cnt; c++) houseApply(len, v, tau, y + <usize>c * stride);
}

/**
 * Four reflectors at once on cnt vectors (a compact WY block of width 4 held in registers). The
 * reflectors sit in the columns V, V + ld, V + 2ld, V + 3ld (each from the block's top row: v_p has an
 * implicit 1 at row p and its v₂ below, rows above p are ignored); tau holds τ₀…τ₃. Each vector (len
 * entries from the block's top row, starts ld elements apart from y) gets
 * trans = 1: H₃H₂H₁H₀ y = y − V Tᵀ Vᵀ y (factorization), trans = 0: H₀H₁H₂H₃ y = y − V T Vᵀ y (forming
 * Q). One pass computes Vᵀy, one applies V z: the vector is read twice for four reflectors instead of
 * eight times, and the four reflectors stay in L1. Needs len ≥ 4.
 */
export function apply4(len: i32, V: usize, ld: i32, tau: usize, y: usize, cnt: i32, trans: i32): void {
  const ldb = <usize>ld << 3;
  const v0 = V, v1 = V + ldb, v2 = v1 + ldb, v3 = v2 + ldb;
  const n4 = len - 4;
  // Gram entries g_lp = v_lᵀ v_p (l < p) and T (upper triangular, dlarft).
  const a01 = load<f64>(v0, 8), a02 = load<f64>(v0, 16), a03 = load<f64>(v0, 24);
  const a12 = load<f64>(v1, 16), a13 = load<f64>(v1, 24), a23 = load<f64>(v2, 24);
  const g01 = a01 + a02 * a12 + a03 * a13 + dotCore(n4, v0 + 32, v1 + 32);
  const g02 = a02 + a03 * a23 + dotCore(n4, v0 + 32, v2 + 32);
  const g03 = a03 + dotCore(n4, v0 + 32, v3 + 32);
  const g12 = a12 + a13 * a23 + dotCore(n4, v1 + 32, v2 + 32);
  const g13 = a13 + dotCore(n4, v1 + 32, v3 + 32);
  const g23 = a23 + dotCore(n4, v2 + 32, v3 + 32);
  const t00 = load<f64>(tau), t11 = load<f64>(tau, 8), t22 = load<f64>(tau, 16), t33 = load<f64>(tau, 24);
  const t01 = -t11 * (t00 * g01);
  const t02 = -t22 * (t00 * g02 + t01 * g12), t12 = -t22 * (t11 * g12);
  const t03 = -t33 * (t00 * g03 + t01 * g13 + t02 * g23);
  const t13 = -t33 * (t11 * g13 + t12 * g23), t23 = -t33 * (t22 * g23);
  const d0 = v0 + 32, d1 = v1 + 32, d2 = v2 + 32, d3 = v3 + 32;
  for (let c = 0; c < cnt; c++) {
    const yc = y + <usize>c * ldb;
    const y0 = load<f64>(yc), y1 = load<f64>(yc, 8), y2 = load<f64>(yc, 16), y3 = load<f64>(yc, 24);
    let w0 = y0 + a01 * y1 + a02 * y2 + a03 * y3;
    let w1 = y1 + a12 * y2 + a13 * y3;
    let w2 = y2 + a23 * y3;
    let w3 = y3;
    const yd = yc + 32;
    let r = 0;
    if (ASC_FEATURE_SIMD) {
      let s0 = f64x2.splat(0), s1 = f64x2.splat(0), s2 = f64x2.splat(0), s3 = f64x2.splat(0);
      for (; r + 2 <= n4; r += 2) {
        const o = <usize>r << 3;
        const yy = v128.load(yd + o);
        s0 = f64x2.add(s0, f64x2.mul(v128.load(d0 + o), yy));
        s1 = f64x2.add(s1, f64x2.mul(v128.load(d1 + o), yy));
        s2 = f64x2.add(s2, f64x2.mul(v128.load(d2 + o), yy));
        s3 = f64x2.add(s3, f64x2.mul(v128.load(d3 + o), yy));
      }
      w0 += f64x2.extract_lane(s0, 0) + f64x2.extract_lane(s0, 1);
      w1 += f64x2.extract_lane(s1, 0) + f64x2.extract_lane(s1, 1);
      w2 += f64x2.extract_lane(s2, 0) + f64x2.extract_lane(s2, 1);
      w3 += f64x2.extract_lane(s3, 0) + f64x2.extract_lane(s3, 1);
    }
    for (; r < n4; r++) {
      const o = <usize>r << 3;
      const yy = load<f64>(yd + o);
      w0 += load<f64>(d0 + o) * yy;
      w1 += load<f64>(d1 + o) * yy;
      w2 += load<f64>(d2 + o) * yy;
      w3 += load<f64>(d3 + o) * yy;
    }
    let z0: f64, z1: f64, z2: f64, z3: f64;
    if (trans) {
      z0 = t00 * w0;
      z1 = t01 * w0 + t11 * w1;
      z2 = t02 * w0 + t12 * w1 + t22 * w2;
      z3 = t03 * w0 + t13 * w1 + t23 * w2 + t33 * w3;
    } else {
      z0 = t00 * w0 + t01 * w1 + t02 * w2 + t03 * w3;
      z1 = t11 * w1 + t12 * w2 + t13 * w3;
      z2 = t22 * w2 + t23 * w3;
      z3 = t33 * w3;
    }
    store<f64>(yc, y0 - z0);
    store<f64>(yc, y1 - (a01 * z0 + z1), 8);
    store<f64>(yc, y2 - (a02 * z0 + a12 * z1 + z2), 16);
    store<f64>(yc, y3 - (a03 * z0 + a13 * z1 + a23 * z2 + z3), 24);
    r = 0;
    if (ASC_FEATURE_SIMD) {
      const q0 = f64x2.splat(z0), q1 = f64x2.splat(z1), q2 = f64x2.splat(z2), q3 = f64x2.splat(z3);
      for (; r + 2 <= n4; r += 2) {
        const o = <usize>r << 3;
        const u = f64x2.add(f64x2.add(f64x2.mul(q0, v128.load(d0 + o)), f64x2.mul(q1, v128.load(d1 + o))),
                            f64x2.add(f64x2.mul(q2, v128.load(d2 + o)), f64x2.mul(q3, v128.load(d3 + o))));
        v128.store(yd + o, f64x2.sub(v128.load(yd + o), u));
      }
    }
    for (; r < n4; r++) {
      const o = <usize>r << 3;
      const u = (z0 * load<f64>(d0 + o) + z1 * load<f64>(d1 + o)) + (z2 * load<f64>(d2 + o) + z3 * load<f64>(d3 + o));
      store<f64>(yd + o, load<f64>(yd + o) - u);
    }
  }
}

/**
 * Unblocked-level QR (dgeqr2's arithmetic, four reflectors per pass over the trailing columns) of the
 * mp × np panel at P (column-contiguous, columns ld elements apart); tau gets min(mp, np) scalars.
 */
export function panelUnblocked(mp: i32, np: i32, P: usize, ld: i32, tau: usize): void {
  const kp = mp < np ? mp : np;
  const ldb = <usize>ld << 3;
  for (let i = 0; i < kp; i += 4) {
    const ib = kp - i < 4 ? kp - i : 4;
    const Pi = P + <usize>i * ldb + (<usize>i << 3);
    for (let c = 0; c < ib; c++) {
      const col = Pi + <usize>c * ldb + (<usize>c << 3);
      const t = houseGen(mp - i - c, col);
      store<f64>(tau + (<usize>(i + c) << 3), t);
      houseApplyCols(mp - i - c, col + 8, t, col + ldb, ld, ib - c - 1);
    }
    const rest = np - i - ib;
    if (rest <= 0) continue;
    if (ib == 4 && mp - i >= 8) {
      apply4(mp - i, Pi, ld, tau + (<usize>i << 3), Pi + (ldb << 2), rest, 1);
    } else {
      for (let c = 0; c < ib; c++) {
        const col = Pi + <usize>c * ldb + (<usize>c << 3);
        houseApplyCols(mp - i - c, col + 8, load<f64>(tau + (<usize>(i + c) << 3)), col + <usize>(ib - c) * ldb, ld, rest);
      }
    }
  }
}

/**
 * dorg2r on one block, four reflectors per pass: Qt's rows 0 … total − 1 from the block's first row
 * (entries from the block's top row on, rows ld elements apart), for the jb reflectors at D (same
 * layout); rows jb … total − 1 already hold the product of the later reflectors (zero in this block's
 * rows), rows 0 … jb − 1 are written.
 */
export function orgBlock(mloc: i32, jb: i32, D: usize, ld: i32, tb: usize, Qb: usize, total: i32): void {
  const ldb = <usize>ld << 3;
  let g1 = jb;
  while (g1 > 0) {
    const g0 = g1 >= 4 ? g1 - 4 : 0;
    const rest = total - g1;
    if (rest > 0) {
      if (g1 - g0 == 4 && mloc - g0 >= 8) {
        apply4(mloc - g0, D + <usize>g0 * ldb + (<usize>g0 << 3), ld, tb + (<usize>g0 << 3), Qb + <usize>g1 * ldb + (<usize>g0 << 3), rest, 0);
      } else {
        for (let c = g1 - 1; c >= g0; c--) {
          const v = D + <usize>c * ldb + (<usize>(c + 1) << 3);
          houseApplyCols(mloc - c, v, load<f64>(tb + (<usize>c << 3)), Qb + <usize>g1 * ldb + (<usize>c << 3), ld, rest);
        }
      }
    }
    for (let c = g1 - 1; c >= g0; c--) {
      const v = D + <usize>c * ldb + (<usize>(c + 1) << 3);
      const t = load<f64>(tb + (<usize>c << 3));
      houseApplyCols(mloc - c, v, t, Qb + <usize>(c + 1) * ldb + (<usize>c << 3), ld, g1 - c - 1);
      writeReflectorColumn(mloc, c, v, t, Qb + <usize>c * ldb);
    }
    g1 = g0;
  }
}

/**
 * The compact WY form of the jb reflectors stored at P (column-contiguous, ld apart, v₂ below the
 * diagonal of each column, mloc rows): Vt (jb × mloc, row p = v_p with explicit zeros and unit
 * diagonal) and T (jb × jb upper triangular, row-major, zero below) with H_0 ⋯ H_{jb−1} = I − V T Vᵀ.
 * G (jb × jb) is scratch for the Gram matrix VᵀV (dlarft's recurrence
 * T[0:p, p] = −τ_p T[0:p, 0:p] V[:, 0:p]ᵀ v_p, with the inner products taken from G).
 */
export function buildWY(mloc: i32, jb: i32, P: usize, ld: i32, tau: usize, Vt: usize, G: usize, T: usize): void {
  const ml = <usize>mloc;
  const ldb = <usize>ld << 3;
  for (let p = 0; p < jb; p++) {
    const row = Vt + ((<usize>p * ml) << 3);
    const src = P + <usize>p * ldb;
    fillF64(p, row, 0);
    store<f64>(row + (<usize>p << 3), 1.0);
    memory.copy(row + (<usize>(p + 1) << 3), src + (<usize>(p + 1) << 3), <usize>(mloc - p - 1) << 3);
  }
  const jj = <usize>jb;
  if (gemmCore(0, 1, jb, jb, mloc, 1.0, Vt, mloc, Vt, mloc, 0.0, G, jb) != OK) {
    // No packing workspace: the upper triangle by dot products (row p of Vt is zero before p).
    for (let p = 0; p < jb; p++) {
      for (let l = 0; l < p; l++) {
        let s: f64 = 0;
        const a = Vt + ((<usize>l * ml) << 3), b = Vt + ((<usize>p * ml) << 3);
        for (let r = p; r < mloc; r++) s += load<f64>(a + (<usize>r << 3)) * load<f64>(b + (<usize>r << 3));
        store<f64>(G + ((<usize>l * jj + <usize>p) << 3), s);
      }
    }
  }
  fillF64(jb * jb, T, 0);
  for (let p = 0; p < jb; p++) {
    const tp = load<f64>(tau + (<usize>p << 3));
    store<f64>(T + ((<usize>p * jj + <usize>p) << 3), tp);
    if (tp == 0) continue;
    for (let i = 0; i < p; i++) {
      let s: f64 = 0;
      for (let l = i; l < p; l++) {
        s += load<f64>(T + ((<usize>i * jj + <usize>l) << 3)) * load<f64>(G + ((<usize>l * jj + <usize>p) << 3));
      }
      store<f64>(T + ((<usize>i * jj + <usize>p) << 3), -tp * s);
    }
  }
}

/**
 * Ct (nc × mloc, rows ld apart) ← Ct − ((Ct · V) · op(T)) · Vᵀ with Vt = Vᵀ (jb × mloc): trans = 1
 * applies (I − V T Vᵀ)ᵀ = H_{jb−1} ⋯ H_0 to the columns Ct holds (factorization), trans = 0 applies
 * I − V T Vᵀ = H_0 ⋯ H_{jb−1} (forming Q). Y and Z are nc × jb scratch. Returns false (Ct untouched)
 * when gemm could not get its packing workspace.
 */
export function applyWY(trans: i32, nc: i32, mloc: i32, jb: i32, Vt: usize, T: usize, Ct: usize, ld: i32,
                        Y: usize, Z: usize): bool {
  if (gemmCore(0, 1, nc, jb, mloc, 1.0, Ct, ld, Vt, mloc, 0.0, Y, jb) != OK) return false;
  // Z = Y · T (trans = 1) or Y · Tᵀ (trans = 0).
  if (gemmCore(0, trans ? 0 : 1, nc, jb, jb, 1.0, Y, jb, T, jb, 0.0, Z, jb) != OK) return false;
  return gemmCore(0, 0, nc, mloc, jb, -1.0, Z, jb, Vt, mloc, 1.0, Ct, ld) == OK;
}

/**
 * QR of the mp × np matrix at P (column-contiguous, columns ld apart) in place, blocks of nb columns;
 * tau gets min(mp, np) scalars. Same storage as dgeqr2 (R on and above the diagonal, v₂ below).
 */
export function qrFactorBlocked(mp: i32, np: i32, P: usize, ld: i32, tau: usize, nb: i32): void {
  const kp = mp < np ? mp : np;
  if (kp <= nb || np <= nb) {
    panelUnblocked(mp, np, P, ld, tau);
    return;
  }
  const ldb = <usize>ld << 3;
  for (let j0 = 0; j0 < kp; j0 += nb) {
    const jb = kp - j0 < nb ? kp - j0 : nb;
    const mloc = mp - j0;
    const D = P + <usize>j0 * ldb + (<usize>j0 << 3);
    panelUnblocked(mloc, jb, D, ld, tau + (<usize>j0 << 3));
    const nc = np - j0 - jb;
    if (nc <= 0) continue;
    const C = D + <usize>jb * ldb;
    let done = false;
    if (mloc >= QR_MIN_ROWS) {
      const top = arenaMark();
      const Vt = arenaAlloc(<usize>jb * <usize>mloc << 3);
      const G: usize = Vt == 0 ? 0 : arenaAlloc(<usize>jb * <usize>jb << 3);
      const T: usize = G == 0 ? 0 : arenaAlloc(<usize>jb * <usize>jb << 3);
      const Y: usize = T == 0 ? 0 : arenaAlloc(<usize>nc * <usize>jb << 3);
      const Z: usize = Y == 0 ? 0 : arenaAlloc(<usize>nc * <usize>jb << 3);
      if (Z != 0) {
        buildWY(mloc, jb, D, ld, tau + (<usize>j0 << 3), Vt, G, T);
        done = applyWY(1, nc, mloc, jb, Vt, T, C, ld, Y, Z);
      }
      arenaReset(top);
    }
    if (!done) {
      for (let i = 0; i < jb; i++) {
        const col = D + <usize>i * ldb + (<usize>i << 3);
        houseApplyCols(mloc - i, col + 8, load<f64>(tau + (<usize>(j0 + i) << 3)), C + (<usize>i << 3), ld, nc);
      }
    }
  }
}

/**
 * Qt (k × m, row j = column j of Q) ← the first k columns of H₀ H₁ ⋯ H_{k−1} for the reflectors stored
 * in Wt (n × m, as left by the factorization), blocks processed last to first (dorgqr). For a block
 * at j0 of width jb: the later columns j0 + jb … k − 1 (zero in rows < j0 + jb) get I − V T Vᵀ applied,
 * and the block's own columns are (I − V T Vᵀ)[I; 0] = [I; 0] − V (T V₁ᵀ), V₁ the top jb × jb of V.
 */
export function formQtBlocked(m: i32, k: i32, Wt: usize, tau: usize, Qt: usize, nb: i32): void {
  const mm = <usize>m;
  const ldb = mm << 3;
  // Every row is written in full before it is read when there is a single block.
  if (nb >= k) { orgBlock(m, k, Wt, m, tau, Qt, k); return; }
  fillF64(k * m, Qt, 0);
  const nblocks = (k + nb - 1) / nb;
  for (let b = nblocks - 1; b >= 0; b--) {
    const j0 = b * nb;
    const jb = k - j0 < nb ? k - j0 : nb;
    const mloc = m - j0;
    const D = Wt + <usize>j0 * ldb + (<usize>j0 << 3);
    const Qb = Qt + <usize>j0 * ldb + (<usize>j0 << 3);
    const nc = k - j0 - jb;
    const tb = tau + (<usize>j0 << 3);
    let done = false;
    if (mloc >= QR_MIN_ROWS && jb >= QR_NB_MIN) {
      const top = arenaMark();
      const w = nc > jb ? nc : jb;
      const Vt = arenaAlloc(<usize>jb * <usize>mloc << 3);
      const G: usize = Vt == 0 ? 0 : arenaAlloc(<usize>jb * <usize>jb << 3);
      const T: usize = G == 0 ? 0 : arenaAlloc(<usize>jb * <usize>jb << 3);
      const Y: usize = T == 0 ? 0 : arenaAlloc(<usize>w * <usize>jb << 3);
      const Z: usize = Y == 0 ? 0 : arenaAlloc(<usize>w * <usize>jb << 3);
      if (Z != 0) {
        buildWY(mloc, jb, D, m, tb, Vt, G, T);
        done = nc == 0 || applyWY(0, nc, mloc, jb, Vt, T, Qb + <usize>jb * ldb, m, Y, Z);
        if (done) {
          // U = V₁ Tᵀ (jb × jb): U[r, c] = Σ_{c ≤ p ≤ r} V₁[r, p] T[c, p], V₁[r, p] = Vt[p, r].
          const jj = <usize>jb, ml = <usize>mloc;
          for (let r = 0; r < jb; r++) {
            for (let c = 0; c < jb; c++) {
              let s: f64 = 0;
              for (let p = c; p <= r; p++) {
                s += load<f64>(Vt + ((<usize>p * ml + <usize>r) << 3)) * load<f64>(T + ((<usize>c * jj + <usize>p) << 3));
              }
              store<f64>(Y + ((<usize>r * jj + <usize>c) << 3), s);
            }
          }
          // Own rows of Qt: Eᵀ − U · Vᵀ (β = 0 overwrites the zeros already there).
          if (gemmCore(0, 0, jb, mloc, jb, -1.0, Y, jb, Vt, mloc, 0.0, Qb, m) == OK) {
            for (let p = 0; p < jb; p++) {
              const q = Qb + <usize>p * ldb + (<usize>p << 3);
              store<f64>(q, load<f64>(q) + 1.0);
            }
          } else {
            orgBlock(mloc, jb, D, m, tb, Qb, jb);
          }
        }
      }
      arenaReset(top);
    }
    if (!done) orgBlock(mloc, jb, D, m, tb, Qb, k - j0);
  }
}

/** Row i of a block of Qt (mloc entries from the block's first row): H_i e_i = e_i − τ v. */
function writeReflectorColumn(mloc: i32, i: i32, v: usize, t: f64, q: usize): void {
  for (let r = 0; r < i; r++) store<f64>(q + (<usize>r << 3), 0);
  store<f64>(q + (<usize>i << 3), 1.0 - t);
  for (let r = i + 1; r < mloc; r++) store<f64>(q + (<usize>r << 3), -t * load<f64>(v + (<usize>(r - i - 1) << 3)));
}


/**
 * out (n × m) ← Aᵀ for a row-major A (m × n): the copies in and out of the column-contiguous layout.
 * 8 × 8 tiles (eight cache lines on each side, so power-of-two leading dimensions do not evict a tile
 * half-way), 2 × 2 register blocks transposed with one shuffle per output pair in the SIMD build.
 */
export function transposeTiles(m: i32, n: i32, A: usize, out: usize): void {
  transposeTilesLd(m, n, A, out, m);
}

/** transposeTiles into rows ld elements apart (ld ≥ m): rows of A become a stretch of each of out's n rows. */
export function transposeTilesLd(m: i32, n: i32, A: usize, out: usize, ld: i32): void {
  const TB = 8;
  const mb = <usize>ld << 3, nbytes = <usize>n << 3;
  for (let ib = 0; ib < m; ib += TB) {
    const ie = ib + TB < m ? ib + TB : m;
    for (let jb = 0; jb < n; jb += TB) {
      const je = jb + TB < n ? jb + TB : n;
      let i = ib;
      if (ASC_FEATURE_SIMD) {
        for (; i + 2 <= ie; i += 2) {
          const a0 = A + <usize>i * nbytes, a1 = a0 + nbytes;
          let j = jb;
          for (; j + 2 <= je; j += 2) {
            const o = <usize>j << 3;
            const r0 = v128.load(a0 + o), r1 = v128.load(a1 + o);
            const d = out + <usize>j * mb + (<usize>i << 3);
            v128.store(d, v128.shuffle<f64>(r0, r1, 0, 2));
            v128.store(d + mb, v128.shuffle<f64>(r0, r1, 1, 3));
          }
          for (; j < je; j++) {
            const d = out + <usize>j * mb + (<usize>i << 3);
            store<f64>(d, load<f64>(a0 + (<usize>j << 3)));
            store<f64>(d, load<f64>(a1 + (<usize>j << 3)), 8);
          }
        }
      }
      for (; i < ie; i++) {
        const a = A + <usize>i * nbytes;
        for (let j = jb; j < je; j++) store<f64>(out + <usize>j * mb + (<usize>i << 3), load<f64>(a + (<usize>j << 3)));
      }
    }
  }
}
