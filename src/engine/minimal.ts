// The minimal model of a predictor (C5): from the compact SVD L = U Σ Wᵀ of rank r,
// F_min = U Σ^½ and G_min = W Σ^½ with a zero row inserted for the pivot. Dimension r, diverse.
//
// It is computed, so it carries its error: its log-odds differ from the source's computed L by at most
// the SVD's backward error and the discarded σ_{r+1} (in spectral norm, so in every entry), which it
// records as an absolute error; and its rows are as accurate, relative to their size, as the singular
// subspaces are: an angle θ = (floor + σ_{r+1}) / σ_r (Wedin), scaled by √(σ₁/σ_r) for Σ^½ — its precision.
import { svd } from '../matrix/decompose.js';
import { slice, scaleColumns, insertZeroRow } from '../matrix/reshape.js';
import { normFro } from '../matrix/blas.js';
import type { Analysis } from './analysis.js';
import { predictor, type Predictor } from './predictor.js';
import { svdBackwardCoefficient } from './tolerance.js';

export function minimalModel(a: Analysis): Predictor {
  const { U, S, V } = svd(a.L);
  const r = a.r;
  const sigma = Array.from(S.data);
  const root = sigma.slice(0, r).map(Math.sqrt);
  const Fmin = scaleColumns(slice(U, 0, U.rows, 0, r), root);
  const G0min = scaleColumns(slice(V, 0, V.rows, 0, r), root);
  const next = sigma[r] ?? 0;
  // The source's own computed L is within its entry floors of the exact one (the comparison adds the
  // source's floor on its side); what the SVD adds: its backward error on the n × (V−1) L, and σ_{r+1}.
  const svdError = svdBackwardCoefficient(a.L.rows, a.L.cols) * normFro(a.L) + a.rankL.floor;
  const absError = svdError + next + a.absError;
  const sr = r > 0 ? (sigma[r - 1] as number) : 0, s1 = sigma[0] ?? 0;
  const theta = sr > absError ? absError / (sr - absError) : 1;
  // With r = 0 the minimal model is empty (d = 0): nothing in it can be off.
  const u = r === 0 ? a.tol.uIn : Math.min(0.25, Math.max(a.tol.uIn, theta * Math.sqrt(s1 / sr)));
  // U Σ^½ and W Σ^½ rotate within angle θ of the exact singular subspaces: ‖δ‖ ≤ θ σ₁^½ (plus Σ^½'s own
  // error, absError / (2 σ_r^½) for the square roots of perturbed singular values).
  const factor = r === 0 ? 0 : theta * Math.sqrt(s1) + absError / (2 * Math.sqrt(sr));
  return predictor(Fmin, insertZeroRow(G0min, a.p.pivot), a.p.pivot, 'minimal model', { F: u, G: u }, absError, { F: factor, G: factor });
}
