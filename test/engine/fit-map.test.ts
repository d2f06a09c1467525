// The map verdicts' fit by QR least squares (derived.ts lstsqFullRank, equivalence.ts fitMap) against the
// solver term judgeMap charges for it, svdBackwardCoefficient(m, k) = 4√(mk) u: on consistent systems with
// condition numbers up to 1e10 the normwise backward error ‖B − A X̂‖ / (‖A‖‖X̂‖ + ‖B‖) stays below the
// term, and within a few decades of it (a term 10⁸ too loose would make every map verdict vacuous).
import { describe, it, expect } from 'vitest';
import { loadCore } from '../../src/wasm/loader.js';
import { fromArray } from '../../src/matrix/create.js';
import { qr } from '../../src/matrix/decompose.js';
import { mul, minus } from '../../src/matrix/convenience.js';
import { lstsq, lstsqFullRank } from '../../src/matrix/derived.js';
import { normFro } from '../../src/matrix/blas.js';
import { svdBackwardCoefficient } from '../../src/engine/tolerance.js';
import { mulberry32 } from '../../src/gen/prng.js';

const core = loadCore();

function gaussian(rng: () => number, n: number): number[] {
  return Array.from({ length: n }, () => Math.sqrt(-2 * Math.log(1 - rng())) * Math.cos(2 * Math.PI * rng()));
}

describe('least squares by QR for the map fits (lstsqFullRank)', () => {
  it('has a normwise backward error below svdBackwardCoefficient, within a few decades, up to κ = 1e10', () => {
    const rng = mulberry32(2026);
    let worst = 0;
    for (const [m, k, p] of [[2, 1, 1], [9, 4, 3], [40, 40, 40], [64, 12, 12], [200, 50, 50], [512, 64, 30]] as const) {
      for (const kappa of [1, 1e4, 1e10]) {
        core.scope(() => {
          // A = U Σ Wᵀ with orthonormal U, W from QR of Gaussian matrices and σ spread over [1/κ, 1].
          const U = qr(fromArray(core, m, k, gaussian(rng, m * k))).Q;
          const W = qr(fromArray(core, k, k, gaussian(rng, k * k))).Q;
          const s = Array.from({ length: k }, (_, i) => kappa ** (-i / Math.max(1, k - 1)));
          const US = fromArray(core, m, k, Array.from(U.toFloat64Array(), (v, idx) => v * (s[idx % k] as number)));
          const A = mul(US, W, { transB: true });
          const B = mul(A, fromArray(core, k, p, gaussian(rng, k * p)));
          const X = lstsqFullRank(A, B)!;
          expect(X).not.toBeNull();
          const eta = normFro(minus(B, mul(A, X))) / (normFro(A) * normFro(X) + normFro(B));
          const term = svdBackwardCoefficient(m, k) / 4; // the coefficient without its safety factor of 4
          expect(eta, `${m} × ${k}, κ = ${kappa}`).toBeLessThanOrEqual(term);
          // The SVD route (lstsq with no cut) solves the same problem: its residual is of the same size.
          const Xs = lstsq(A, B, 0);
          const etaS = normFro(minus(B, mul(A, Xs))) / (normFro(A) * normFro(Xs) + normFro(B));
          expect(eta, `${m} × ${k}, κ = ${kappa}: QR ${eta} vs SVD ${etaS}`).toBeLessThanOrEqual(10 * Math.max(etaS, 2 ** -53));
          worst = Math.max(worst, eta / term);
        });
      }
    }
    expect(worst).toBeGreaterThan(1e-3);
  });

  it('answers null on an exactly rank-deficient A (the caller then takes the SVD route with its cut)', () => core.scope(() => {
    const A = fromArray(core, 4, 3, [1, 2, 0, 3, 4, 0, 5, 6, 0, 7, 8, 0]);
    expect(lstsqFullRank(A, fromArray(core, 4, 1, [1, 1, 1, 1]))).toBeNull();
  }));

  it('rejects a wide A and mismatched rows', () => core.scope(() => {
    expect(() => lstsqFullRank(fromArray(core, 2, 3, [1, 2, 3, 4, 5, 6]), fromArray(core, 2, 1, [1, 1]))).toThrow(/rows ≥ cols/);
    expect(() => lstsqFullRank(fromArray(core, 3, 2, [1, 2, 3, 4, 5, 6]), fromArray(core, 2, 1, [1, 1]))).toThrow(/shape|but b is/);
  }));
});
