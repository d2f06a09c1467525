// The rounding floor of one log-odds entry, as fixed by the gap contract of issue 10
// (/work/notes/floors-contract.md). The integrator's src/engine/tolerance.ts defines the same functions;
// these copies keep the blocked engine self-contained until the branches meet, and a test pins them to
// the formulas below. Replace the bodies by re-exports from tolerance.ts when merging.
export type Dtype = 'f64' | 'f32' | 'f16' | 'bf16';

const U: Record<Dtype, number> = { f64: 2 ** -53, f32: 2 ** -24, f16: 2 ** -11, bf16: 2 ** -8 };

/** Unit roundoff of a stored dtype. */
export function unitRoundoff(dtype: Dtype): number {
  return U[dtype];
}

/** γ_k = k·u / (1 − k·u) with u = 2^-53 (Higham §3.1). */
export function gamma(k: number): number {
  const ku = k * 2 ** -53;
  return ku / (1 - ku);
}

/**
 * c with |computed L[x,y] − L*[x,y]| ≤ c · ‖f_x‖(‖g_y‖ + ‖g_pivot‖) for L = F G₀ᵀ computed as
 * G₀ = fl(g_y − g_pivot) then a length-d dot product, L* from the unrounded model stored at uIn:
 * c = (γ_{d+1} + 2uIn(1+uIn)/(1−uIn)²)(1 + γ_{2d+2}).
 */
export function logOddsEntryCoefficient(d: number, uIn: number): number {
  return (gamma(d + 1) + (2 * uIn * (1 + uIn)) / (1 - uIn) ** 2) * (1 + gamma(2 * d + 2));
}
