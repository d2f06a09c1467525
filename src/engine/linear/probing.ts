// Linear probing (theory.md §3, C13). For a relational string q (pairs s ↦ s⊕q) with answer tokens
// y₁ … y_K, a probe (W, b) reads the answer log-odds after s⊕q off the embedding of s:
//     log p(y_k | s⊕q) / p(y₁ | s⊕q) = (W f(s) + b)_k,   k = 2 … K   (W: (K−1) × d).
// Three questions per model:
// - anyProbe: some (W, b) fits (W may read embedding junk);
// - junkFree: a (W, b) with W Γ^⊥ = 0 fits; its rows lie in Γ, so in particular W (E ∩ Γ^⊥) = 0, and
//   W f(s) = W Q α(s): the form that transports across the class as W̃ = W Q M Q̃ᵀ (proof sketch C13).
//   Existence is the same as for the weaker W (E ∩ Γ^⊥) = 0: either way W f(s) is a linear function of
//   ℓ(s) = G₀ f(s), since G₀ is injective on any complement of E ∩ Γ^⊥ in E;
// - distributional: the answer log-odds are affine in ℓ(s) (a property of P alone).
// Answer log-odds come from L with the pivot's column zero (theory.md §5: never from probabilities).
import type { Matrix } from '../../matrix/matrix.js';
import type { Analysis } from '../analysis.js';
import { mul, minus, transposed } from '../../matrix/convenience.js';
import { normFro } from '../../matrix/blas.js';
import { fromArray } from '../../matrix/create.js';
import { selectRows } from '../../matrix/reshape.js';
import { type Verdict, verdict } from '../fit.js';
import { type Tolerances, DEFAULT_TOLERANCES } from '../tolerance.js';
import { withModel, ambiguityOf, logOddsRelErr } from './model-tolerances.js';
import { CoreError } from '../../wasm/status.js';
import { affineFit, checkPairs, RELATIONAL_SLACK } from './relational.js';

export interface ProbeFit extends Verdict {
  /** (K−1) × d probe and (K−1) × 1 offset: answer log-odds ≈ W f(s) + b. */
  W: Matrix;
  b: Matrix;
}

export interface ProbeResult {
  m: number;
  d: number;
  /** Why the test cannot tell: |S_q| < d + RELATIONAL_SLACK, so every probe fits. */
  vacuous: string | null;
  anyProbe: ProbeFit;
  junkFree: ProbeFit;
  distributional: Verdict;
  /** m × (K−1) answer log-odds log p(y_k | s⊕q) / p(y₁ | s⊕q), the probe's target. */
  Y: Matrix;
}

/** Column of L (pivot column zero) for token y, at the given contexts. */
function logOddsAt(an: Analysis, rows: readonly number[], y: number): number[] {
  const piv = an.p.pivot, L = an.L.data, cols = an.L.cols;
  if (y === piv) return rows.map(() => 0);
  const c = y < piv ? y : y - 1;
  return rows.map((x) => L[x * cols + c] as number);
}

/** The m × (K−1) answer log-odds after s⊕q: log p(y_k | s⊕q) − log p(y₁ | s⊕q). */
export function answerLogOdds(an: Analysis, dst: readonly number[], answers: readonly number[]): Matrix {
  if (answers.length < 2) throw new CoreError('input', 'answerLogOdds', `need at least two answer tokens, got ${answers.length}`);
  for (const y of answers) {
    if (!Number.isInteger(y) || y < 0 || y >= an.V) throw new CoreError('input', 'answerLogOdds', `token ${y} is not in [0, ${an.V})`);
  }
  const base = logOddsAt(an, dst, answers[0] as number);
  const K1 = answers.length - 1, m = dst.length, out = new Float64Array(m * K1);
  answers.slice(1).forEach((y, k) => {
    logOddsAt(an, dst, y).forEach((v, i) => (out[i * K1 + k] = v - (base[i] as number)));
  });
  return fromArray(an.p.F.core, m, K1, out);
}

function probeOf(fit: ReturnType<typeof affineFit>): ProbeFit {
  const { W, c, ...v } = fit;
  return { ...v, W: transposed(W), b: transposed(c) };
}

/** Probes for the answers of q, in one model. */
export function linearProbe(an: Analysis, src: readonly number[], dst: readonly number[], answers: readonly number[], t0: Tolerances = DEFAULT_TOLERANCES): ProbeResult {
  const t = withModel(t0, an);
  checkPairs('linearProbe', src, dst, an.n);
  const m = src.length, d = an.d;
  const vacuous = m < d + RELATIONAL_SLACK ? `|S_q| = ${m} < d + ${RELATIONAL_SLACK}: every probe fits` : null;
  const Y = answerLogOdds(an, dst, answers);
  const Fs = selectRows(an.p.F, src), k = logOddsRelErr(an), amb = ambiguityOf(an);
  const anyProbe = probeOf(affineFit(Fs, Y, t, 'no probe reads the answer log-odds off f(s)', k, amb));
  // Fitting on P_Γ f(s): the min-norm W has rows in the row space of the design, inside Γ, so W Γ^⊥ = 0.
  const junkFree = probeOf(affineFit(mul(Fs, an.PGamma), Y, t, 'no probe with W Γ^⊥ = 0 reads the answer log-odds', k, amb));
  const { W: _w, c: _c, ...distributional } = affineFit(selectRows(an.L, src), Y, t, 'the answer log-odds after s⊕q are not affine in ℓ(s)', k, amb);
  return { m, d, vacuous, anyProbe, junkFree, distributional, Y };
}

/**
 * Move a junk-free probe of model a to model b (C13): with α_a = α_b Mᵀ (the ~EL witness of (a, b)),
 * W f(s) = W Q α_a(s) = W Q M α_b(s) = (W Q M Q̃ᵀ) f̃(s), because Q̃ᵀ f̃(s) = α_b(s).
 */
export function transportProbe(a: Analysis, b: Analysis, M: Matrix, W: Matrix): Matrix {
  return mul(mul(mul(W, a.Q), M), b.Q, { transB: true });
}

/**
 * Does (W, b) read the answer log-odds Y off the model's f(s)? Relative residual at conditioning κ.
 * `probeRelErr` is the relative error W itself carries when it was computed elsewhere (a probe moved from
 * another model through the reduced models and an ~EL map: their errors, not this model's, make it).
 */
export function probeResidual(an: Analysis, src: readonly number[], W: Matrix, b: Matrix, Y: Matrix, kappa: number, t: Tolerances = DEFAULT_TOLERANCES, probeRelErr = 0): Verdict {
  const Fs = selectRows(an.p.F, src);
  const ones = fromArray(an.p.F.core, src.length, 1, new Float64Array(src.length).fill(1));
  const pred = mul(Fs, W, { transB: true });
  const res = normFro(minus(minus(Y, pred), mul(ones, b, { transB: true }))) / (1 + normFro(Y));
  return verdict(res, kappa, withModel(t, an), 'the transported probe does not read the answer log-odds', ambiguityOf(an), logOddsRelErr(an) + probeRelErr, [Fs.rows, Fs.cols + 1]);
}

export const probingFns = { linearProbe, answerLogOdds, transportProbe, probeResidual };
