// The minimal model of a predictor (C5): from the compact SVD L = U Σ Wᵀ of rank r,
// F_min = U Σ^½ and G_min = W Σ^½ with a zero row inserted for the pivot. Dimension r, diverse.
import { svd } from '../matrix/decompose.js';
import { slice, scaleColumns, insertZeroRow } from '../matrix/reshape.js';
import type { Analysis } from './analysis.js';
import { predictor, type Predictor } from './predictor.js';

export function minimalModel(a: Analysis): Predictor {
  const { U, S, V } = svd(a.L);
  const r = a.r;
  const root = Array.from(S.data.subarray(0, r), Math.sqrt);
  const Fmin = scaleColumns(slice(U, 0, U.rows, 0, r), root);
  const G0min = scaleColumns(slice(V, 0, V.rows, 0, r), root);
  return predictor(Fmin, insertZeroRow(G0min, a.p.pivot), a.p.pivot, 'minimal model');
}
