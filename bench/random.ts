// Seeded inputs, so every run (and every implementation within a run) sees the same matrices.

/** Mulberry32: a tiny, well-mixed 32-bit generator. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** `count` entries uniform in [−scale, scale). */
export function uniform(seed: number, count: number, scale = 1): Float64Array {
  const next = rng(seed);
  const out = new Float64Array(count);
  for (let i = 0; i < count; i++) out[i] = scale * (2 * next() - 1);
  return out;
}
