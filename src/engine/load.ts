// Moving host-side instances into a core (and back out) as predictors.
import type { Core } from '../wasm/core.js';
import { fromArray } from '../matrix/create.js';
import type { Matrix } from '../matrix/matrix.js';
import type { DenseMatrix } from '../dense.js';
import { predictor, type Predictor } from './predictor.js';

export function toMatrix(core: Core, m: DenseMatrix): Matrix {
  return fromArray(core, m.rows, m.cols, m.data);
}

export function toPredictor(core: Core, inst: { F: DenseMatrix; G: DenseMatrix; pivot: number; precision?: { F: number; G: number } }, what = 'instance'): Predictor {
  return predictor(toMatrix(core, inst.F), toMatrix(core, inst.G), inst.pivot, what, inst.precision);
}

export function toDense(m: Matrix): DenseMatrix {
  return { rows: m.rows, cols: m.cols, data: m.toFloat64Array() };
}
