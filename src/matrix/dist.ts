// Distributions over tokens, row-wise: log-softmax, logsumexp, log-odds against a pivot, divergences.
import type { Matrix } from './matrix.js';
import { alive, expectShape } from './shape.js';
import { CoreError } from '../wasm/status.js';

/** out = log-softmax of each row of z (out may be z). */
export function logSoftmaxRows(out: Matrix, z: Matrix): Matrix {
  alive('logSoftmaxRows', out, z);
  expectShape('logSoftmaxRows', 'out', out, z.rows, z.cols);
  out.core.call('log_softmax_rows', z.rows, z.cols, z.ptr, out.ptr);
  return out;
}

/** out (n×1) = logsumexp of each row of z. */
export function logSumExpRows(out: Matrix, z: Matrix): Matrix {
  alive('logSumExpRows', out, z);
  expectShape('logSumExpRows', 'out', out, z.rows, 1);
  out.core.call('logsumexp_rows', z.rows, z.cols, z.ptr, out.ptr);
  return out;
}

/** out (n × (V−1)) = z[:, y] − z[:, pivot] for every y ≠ pivot, in token order. */
export function logOdds(out: Matrix, z: Matrix, pivot = 0): Matrix {
  alive('logOdds', out, z);
  if (!Number.isInteger(pivot) || pivot < 0 || pivot >= z.cols) {
    throw new CoreError('arg', 'logOdds', `pivot ${pivot} is not a token index in [0, ${z.cols})`);
  }
  expectShape('logOdds', 'out', out, z.rows, z.cols - 1);
  out.core.call('log_odds', z.rows, z.cols, z.ptr, pivot, out.ptr);
  return out;
}

/** out (n×1) = KL(P_i ‖ Q_i) from log-probability rows. */
export function klRows(out: Matrix, logP: Matrix, logQ: Matrix): Matrix {
  alive('klRows', out, logP, logQ);
  expectShape('klRows', 'logQ', logQ, logP.rows, logP.cols);
  expectShape('klRows', 'out', out, logP.rows, 1);
  out.core.call('kl_rows', logP.rows, logP.cols, logP.ptr, logQ.ptr, out.ptr);
  return out;
}

/** out (n×1) = total variation between the row distributions, from log-probabilities. */
export function tvRows(out: Matrix, logP: Matrix, logQ: Matrix): Matrix {
  alive('tvRows', out, logP, logQ);
  expectShape('tvRows', 'logQ', logQ, logP.rows, logP.cols);
  expectShape('tvRows', 'out', out, logP.rows, 1);
  out.core.call('tv_rows', logP.rows, logP.cols, logP.ptr, logQ.ptr, out.ptr);
  return out;
}
