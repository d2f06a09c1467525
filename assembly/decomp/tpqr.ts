// The step of a tall-skinny QR in place: the QR of a block whose top rows are the R so far (upper
// triangular) and whose other rows are new, on the column-contiguous layout of qr.ts with a leading
// dimension of its own (Wt: column j of the block at Wt + j·ld, rows 0 … m − 1), so a runner can keep
// one buffer for every step and write new rows straight into it.
//
// When the top is a full n × n triangle this is LAPACK's triangular-pentagonal QR with l = 0 (dtpqrt,
// dtpqrt2, dtprfb): the reflector for column j is [e_j; v_B] — zero in the triangle's rows other than j,
// because column j of the triangle has nothing below row j — so it touches one row of the top and the
// p = m − n new rows. Work per step is then 2·p·n² instead of the dense 2·m·n² − 2n³/3 (at p = 2n: 4n³
// against 5.3n³), and the triangle's rows j + 1 … n − 1 are never read or written. The arithmetic is
// Householder QR of the stacked block with exact zeros skipped, so the backward-error bound is that of
// Householder QR on columns of p + 1 entries.
//
// When the bottom is upper trapezoidal too (two R factors stacked, as a TSQR tree combines them; dtpqrt
// with l = n), column j of the bottom has nonzeros only in its rows 0 … j, and no reflector fills the rest
// in: reflector i < j has v_B in rows 0 … i, so H_i changes column j only in those rows. The reflector for
// column j is then generated from 1 + min(j + 1, p) entries, applied over as many rows, and the compact-WY
// update of the panel [j0, j1) needs only the bottom's rows 0 … j1 − 1, so the step costs about 2n³/3
// flops instead of 2·p·n² (3× fewer at p = n; measured 2.4–2.6× at n = 1793, bench/tsqr-combine-mb.ts:
// the compact-WY block's own work, T and Y·T and the panel's triangle, is O(nb·n²) either way). Only
// exact zeros are skipped, so this is still Householder QR of the stacked block, with the backward-error
// bound of Householder QR on columns of at most min(j + 1, p) + 1 entries (never more than the dense
// step's p + 1). The bottom's entries below its diagonal are cleared first: the WY update's gemm covers
// rows up to the panel's last column and reads them as v_B's zeros.
//
// The panel (nb columns) is factored in inner blocks of ib columns, reflector by reflector inside each
// and compact WY for the rest of the panel (dtpqrt's nb and ib); the trailing columns get the compact WY
// block I − V T Vᵀ, V = [E; V_B], through gemm: with Ct the trailing columns (rows ld apart),
// Y = C_topᵀ + Ct_B V_B, Z = Y T, C_top −= Zᵀ, Ct_B −= Z V_Bᵀ. V_Bᵀ is the panel's bottom rows as they
// lie in Wt (jb rows ld apart), so no copy of V is made. When gemm cannot get its packing workspace the
// block falls back to the reflector-by-reflector update, which needs none.
import { OK } from '../runtime/status';
import { arenaMark, arenaAlloc, arenaReset } from '../runtime/arena';
import { gemmCore } from '../blas/gemm';
import { dotCore, axpyCore } from '../blas/level1';
import { houseGenSplit } from './householder';
import { fillF64 } from './util';
import { qrFactorBlocked, panelUnblocked, QR_GEMM_MIN, QR_NB } from './blocked';

/**
 * Columns per compact-WY block. Wider than qr's QR_NB: the update's gemm then has an inner dimension of
 * 96 instead of 32, and the panel's extra level-2 work stays a few percent of 2·p·d². CPU seconds of one
 * step at d = 1536, s = 3072 (bench/tsqr-step-mb.ts, loaded machine): nb = 32: 1.17–1.28, 64: 1.14–1.39,
 * 96: 1.07–1.09, 128: 1.08–1.16; with inner blocks (TP_IB) 96/16 and 192/32 measured the same as 96 alone
 * within the noise (old step / this one: 1.34–1.70 against 1.43–1.52). Inner blocks keep the level-2 share
 * at ib/d whatever nb; a wider nb costs p·nb² more per block for T's Gram matrix.
 */
export const TP_NB: i32 = 96;
/** Columns per inner block of the panel (see tpqrFactor). */
export const TP_IB: i32 = 16;

/** Smallest number of new rows worth the blocked update. */
const TP_MIN_ROWS: i32 = 32;

