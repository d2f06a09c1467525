// Checked entry points for distributions over tokens: log-softmax, logsumexp, log-odds, divergences.
import { OK, E_ARG, E_DIM, E_NONFINITE } from '../runtime/status';
import { checkF64, checkDisjoint, checkSameOrDisjoint, allFinite } from '../runtime/check';
import { logSoftmaxRowsCore, logSumExpRowsCore, validLogitRows } from '../dist/softmax';
import { klRowsCore, tvRowsCore, validLogProbRows } from '../dist/divergence';

/**
 * log_softmax_rows(n, V, Z, out): out[i, j] = Z[i, j] − log Σ_k exp Z[i, k] (n × V; out may be Z itself).
 * E_NONFINITE for NaN, +∞, or a row of −∞.
 */
export function log_softmax_rows(n: i32, V: i32, Z: usize, out: usize): i32 {
  if (n < 0 || V < 1) return E_DIM;
  const c = <u64>n * <u64>V;
  let s = checkF64(Z, c); if (s != OK) return s;
  s = checkF64(out, c); if (s != OK) return s;
  s = checkSameOrDisjoint(out, c, Z, c); if (s != OK) return s;
  if (!validLogitRows(n, V, Z)) return E_NONFINITE;
  logSoftmaxRowsCore(n, V, Z, out);
  return OK;
}

/** logsumexp_rows(n, V, Z, out): out[i] = log Σ_k exp Z[i, k] (out has n entries). */
export function logsumexp_rows(n: i32, V: i32, Z: usize, out: usize): i32 {
  if (n < 0 || V < 1) return E_DIM;
  const c = <u64>n * <u64>V;
  let s = checkF64(Z, c); if (s != OK) return s;
  s = checkF64(out, n); if (s != OK) return s;
  s = checkDisjoint(out, n, Z, c); if (s != OK) return s;
  if (!validLogitRows(n, V, Z)) return E_NONFINITE;
  logSumExpRowsCore(n, V, Z, out);
  return OK;
}

/**
 * log_odds(n, V, Z, pivot, out): the n × (V − 1) log-odds L[i, ·] = Z[i, y] − Z[i, pivot] for y ≠ pivot,
 * in token order with the pivot column left out. Z may be logits or log-probabilities (the same L).
 * Finite input only; 0 ≤ pivot < V.
 */
export function log_odds(n: i32, V: i32, Z: usize, pivot: i32, out: usize): i32 {
  if (n < 0 || V < 1) return E_DIM;
  if (pivot < 0 || pivot >= V) return E_ARG;
  const c = <u64>n * <u64>V, co = <u64>n * <u64>(V - 1);
  let s = checkF64(Z, c); if (s != OK) return s;
  s = checkF64(out, co); if (s != OK) return s;
  s = checkDisjoint(out, co, Z, c); if (s != OK) return s;
  if (!allFinite(Z, n, V, V)) return E_NONFINITE;
  let dst = out;
  for (let i = 0; i < n; i++) {
    const row = Z + ((<usize>i * <usize>V) << 3);
    const zp = load<f64>(row + (<usize>pivot << 3));
    for (let j = 0; j < V; j++) {
      if (j == pivot) continue;
      store<f64>(dst, load<f64>(row + (<usize>j << 3)) - zp);
      dst += 8;
    }
  }
  return OK;
}

function divergenceArgs(n: i32, V: i32, logP: usize, logQ: usize, out: usize): i32 {
  if (n < 0 || V < 1) return E_DIM;
  const c = <u64>n * <u64>V;
  let s = checkF64(logP, c); if (s != OK) return s;
  s = checkF64(logQ, c); if (s != OK) return s;
  s = checkF64(out, n); if (s != OK) return s;
  s = checkDisjoint(out, n, logP, c) | checkDisjoint(out, n, logQ, c); if (s != OK) return s;
  if (!validLogProbRows(<i32>c, logP) || !validLogProbRows(<i32>c, logQ)) return E_NONFINITE;
  return OK;
}

/** kl_rows(n, V, logP, logQ, out): KL(P_i ‖ Q_i) per row from log-probabilities (n × V); out has n entries. */
export function kl_rows(n: i32, V: i32, logP: usize, logQ: usize, out: usize): i32 {
  const s = divergenceArgs(n, V, logP, logQ, out); if (s != OK) return s;
  klRowsCore(n, V, logP, logQ, out);
  return OK;
}

/** tv_rows(n, V, logP, logQ, out): total variation ½ Σ |p − q| per row from log-probabilities. */
export function tv_rows(n: i32, V: i32, logP: usize, logQ: usize, out: usize): i32 {
  const s = divergenceArgs(n, V, logP, logQ, out); if (s != OK) return s;
  tvRowsCore(n, V, logP, logQ, out);
  return OK;
}
