// The measures of one linear property on one model (theory.md §6), each labelled invariant (a function of
// P, shared by every equivalent model) or not (a function of this parameterisation). All from the factors:
// a property touches a few columns or rows of the log-odds, computed as F Δ or G δ (n × 2 or V × 2), never
// the n × V log-odds matrix.
import type { AuditModel } from './model.js';
import { whiten } from './covariance.js';
import { sub, cosine, pearson, norm, dotv, type Vec } from './vec.js';

export type Measures = Record<string, number | null>;

export interface MeasureSet {
  invariant: Measures;
  nonInvariant: Measures;
}

const finite = (x: number): number | null => (Number.isFinite(x) ? x : null);

function centred(v: Vec): Vec {
  const mean = v.reduce((a, x) => a + x, 0) / v.length;
  return v.map((x) => x - mean);
}

/** For two vectors of log-odds a, b: Pearson correlation, uncentred cosine, and the best λ in a ≈ λ b with its relative residual. */
function logOddsPairMeasures(a: Vec, b: Vec, across: string): Measures {
  const bb = dotv(b, b);
  const lambda = bb === 0 ? NaN : dotv(a, b) / bb;
  const resid = a.map((x, i) => x - lambda * (b[i] as number));
  return {
    [`correlation across ${across}`]: finite(pearson(a, b)),
    [`cosine across ${across}`]: finite(cosine(a, b)),
    lambda: finite(lambda),
    'relative residual of a = λ b': finite(norm(resid) / norm(a)),
  };
}

/** The causal cosine ⟨a, b⟩ / (‖a‖ ‖b‖) under Cov(g)⁻¹; null when Cov(g) is singular (not g-diverse). */
export function causalCosine(m: AuditModel, a: Vec, b: Vec): number | null {
  const ch = m.cholesky();
  return ch ? finite(cosine(whiten(ch, a), whiten(ch, b))) : null;
}

/** C10: Δ₁ = g(y₁) − g(y₂), Δ₂ = g(y₃) − g(y₄); log-odds columns F Δ (log p(y₁|x)/p(y₂|x) for every context). */
export function unembeddingDifferenceMeasures(m: AuditModel, pairs: [[number, number], [number, number]]): MeasureSet {
  const [[y1, y2], [y3, y4]] = pairs;
  const d1 = sub(m.gRow(y1), m.gRow(y2)), d2 = sub(m.gRow(y3), m.gRow(y4));
  return {
    invariant: {
      ...logOddsPairMeasures(m.fTimes(d1), m.fTimes(d2), 'contexts'),
      'causal cosine': causalCosine(m, d1, d2),
    },
    nonInvariant: { 'Euclidean cosine': finite(cosine(d1, d2)), '‖Δ₁‖': norm(d1), '‖Δ₂‖': norm(d2) },
  };
}

/**
 * C11: δ₁ = f(x₁) − f(x₂), δ₂ = f(x₃) − f(x₄); centred log-odds rows G_c δ over all tokens (log p(y|x₁)/p(y|x₂)
 * minus its mean over y: pivot- and shift-free; the uncentred G δ moves with the shift c of C1). Their
 * correlation across tokens is δ₁ᵀ Cov(g) δ₂ normalised: the causal inner product's dual on embeddings, so
 * it is the causal cosine and the distributional form at once.
 */
export function embeddingDifferenceMeasures(m: AuditModel, pairs: [[number, number], [number, number]]): MeasureSet {
  const [[x1, x2], [x3, x4]] = pairs;
  const d1 = sub(m.fRow(x1), m.fRow(x2)), d2 = sub(m.fRow(x3), m.fRow(x4));
  return {
    invariant: logOddsPairMeasures(centred(m.gTimes(d1)), centred(m.gTimes(d2)), 'tokens'),
    nonInvariant: { 'Euclidean cosine': finite(cosine(d1, d2)), '‖δ₁‖': norm(d1), '‖δ₂‖': norm(d2) },
  };
}

export interface SteeringEffect {
  /** Root mean square over tokens of the centred logit shift G_c v (pivot-free). */
  rms: number;
  raised: { token: number; shift: number }[];
  lowered: { token: number; shift: number }[];
}

/** C14: the log-odds shift of steering by v, centred over tokens: (G − 1ḡᵀ) v. */
export function steeringEffect(m: AuditModel, v: Vec, top = 5): SteeringEffect {
  const s = m.gTimes(v);
  const mean = s.reduce((a, x) => a + x, 0) / s.length;
  const c = s.map((x) => x - mean);
  const order = Array.from(c.keys()).sort((i, j) => (c[j] as number) - (c[i] as number));
  const pick = (ids: number[]) => ids.map((token) => ({ token, shift: c[token] as number }));
  return { rms: norm(c) / Math.sqrt(c.length), raised: pick(order.slice(0, top)), lowered: pick(order.slice(-top).reverse()) };
}
