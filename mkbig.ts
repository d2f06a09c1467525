import { writeSafetensorsBlocks } from './src/io/stream/write-safetensors.js';
import { mulberry32, gaussian } from './src/gen/prng.js';
const n = 1024, V = 70000, d = 64;
// Model A: random F, G. Model B: F M^T, G M^{-1} with M = 2I (exact scaling) + a permutation: equivalent exactly.
const seedF = 11, seedG = 12;
const row = (seed: number, i: number, out: Float64Array, off: number) => { const r = mulberry32(seed * 1000003 + i); for (let j = 0; j < d; j++) out[off + j] = gaussian(r); };
const fill = (seed: number, scale: number, perturb = false) => (r0: number, r1: number, out: Float64Array) => {
  for (let i = r0; i < r1; i++) { row(seed, i, out, (i - r0) * d); for (let j = 0; j < d; j++) out[(i - r0) * d + j] *= scale; }
  if (perturb && r0 === 0) out[5] += 1e-3;
};
writeSafetensorsBlocks('/tmp/bigA.safetensors', n, V, d, 'f32', 0, fill(seedF, 1), fill(seedG, 1));
writeSafetensorsBlocks('/tmp/bigB.safetensors', n, V, d, 'f32', 0, fill(seedF, 2), fill(seedG, 0.5));
writeSafetensorsBlocks('/tmp/bigC.safetensors', n, V, d, 'f32', 0, fill(seedF, 2, true), fill(seedG, 0.5));