/**
 * Bottom rows that reflector j reaches (the length of its v_B): all p, or with an upper-trapezoidal bottom
 * (tri) its rows 0 … j.
 */
// @ts-ignore: decorator
@inline
function reach(p: i32, tri: bool, j: i32): i32 {
  return tri && j < p ? j + 1 : p;
}

/**
 * Apply reflector j (top entry 1 at row j, bottom v_B of p entries at row n of column j) to columns
 * c0 … c1 − 1: w = y_j + v_Bᵀ y_B, y_j −= τw, y_B −= τw v_B.
 */
function tpApplyCols(n: i32, p: i32, Wt: usize, ldb: usize, j: i32, tau: f64, c0: i32, c1: i32): void {
  if (tau == 0) return;
  const jo = <usize>j << 3, bo = <usize>n << 3;
  const v = Wt + <usize>j * ldb + bo;
  for (let c = c0; c < c1; c++) {
    const col = Wt + <usize>c * ldb;
    const f = tau * (load<f64>(col + jo) + dotCore(p, v, col + bo));
    store<f64>(col + jo, load<f64>(col + jo) - f);
    axpyCore(p, -f, v, col + bo);
  }
}

/**
 * The update by the compact WY form of reflectors j0 … j0 + jb − 1 of columns c0 … c1 − 1 (c0 ≥ j0 + jb).
 * Returns false, with nothing changed, when the arena cannot give the workspace.
 */
function tpApplyWY(n: i32, p: i32, Wt: usize, ld: i32, j0: i32, jb: i32, c0: i32, c1: i32, tau: usize): bool {
  const ldb = <usize>ld << 3, bo = <usize>n << 3, jj = <usize>jb;
  const nc = c1 - c0;
  const top = arenaMark();
  const G = arenaAlloc(jj * jj << 3);
  const T: usize = G == 0 ? 0 : arenaAlloc(jj * jj << 3);
  const Y: usize = T == 0 ? 0 : arenaAlloc(<usize>nc * jj << 3);
  const Z: usize = Y == 0 ? 0 : arenaAlloc(<usize>nc * jj << 3);
  if (Z == 0) { arenaReset(top); return false; }
  const VtB = Wt + <usize>j0 * ldb + bo;
  // G = V_Bᵀ V_B: the top parts e_j are orthonormal, so v_lᵀ v_q = v_Blᵀ v_Bq for l ≠ q.
  if (gemmCore(0, 1, jb, jb, p, 1.0, VtB, ld, VtB, ld, 0.0, G, jb) != OK) { arenaReset(top); return false; }
  // T by dlarft's recurrence T[0:q, q] = −τ_q T[0:q, 0:q] V[:, 0:q]ᵀ v_q.
  fillF64(jb * jb, T, 0);
  for (let q = 0; q < jb; q++) {
    const tq = load<f64>(tau + (<usize>(j0 + q) << 3));
    store<f64>(T + ((<usize>q * jj + <usize>q) << 3), tq);
    if (tq == 0) continue;
    for (let i = 0; i < q; i++) {
      let s: f64 = 0;
      for (let l = i; l < q; l++) s += load<f64>(T + ((<usize>i * jj + <usize>l) << 3)) * load<f64>(G + ((<usize>l * jj + <usize>q) << 3));
      store<f64>(T + ((<usize>i * jj + <usize>q) << 3), -tq * s);
    }
  }
  // Y[c, r] = top[j0 + r, j0 + jb + c], then Y += Ct_B V_B.
  const C = Wt + <usize>c0 * ldb;
  const to = <usize>j0 << 3;
  for (let c = 0; c < nc; c++) memory.copy(Y + ((<usize>c * jj) << 3), C + <usize>c * ldb + to, jj << 3);
  let ok = gemmCore(0, 1, nc, jb, p, 1.0, C + bo, ld, VtB, ld, 1.0, Y, jb) == OK;
  ok = ok && gemmCore(0, 0, nc, jb, jb, 1.0, Y, jb, T, jb, 0.0, Z, jb) == OK;
  // gemm fails before it writes C: on failure nothing of the block has changed yet.
  ok = ok && gemmCore(0, 0, nc, p, jb, -1.0, Z, jb, VtB, ld, 1.0, C + bo, ld) == OK;
  if (ok) {
    for (let c = 0; c < nc; c++) {
      const d = C + <usize>c * ldb + to, z = Z + ((<usize>c * jj) << 3);
      for (let r = 0; r < jb; r++) {
        const o = <usize>r << 3;
        store<f64>(d + o, load<f64>(d + o) - load<f64>(z + o));
      }
    }
  }
  arenaReset(top);
  return ok;
}

