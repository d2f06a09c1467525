// Input precision of a model file (theory.md §5): its numbers were rounded to the dtype they are stored in,
// with unit roundoff u. The audit's floors start from u; the engine itself computes in f64.
// (The verdicts issue gives the engine its own table; this one is for the audit until the two are merged.)
const UNIT_ROUNDOFF: Record<string, number> = {
  f64: 2 ** -53,
  json: 2 ** -53,
  f32: 2 ** -24,
  f16: 2 ** -11,
  bf16: 2 ** -8,
};

/** u for a dtype string as ModelData reports it; mixed dtypes ('F f32, G f64') take the coarser. */
export function unitRoundoff(dtype: string): number {
  const found = Object.entries(UNIT_ROUNDOFF).filter(([k]) => new RegExp(`\\b${k}\\b`).test(dtype)).map(([, u]) => u);
  return found.length === 0 ? 2 ** -53 : Math.max(...found);
}
