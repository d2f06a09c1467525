// The hard set of issue 10: model pairs whose truth is known by construction, in every regime where a
// tolerance tuned on small well-conditioned models goes wrong — ill-conditioned maps (cond(M) up to ~1e8),
// near-rank-deficient spectra with a clean gap (σ_r/σ₁ down to ~1e-11), junk from 2⁻⁴⁰ to 2²⁶ of the
// signal, perturbations from 1e-12 to 1e-2, logits of magnitude ~1000, f32/f16/bf16 storage, the same
// file twice, d ≠ d̃.
//
// Every equivalent pair is built in exact arithmetic: small integers and dyadic scalings, integer
// unimodular maps M (so M⁻¹ is exact), junk in its own coordinates (T a signed permutation, which mixes
// nothing), so every f64 of the pair is exact and the two models are exactly equivalent. Storage in a
// coarser dtype then rounds each number once, which is what "within the input precision" is about.
import { type DenseMatrix, dense, denseMul, denseHstack, denseTranspose } from '../../src/dense.js';
import { unimodular, type ElementaryOp } from '../../src/gen/matrices.js';
import { mulberry32 } from '../../src/gen/prng.js';
import type { ModelData } from '../../src/io/index.js';

export type Storage = 'f64' | 'f32' | 'f16' | 'bf16';

export interface HardPair {
  name: string;
  regime: string;
  a: ModelData;
  b: ModelData;
  /** Exactly equivalent before storage (a perturbation along a junk coordinate G₀ does not see leaves it so). */
  equivalent: boolean;
  /** The perturbation of the non-equivalent pairs (relative to the entries it is added to), else 0. */
  perturbation: number;
  /** The constructed effective complexity of both models (before any perturbation). */
  r: number;
  /** max |L − L̃| / (1 + max |L|) of the exact (unstored) models: 0 for equivalent pairs. */
  exactGap: number;
  /** The models before storage (exact f64), for truths that depend on the precision (the evaluator's). */
  exact: { a: ModelData; b: ModelData };
}

/** Round to a float format with `bits` significant bits (round half to even), keeping f64's exponent range. */
function roundBits(x: number, bits: number, minNormalExp: number): number {
  if (x === 0 || !Number.isFinite(x)) return x;
  const e = Math.max(Math.floor(Math.log2(Math.abs(x))), minNormalExp);
  const q = 2 ** (e - bits + 1);
  const y = x / q;
  let r = Math.round(y);
  if (Math.abs(y - Math.trunc(y)) === 0.5 && r % 2 !== 0) r -= Math.sign(y);
  return r * q;
}

export function roundTo(storage: Storage, x: number): number {
  switch (storage) {
    case 'f64': return x;
    case 'f32': return Math.fround(x);
    case 'f16': return roundBits(x, 11, -14);
    case 'bf16': return roundBits(x, 8, -126);
  }
}

function stored(m: DenseMatrix, s: Storage): DenseMatrix {
  return dense(m.rows, m.cols, Array.from(m.data, (x) => roundTo(s, x)));
}

function model(name: string, F: DenseMatrix, G: DenseMatrix, pivot: number, s: Storage): ModelData {
  return { F: stored(F, s), G: stored(G, s), pivot, source: name, dtype: s };
}

const scaledBy = (m: DenseMatrix, k: number): DenseMatrix => dense(m.rows, m.cols, Array.from(m.data, (x) => x * k));

interface Spec {
  n: number;
  V: number;
  r: number;
  p: number;
  q: number;
  /** Elementary-operation multiplier of M: cond(M) grows like its square per operation. */
  mStrength: number;
  /** Junk scales as powers of two (relative to the signal's integer entries). */
  junkExp: number;
  /** The last reduced direction scaled by 2^smallExp (a near-rank-deficient spectrum with a clean gap). */
  smallExp: number;
  /** Logit scale as a power of two. */
  scaleExp: number;
}

/** α (n × r) and β ((V−1) × r): random small integers, the last column of α scaled by 2^smallExp. */
function reduced(spec: Spec, rng: () => number): { alpha: DenseMatrix; beta: DenseMatrix } {
  const int = () => Math.floor(rng() * 9) - 4;
  const alpha = dense(spec.n, spec.r, Array.from({ length: spec.n * spec.r }, int));
  const beta = dense(spec.V - 1, spec.r, Array.from({ length: (spec.V - 1) * spec.r }, int));
  // A diagonal entry per column keeps the factors of full column rank whatever the random draw.
  for (let j = 0; j < spec.r; j++) {
    alpha.data[j * spec.r + j] = 5 + j;
    beta.data[j * spec.r + j] = 5 + j;
  }
  if (spec.r > 0) for (let i = 0; i < spec.n; i++) alpha.data[i * spec.r + spec.r - 1] = (alpha.data[i * spec.r + spec.r - 1] as number) * 2 ** spec.smallExp;
  // Odd dyadic multipliers with many significant bits, so that storage in f32/f16/bf16 really rounds (small
  // integers would not), yet every product of the construction stays exact in f64: the bits left after the
  // integers and the map's entries (up to mStrength^r) are what the multipliers may use.
  const mBits = Math.ceil(spec.r * Math.log2(Math.max(2, spec.mStrength)) + 2 * Math.log2(spec.r + 1));
  const bits = Math.max(4, Math.min(28, 46 - mBits - 8 + spec.smallExp));
  const odd = (b: number) => (2 ** b - 1 - 2 * Math.floor(rng() * 2 ** (b - 3))) / 2 ** b;
  return { alpha: scaledBy(alpha, odd(bits) * 2 ** spec.scaleExp), beta: scaledBy(beta, odd(bits)) };
}