/**
 * QR of [R; B] in place: R the n × n upper triangle in rows 0 … n − 1 (entries below its diagonal are
 * never read), B the p new rows n … n + p − 1; tau gets n scalars. Afterwards the triangle holds the new
 * R and B holds the reflectors' v_B. tri: B is upper trapezoidal (row i zero in columns < i); its entries
 * below the diagonal are set to zero, not read.
 */
export function tpqrFactor(n: i32, p: i32, Wt: usize, ld: i32, tau: usize, nb: i32, ib: i32, tri: bool = false): void {
  const ldb = <usize>ld << 3, bo = <usize>n << 3;
  if (tri) for (let j = 0; j + 1 < p && j < n; j++) fillF64(p - j - 1, Wt + <usize>j * ldb + bo + (<usize>(j + 1) << 3), 0);
  for (let j0 = 0; j0 < n; j0 += nb) {
    const j1 = n - j0 < nb ? n : j0 + nb;
    // The panel in inner blocks of ib columns (dtpqrt's ib): reflector by reflector inside one, WY on
    // the rest of the panel, so the level-2 work is p·ib per column instead of p·nb.
    for (let i0 = j0; i0 < j1; i0 += ib) {
      const i1 = j1 - i0 < ib ? j1 : i0 + ib;
      for (let j = i0; j < i1; j++) {
        const col = Wt + <usize>j * ldb;
        const pj = reach(p, tri, j);
        const t = houseGenSplit(col + (<usize>j << 3), pj, col + bo);
        store<f64>(tau + (<usize>j << 3), t);
        tpApplyCols(n, pj, Wt, ldb, j, t, j + 1, i1);
      }
      applyBlock(n, p, tri, Wt, ld, i0, i1, j1, tau);
    }
    applyBlock(n, p, tri, Wt, ld, j0, j1, n, tau);
  }
}

/**
 * Reflectors j0 … j1 − 1 applied to columns j1 … c1 − 1: compact WY, or one by one without workspace.
 * With a trapezoidal bottom the block's v_B reach rows 0 … j1 − 1 at most (zero below each one's own).
 */
function applyBlock(n: i32, p: i32, tri: bool, Wt: usize, ld: i32, j0: i32, j1: i32, c1: i32, tau: usize): void {
  if (j1 >= c1) return;
  const r = reach(p, tri, j1 - 1);
  if (r >= TP_MIN_ROWS && tpApplyWY(n, r, Wt, ld, j0, j1 - j0, j1, c1, tau)) return;
  const ldb = <usize>ld << 3;
  for (let j = j0; j < j1; j++) tpApplyCols(n, reach(p, tri, j), Wt, ldb, j, load<f64>(tau + (<usize>j << 3)), j1, c1);
}

/**
 * The TSQR step: the m × n block in Wt (ld ≥ m) whose top k rows (k ≤ min(m, n)) are an upper-trapezoidal
 * R is replaced by its Householder QR (R on and above the diagonal of the top min(m, n) rows, reflectors
 * below). k = n uses the triangle (tpqrFactor); otherwise the whole block is factored densely, after
 * clearing what lies below the diagonal of the top k rows (a previous step's reflectors). tri: rows
 * k … m − 1 are upper trapezoidal as well (row k + i zero in columns < i, what lies there is ignored).
 */
export function tsqrStepCore(m: i32, n: i32, k: i32, Wt: usize, ld: i32, tau: usize, tri: bool = false): void {
  if (k == n) {
    if (m > n) tpqrFactor(n, m - n, Wt, ld, tau, TP_NB, TP_IB, tri);
    return;
  }
  const ldb = <usize>ld << 3;
  for (let j = 0; j + 1 < k; j++) fillF64(k - j - 1, Wt + <usize>j * ldb + (<usize>(j + 1) << 3), 0);
  // Without a full triangle on top the dense QR reads the whole bottom: clear what tri says is zero.
  if (tri) for (let j = 0; j + 1 < m - k && j < n; j++) fillF64(m - k - j - 1, Wt + <usize>j * ldb + (<usize>(k + j + 1) << 3), 0);
  if (m >= QR_GEMM_MIN && n >= QR_GEMM_MIN) qrFactorBlocked(m, n, Wt, ld, tau, QR_NB);
  else panelUnblocked(m, n, Wt, ld, tau);
}
