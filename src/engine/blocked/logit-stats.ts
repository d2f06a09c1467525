// What the approximate comparison (theory.md §6; engine/approximate.ts) needs of the logits, taken in the
// log-odds gap pass (gap.ts) from the blocks of L = F G₀ᵀ it forms anyway, so no second product pass.
//
// Why L serves for Z_c = F G_cᵀ: row x of Z_c is row x of L (pivot column included, where L is 0) shifted
// by the constant f_x·(g_pivot − ḡ). Softmax, hence P, KL and log-sum-exp differences, ignore a per-context
// shift; and the rows of Z_c sum to zero over tokens (the columns of G_c do), so row x of Z_c − Z̃_c is
// δ_x − mean_y(δ_x) with δ = L − L̃: ‖Z_c − Z̃_c‖²_F = Σ_x Σ_y (δ_xy − δ̄_x)², the per-context sum of
// squared deviations of δ over all V tokens.
//
// Per block of tokens and per context: the block's max m, Σ e^{l − m} and Σ e^{l − m}(l − l̃) of both
// models (KL(P‖P̃) = E_p[l − l̃] − lse l + lse l̃ and the mirror), and the block's mean of δ and sum of squared
// deviations about it (two passes over the block). Blocks are combined per context in block-index order
// (log-sum-exp rescaling; Chan, Golub & LeVeque's pairwise update for the deviations, never
// Σδ² − (Σδ)²/V, which cancels when the shift is large against the spread), so the result is the same bit
// for bit for any number of workers.
//
// Rounding (Higham §3.5, §1.9; derived for this order of operations):
// - Each l is a length-d inner product with the row g_y − g_pivot formed in f64: |Δl| ≤ γ_{d+1} ‖f_x‖‖g_y − g_p‖,
//   and δ = l − l̃ adds u|δ|. Centring is an orthogonal projection (norm 1), so the entries' errors reach
//   ‖Z_c − Z̃_c‖ at most as their Frobenius norm, ≤ γ_{d+1} (‖F‖‖G₀‖ + ‖F̃‖‖G̃₀‖) + u‖δ‖_F, and ‖δ‖_F ≤ that sum of
//   products (to first order). ‖G₀‖, not ‖G_c‖: ‖G₀‖² = ‖G_c‖² + V‖g_p − ḡ‖² ≥ ‖G_c‖², so the dense path's
//   floor (logitGapFloor with ‖G_c‖) is not valid here; the fused floor below uses the norms of the rows
//   actually multiplied.
// - The centring: a block mean computed with error e_j shifts that block's values by e_j (Chan's update is
//   exact for the shifted data), |e_j| ≤ γ_b ‖δ_j‖/√b, so the shifts have norm ≤ γ_b ‖δ_x‖₂ per context, and
//   the block's own sum of squares about its computed mean adds b e_j² (≤ the same squared); each of the B
//   pairwise updates rounds the running mean once more (another such shift, γ_1 relative to |δ|'s scale).
//   Together ≤ 2 γ_{b+B} ‖δ_x‖₂ on √S_x, and over contexts ≤ 2 γ_{b+B} ‖δ‖_F. The sums of non-negative terms
//   (S_x, then Σ_x S_x) add a relative γ_{b+B+n}, which the margin's factor 1 + 1e−8 covers (b + B + n ≤ 10⁷).
// So fusedGapFloor = 4 (d + d̃ + 2 + b + B) ε (‖F‖‖G₀‖ + ‖F̃‖‖G̃₀‖) bounds the error of the computed
// ‖Z_c − Z̃_c‖_F (4ε ≥ 2γ₁ keeps the dense floor's slack for second-order terms).
// - KL per context (reported, no verdict rests on it): ∂KL/∂l has ℓ₁ norm ≤ 2 max|δ| and ∂KL/∂l̃ ≤ 2, so
//   the entries' errors move it by ≤ 2e(1 + max|δ|), e the per-entry bound above; the sums of ≤ V terms of
//   size ≤ max|δ| + 2 max|l| + log V add γ_{b+B} times that. Note |l| (pivot-relative) may exceed |z|.

const EPS = 2 ** -52;

/** Per block: 8 arrays of n (the layout of `BlockStats.data`). */
export const STAT_FIELDS = 8;

export interface BlockStats {
  /** Tokens in the block. */
  tokens: number;
  /**
   * n × 8, context-major: m_A, Σe^{l−m_A}, Σe^{l−m_A}(l − l̃), m_B, Σe^{l̃−m_B}, Σe^{l̃−m_B}(l̃ − l), mean δ, Σ(δ − mean)².
   */
  data: Float64Array;
  /** ‖G₀ rows of the block‖²_F of each model. */
  g0A2: number;
  g0B2: number;
}

/**
 * The statistics of one block of logits LA, LB (n × bb row-major, pivot column included as 0).
 */
