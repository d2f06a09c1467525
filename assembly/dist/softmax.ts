// Row-wise log-softmax and logsumexp. Logits are shifted by their row maximum first, so rows with
// entries of magnitude 1e3 (or 1e300) neither overflow nor lose the small entries; −∞ logits are
// allowed (a token with probability zero) and stay −∞. The exps use the table + polynomial exp of ./exp
// (vectorised in the SIMD build); both builds run the same operations in the same order and agree exactly.
import { expShifted, expShiftedV } from './exp';

/**
 * The maximum of one row, by pseudo-max (`m < v ? v : m`, f64x2.pmax: one maxpd, where f64x2.max costs a
 * NaN/±0-fixing sequence several times longer). The rows are validated (no NaN), so this is the exact
 * maximum in any order, up to the sign of a zero maximum, which changes no result (z − (±0) and
 * ±0 + log s round alike for every z and every s ≥ 1).
 */
function rowMax(V: i32, z: usize): f64 {
  let mx = -Infinity;
  let j = 0;
  if (ASC_FEATURE_SIMD) {
    let m0 = f64x2.splat(-Infinity), m1 = f64x2.splat(-Infinity);
    for (; j + 4 <= V; j += 4) {
      const p = z + (<usize>j << 3);
      m0 = f64x2.pmax(m0, v128.load(p));
      m1 = f64x2.pmax(m1, v128.load(p, 16));
    }
    m0 = f64x2.pmax(m0, m1);
    const a = f64x2.extract_lane(m0, 0), b = f64x2.extract_lane(m0, 1);
    mx = a < b ? b : a;
  }
  for (; j < V; j++) {
    const v = load<f64>(z + (<usize>j << 3));
    mx = mx < v ? v : mx;
  }
  return mx;
}

/**
 * log Σ_j exp(z_j) over one row of V entries; the row must hold a finite maximum mx. The exps of z − mx
 * come from ./exp (table + degree-5 polynomial, ≤ ~1 ulp). The sum runs in four interleaved partial
 * sums — entries 4q, 4q+1, 4q+2, 4q+3 go to partial sums 0, 1, 2, 3, which are combined as
 * (s0 + s2) + (s1 + s3), then the last V mod 4 entries are added in order — in BOTH builds (the SIMD
 * build holds s0, s1 in one f64x2 and s2, s3 in another), so the two builds agree bit for bit. The order
 * differs from a plain left-to-right sum, which changes the last bits only (s ≥ 1 never cancels).
 */
export function logSumExpRow(V: i32, z: usize): f64 {
  const mx = rowMax(V, z);
  let s: f64 = 0;
  let j = 0;
  if (ASC_FEATURE_SIMD) {
    const vmx = f64x2.splat(mx);
    let s01 = f64x2.splat(0), s23 = f64x2.splat(0);
    for (; j + 4 <= V; j += 4) {
      const p = z + (<usize>j << 3);
      const x0 = f64x2.sub(v128.load(p), vmx), x1 = f64x2.sub(v128.load(p, 16), vmx);
      s01 = f64x2.add(s01, expShiftedV(x0));
      s23 = f64x2.add(s23, expShiftedV(x1));
    }
    const t = f64x2.add(s01, s23);
    s = f64x2.extract_lane(t, 0) + f64x2.extract_lane(t, 1);
  } else {
    let s0: f64 = 0, s1: f64 = 0, s2: f64 = 0, s3: f64 = 0;
    for (; j + 4 <= V; j += 4) {
      const p = z + (<usize>j << 3);
      s0 += expShifted(load<f64>(p) - mx);
      s1 += expShifted(load<f64>(p, 8) - mx);
      s2 += expShifted(load<f64>(p, 16) - mx);
      s3 += expShifted(load<f64>(p, 24) - mx);
    }
    s = (s0 + s2) + (s1 + s3);
  }
  for (; j < V; j++) s += expShifted(load<f64>(z + (<usize>j << 3)) - mx);
  // s ≥ 1 (the maximum contributes exp(0) = 1 exactly), so the log never sees 0.
  return mx + Math.log(s);
}

/**
 * Whether every row is a valid logit row: no NaN, no +∞, and at least one finite entry (a row of −∞
 * has no distribution).
 */
export function validLogitRows(n: i32, V: i32, Z: usize): bool {
  for (let i = 0; i < n; i++) {
    const row = Z + ((<usize>i * <usize>V) << 3);
    let finite = false;
    let j = 0;
    if (ASC_FEATURE_SIMD) {
      // v < +∞ fails exactly for NaN and +∞; v > −∞ holds exactly for the finite entries.
      const inf = f64x2.splat(Infinity), ninf = f64x2.splat(-Infinity);
      let ok0 = i64x2.splat(-1), ok1 = i64x2.splat(-1), fin = i64x2.splat(0);
      for (; j + 4 <= V; j += 4) {
        const p = row + (<usize>j << 3);
        const v0 = v128.load(p), v1 = v128.load(p, 16);
        ok0 = v128.and(ok0, f64x2.lt(v0, inf));
        ok1 = v128.and(ok1, f64x2.lt(v1, inf));
        fin = v128.or(fin, v128.or(f64x2.gt(v0, ninf), f64x2.gt(v1, ninf)));
      }
      if (!i64x2.all_true(v128.and(ok0, ok1))) return false;
      finite = v128.any_true(fin);
    }
    for (; j < V; j++) {
      const v = load<f64>(row + (<usize>j << 3));
      if (isNaN(v) || v == Infinity) return false;
      if (v != -Infinity) finite = true;
    }
    if (!finite) return false;
  }
  return true;
}

export function logSoftmaxRowsCore(n: i32, V: i32, Z: usize, out: usize): void {
  for (let i = 0; i < n; i++) {
    const off = (<usize>i * <usize>V) << 3;
    const lse = logSumExpRow(V, Z + off);
    let j = 0;
    if (ASC_FEATURE_SIMD) {
      const vl = f64x2.splat(lse);
      for (; j + 2 <= V; j += 2) {
        const o = off + (<usize>j << 3);
        v128.store(out + o, f64x2.sub(v128.load(Z + o), vl));
      }
    }
    for (; j < V; j++) {
      const o = off + (<usize>j << 3);
      store<f64>(out + o, load<f64>(Z + o) - lse);
    }
  }
}

export function logSumExpRowsCore(n: i32, V: i32, Z: usize, out: usize): void {
  for (let i = 0; i < n; i++) {
    store<f64>(out + (<usize>i << 3), logSumExpRow(V, Z + ((<usize>i * <usize>V) << 3)));
  }
}
