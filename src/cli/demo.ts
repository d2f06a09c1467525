// `aon demo`: a short tour of the core on a random next-token predictor, for a first run on a new
// machine — which build loaded, a product, an SVD, the effective complexity of the log-odds.
import { loadCore } from '../wasm/loader.js';
import { fromArray } from '../matrix/create.js';
import { mul, logOddsOf } from '../matrix/convenience.js';
import { svd } from '../matrix/decompose.js';
import { rank } from '../matrix/derived.js';

function lcg(seed: number): () => number {
  let s = seed >>> 0;
  return () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32) * 2 - 1;
}

export function demo(log: (line: string) => void, seed = 1): void {
  const core = loadCore();
  log(`core: ${core.build} build (${core.simd ? 'Wasm SIMD' : 'scalar'}), ABI ${core.raw.abi_version()}`);
  const next = lcg(seed);
  const n = 12, V = 9, d = 5, r = 3;
  core.scope(() => {
    // F = A Bᵀ with inner dimension r: embeddings of dimension 5 that span only 3 directions.
    const A = fromArray(core, n, r, Array.from({ length: n * r }, next));
    const B = fromArray(core, d, r, Array.from({ length: d * r }, next));
    const F = mul(A, B, { transB: true });
    const G = fromArray(core, V, d, Array.from({ length: V * d }, next));
    const Z = mul(F, G, { transB: true });
    const L = logOddsOf(Z, 0);
    const { S } = svd(L);
    log(`predictor: n = ${n} contexts, V = ${V} tokens, d = ${d}; F spans ${r} directions`);
    log(`log-odds L = F G₀ᵀ: ${L.rows}×${L.cols}, singular values ${Array.from(S.data, (s) => s.toExponential(2)).join(' ')}`);
    log(`effective complexity r = rank L = ${rank(L)} (theory.md C5: at most min(rank F, rank G₀))`);
  });
}