function ops(size: number, strength: number, rng: () => number): ElementaryOp[] {
  if (size < 2 || strength === 0) return [];
  const out: ElementaryOp[] = [];
  for (let k = 0; k < size; k++) out.push([k, k + 1, (rng() < 0.5 ? -1 : 1) * strength]);
  return out;
}

/** A signed permutation of size d (exact, orthogonal, mixes nothing). */
function signedPermutation(d: number, rng: () => number): DenseMatrix {
  const perm = Array.from({ length: d }, (_, i) => i);
  for (let i = d - 1; i > 0; i--) {
    const j = Math.floor(rng() * (i + 1));
    [perm[i], perm[j]] = [perm[j] as number, perm[i] as number];
  }
  const T = dense(d, d);
  perm.forEach((j, i) => (T.data[i * d + j] = rng() < 0.5 ? -1 : 1));
  return T;
}

/** A member: F = [α Mᵀ | N | 0] Tᵀ, G = [c; G₀ + 1cᵀ] with G₀ = [β M⁻¹ | 0 | U] Tᵀ (T⁻ᵀ = T for a signed permutation). */
function member(alpha: DenseMatrix, beta: DenseMatrix, spec: Spec, p: number, q: number, rng: () => number): { F: DenseMatrix; G: DenseMatrix; d: number } {
  const { n, V, r } = spec;
  const { M, Minv } = unimodular(r, ops(r, spec.mStrength, rng));
  const int = () => Math.floor(rng() * 7) - 3;
  const junk = 2 ** spec.junkExp * ((2 ** 20 - 1 - 2 * Math.floor(rng() * 2 ** 17)) / 2 ** 20);
  const N = dense(n, p, Array.from({ length: n * p }, () => int() * junk));
  const U = dense(V - 1, q, Array.from({ length: (V - 1) * q }, () => int() * junk));
  const d = r + p + q;
  const T = signedPermutation(d, rng);
  const F = denseMul(denseHstack(denseMul(alpha, denseTranspose(M)), N, dense(n, q)), denseTranspose(T));
  const G0 = denseMul(denseHstack(denseMul(beta, Minv), dense(V - 1, p), U), denseTranspose(T));
  const c = Array.from({ length: d }, int);
  const G = dense(V, d);
  for (let j = 0; j < d; j++) G.data[j] = c[j] as number;
  for (let y = 1; y < V; y++) for (let j = 0; j < d; j++) G.data[y * d + j] = (G0.data[(y - 1) * d + j] as number) + (c[j] as number);
  return { F, G, d };
}

/**
 * Add δ·(largest entry of F) to one entry (i, j) of F: the log-odds of context i change by that times
 * column j of G₀ — exactly, so the exact gap is known (zero when j is a junk coordinate G₀ does not see).
 */
function perturbed(F: DenseMatrix, G: DenseMatrix, delta: number, rng: () => number): { F: DenseMatrix; gap: number } {
  const out = dense(F.rows, F.cols, F.data);
  let scale = 0;
  for (const x of F.data) scale = Math.max(scale, Math.abs(x));
  const i = Math.floor(rng() * F.rows), j = Math.floor(rng() * F.cols);
  const add = delta * (scale || 1);
  out.data[i * F.cols + j] = (out.data[i * F.cols + j] as number) + add;
  let col = 0;
  for (let y = 1; y < G.rows; y++) col = Math.max(col, Math.abs((G.data[y * G.cols + j] as number) - (G.data[j] as number)));
  return { F: out, gap: Math.abs(add) * col };
}

function maxAbsProduct(alpha: DenseMatrix, beta: DenseMatrix): number {
  let m = 0;
  for (const x of denseMul(alpha, denseTranspose(beta)).data) m = Math.max(m, Math.abs(x));
  return m;
}

export const REGIMES = ['plain', 'ill-conditioned M', 'near-rank-deficient', 'tiny junk', 'huge junk', 'large logits', 'd ≠ d̃', 'same file'] as const;

