// Seeded pseudo-random data for kernel tests: reproducible without fast-check where a property
// framework adds nothing (fixed sizes, one draw).

/** Mulberry32: a tiny, well-mixed 32-bit generator; the seed reproduces the stream exactly. */
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

/** Uniform entries in [−1, 1). */
export function randomArray(next: () => number, count: number): Float64Array {
  const out = new Float64Array(count);
  for (let i = 0; i < count; i++) out[i] = 2 * next() - 1;
  return out;
}

/** Small integers in [−k, k]: products and sums of these are exact in f64. */
export function randomInts(next: () => number, count: number, k = 9): Float64Array {
  const out = new Float64Array(count);
  for (let i = 0; i < count; i++) out[i] = Math.floor(next() * (2 * k + 1)) - k;
  return out;
}