export function blockStats(LA: Float64Array, LB: Float64Array, n: number, bb: number, g0A2: number, g0B2: number): BlockStats {
  const out = new Float64Array(n * STAT_FIELDS);
  for (let x = 0; x < n; x++) {
    const o = x * bb;
    let ma = -Infinity, mb = -Infinity, sum = 0;
    for (let j = 0; j < bb; j++) {
      const la = LA[o + j] as number, lb = LB[o + j] as number;
      if (la > ma) ma = la;
      if (lb > mb) mb = lb;
      sum += la - lb;
    }
    const mean = sum / bb;
    let sa = 0, wa = 0, sb = 0, wb = 0, m2 = 0;
    for (let j = 0; j < bb; j++) {
      const la = LA[o + j] as number, lb = LB[o + j] as number, dz = la - lb;
      const ea = Math.exp(la - ma), eb = Math.exp(lb - mb);
      sa += ea; wa += ea * dz; sb += eb; wb -= eb * dz;
      const dev = dz - mean;
      m2 += dev * dev;
    }
    const p = x * STAT_FIELDS;
    out[p] = ma; out[p + 1] = sa; out[p + 2] = wa;
    out[p + 3] = mb; out[p + 4] = sb; out[p + 5] = wb;
    out[p + 6] = mean; out[p + 7] = m2;
  }
  return { tokens: bb, data: out, g0A2, g0B2 };
}

export interface LogitSummary {
  /** ‖Z_c − Z̃_c‖_F */
  logitGap: number;
  /** Mean over contexts of KL(P‖P̃) and KL(P̃‖P), nats. */
  klMean: { ab: number; ba: number };
  /** ‖G₀‖_F of each model (over the rows multiplied), for the floor. */
  g0Norm: { a: number; b: number };
  /** Tokens per block and blocks: the centring's share of the floor. */
  blockTokens: number;
  blocks: number;
}

/** Combine block statistics in block-index order (the order of `parts`), per context. */
export function combineStats(n: number, parts: readonly BlockStats[]): LogitSummary {
  const acc = new Float64Array(n * STAT_FIELDS);
  for (let x = 0; x < n; x++) {
    const p = x * STAT_FIELDS;
    acc[p] = -Infinity; acc[p + 3] = -Infinity;
  }
  let count = 0, g0A2 = 0, g0B2 = 0, maxTokens = 0;
  for (const part of parts) {
    const nb = part.tokens, d = part.data;
    if (nb === 0) continue;
    const nab = count + nb;
    for (let x = 0; x < n; x++) {
      const p = x * STAT_FIELDS;
      for (const q of [p, p + 3]) {
        const m0 = acc[q] as number, m1 = d[q] as number, m = Math.max(m0, m1);
        const c0 = m0 === -Infinity ? 0 : Math.exp(m0 - m), c1 = Math.exp(m1 - m);
        acc[q] = m;
        acc[q + 1] = (acc[q + 1] as number) * c0 + (d[q + 1] as number) * c1;
        acc[q + 2] = (acc[q + 2] as number) * c0 + (d[q + 2] as number) * c1;
      }
      // Chan et al.'s pairwise update: the between-blocks term from the difference of the means.
      const meanA = acc[p + 6] as number, delta = (d[p + 6] as number) - meanA;
      acc[p + 6] = meanA + delta * (nb / nab);
      acc[p + 7] = (acc[p + 7] as number) + (d[p + 7] as number) + delta * delta * ((count * nb) / nab);
    }
    count = nab;
    g0A2 += part.g0A2;
    g0B2 += part.g0B2;
    maxTokens = Math.max(maxTokens, nb);
  }
  let ss = 0, klab = 0, klba = 0;
  for (let x = 0; x < n; x++) {
    const p = x * STAT_FIELDS;
    const lseA = (acc[p] as number) + Math.log(acc[p + 1] as number), lseB = (acc[p + 3] as number) + Math.log(acc[p + 4] as number);
    klab += (acc[p + 2] as number) / (acc[p + 1] as number) - lseA + lseB;
    klba += (acc[p + 5] as number) / (acc[p + 4] as number) - lseB + lseA;
    ss += acc[p + 7] as number;
  }
  return {
    logitGap: Math.sqrt(ss),
    klMean: { ab: klab / n, ba: klba / n },
    g0Norm: { a: Math.sqrt(g0A2), b: Math.sqrt(g0B2) },
    blockTokens: maxTokens,
    blocks: parts.length,
  };
}

/**
 * The rounding bound of the fused ‖Z_c − Z̃_c‖_F (derivation in the header): products with the pivot-relative
 * rows of G₀ and the centring by blocks. normF: ‖F‖_F and ‖F̃‖_F.
 */
export function fusedGapFloor(dA: number, dB: number, s: LogitSummary, normF: { a: number; b: number }): number {
  return 4 * (dA + dB + 2 + s.blockTokens + s.blocks) * EPS * (normF.a * s.g0Norm.a + normF.b * s.g0Norm.b);
}