function specFor(regime: (typeof REGIMES)[number], rng: () => number): Spec {
  const base: Spec = { n: 6 + Math.floor(rng() * 10), V: 6 + Math.floor(rng() * 10), r: 1 + Math.floor(rng() * 4), p: 0, q: 0, mStrength: 1, junkExp: 0, smallExp: 0, scaleExp: 0 };
  switch (regime) {
    case 'plain': return { ...base, p: Math.floor(rng() * 2), q: Math.floor(rng() * 2) };
    case 'ill-conditioned M': return { ...base, r: 2 + Math.floor(rng() * 3), mStrength: [10, 100, 1000][Math.floor(rng() * 3)] as number };
    case 'near-rank-deficient': return { ...base, r: 2 + Math.floor(rng() * 3), smallExp: -[12, 24, 36][Math.floor(rng() * 3)]! };
    case 'tiny junk': return { ...base, p: 1 + Math.floor(rng() * 2), q: 1 + Math.floor(rng() * 2), junkExp: -[20, 33, 40][Math.floor(rng() * 3)]! };
    case 'huge junk': return { ...base, p: 1 + Math.floor(rng() * 2), q: 1 + Math.floor(rng() * 2), junkExp: [10, 20, 26][Math.floor(rng() * 3)] as number };
    case 'large logits': return { ...base, scaleExp: 7 + Math.floor(rng() * 4) };
    case 'd ≠ d̃': return { ...base, p: Math.floor(rng() * 3), q: Math.floor(rng() * 3) };
    case 'same file': return { ...base, p: Math.floor(rng() * 3), q: Math.floor(rng() * 3), mStrength: [1, 1000][Math.floor(rng() * 2)] as number, junkExp: [-30, 0, 20][Math.floor(rng() * 3)] as number };
  }
}

/**
 * The hard set: for each regime and storage, equivalent pairs and pairs perturbed by δ from 1e-12 to 1e-2.
 * `perCell` pairs of each kind per (regime, storage): the default gives 8 × 4 × (1 + 6) × 2 = 448 pairs.
 */
export function hardSet(seed = 10, perCell = 2): HardPair[] {
  const rng = mulberry32(seed);
  const out: HardPair[] = [];
  const storages: Storage[] = ['f64', 'f32', 'f16', 'bf16'];
  const deltas = [1e-12, 1e-10, 1e-8, 1e-6, 1e-4, 1e-2];
  for (const regime of REGIMES) {
    for (const s of storages) {
      for (let k = 0; k < perCell; k++) {
        const spec = specFor(regime, rng);
        const { alpha, beta } = reduced(spec, rng);
        const pivot = Math.floor(rng() * spec.V);
        const m1 = member(alpha, beta, spec, spec.p, spec.q, rng);
        const m2 = regime === 'same file' ? m1 : member(alpha, beta, spec, regime === 'd ≠ d̃' ? spec.p + 1 : spec.p, regime === 'd ≠ d̃' ? spec.q + 1 : spec.q, rng);
        const tag = `${regime}/${s}/${k}`;
        const maxL = maxAbsProduct(alpha, beta);
        const G1 = withPivot(m1.G, pivot), G2 = withPivot(m2.G, pivot);
        const a = model(`${tag}/a`, m1.F, G1, pivot, s), ea = model(`${tag}/a`, m1.F, G1, pivot, 'f64');
        out.push({
          name: `${tag}/equivalent`, regime, equivalent: true, perturbation: 0, r: spec.r, exactGap: 0,
          a, b: model(`${tag}/b`, m2.F, G2, pivot, s), exact: { a: ea, b: model(`${tag}/b`, m2.F, G2, pivot, 'f64') },
        });
        if (regime === 'same file') continue;
        for (const delta of deltas) {
          // Perturb in G's original row order (pivot first), where the exact gap is read off.
          const pb = perturbed(m2.F, m2.G, delta, rng);
          out.push({
            name: `${tag}/perturbed ${delta.toExponential(0)}`, regime, equivalent: pb.gap > 0 ? false : true, perturbation: delta, r: spec.r,
            exactGap: pb.gap / (1 + maxL),
            a, b: model(`${tag}/b~${delta}`, pb.F, G2, pivot, s), exact: { a: ea, b: model(`${tag}/b~${delta}`, pb.F, G2, pivot, 'f64') },
          });
        }
      }
    }
  }
  return out;
}

/** The construction puts the pivot row first; move it to `pivot` (every row is g₀ + c but the pivot's c). */
function withPivot(G: DenseMatrix, pivot: number): DenseMatrix {
  if (pivot === 0) return G;
  const d = G.cols, out = dense(G.rows, d);
  const order = Array.from({ length: G.rows }, (_, i) => i);
  order.splice(0, 1);
  order.splice(pivot, 0, 0);
  order.forEach((src, dst) => { for (let j = 0; j < d; j++) out.data[dst * d + j] = G.data[src * d + j] as number; });
  return out;
}
