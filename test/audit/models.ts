// Small models with a chosen structure for the audit tests: diverse, without f-diversity (last coordinate
// of every f is 0, so E^⊥ = e_d and G₀'s e_d component is unembedding junk), without g-diversity (every
// g has the same last coordinate, so Γ^⊥ = e_d and F's e_d component is embedding junk).
import { dense, type DenseMatrix } from '../../src/dense.js';
import { mulberry32, gaussian } from '../../src/gen/prng.js';

export type Shape = 'diverse' | 'no-f-diversity' | 'no-g-diversity';

export interface TestModel {
  F: DenseMatrix;
  G: DenseMatrix;
  pivot: number;
  dtype: string;
  source: string;
}

export function testModel(shape: Shape, n: number, V: number, d: number, seed: number): TestModel {
  const rng = mulberry32(seed);
  // Dyadic entries (multiples of 1/8): exact in f64, so exact parallelism can be planted exactly.
  const draw = () => Math.round(gaussian(rng) * 8) / 8;
  const F = dense(n, d, Array.from({ length: n * d }, draw));
  const G = dense(V, d, Array.from({ length: V * d }, draw));
  if (shape === 'no-f-diversity') for (let i = 0; i < n; i++) F.data[i * d + d - 1] = 0;
  if (shape === 'no-g-diversity') for (let y = 0; y < V; y++) G.data[y * d + d - 1] = 0.5;
  return { F, G, pivot: 0, dtype: 'f64', source: `${shape} test model` };
}

/** g(y₃) − g(y₄) := λ (g(y₁) − g(y₂)) exactly, by rewriting g(y₃). */
export function plantParallel(m: TestModel, [[y1, y2], [y3, y4]]: [[number, number], [number, number]], lambda: number): void {
  const d = m.G.cols, g = m.G.data;
  for (let k = 0; k < d; k++) g[y3 * d + k] = (g[y4 * d + k] as number) + lambda * ((g[y1 * d + k] as number) - (g[y2 * d + k] as number));
}
