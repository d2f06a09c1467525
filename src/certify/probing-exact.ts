// C13's exact re-checks: whether a probe, a junk-free probe or a distributional reading of the answer
// log-odds exists, exactly, how a junk-free probe moves across the class, and the holds certifier.
import { rowProjector, type ExactModel } from './exact-model.js';
import { pickRows, isAffineIn, affineSolve, answerLogOddsExact, disagree, elWitness, coordinates, ones, Ledger, type ElWitness } from './relational-exact.js';
import { exactFamily, rlStarByDesignExact, vacuousExact } from './relational-linearity.js';
import type { RationalMatrix } from '../exact/index.js';
import type { Certificate } from '../report/types.js';
import type { ProbeInput } from '../gen/probe.js';

// ---- Exact re-checks (certify), on the doubles of the members and the exact minimal-model stand-in
// L = C R (src/certify/relational-exact.ts). Y is the answer log-odds after s⊕q from the exact L.
//   anyProbe:       [F_src 1] (Wᵀ; bᵀ) = Y is solvable.
//   junkFree:       [F_src P_Γ 1] (Zᵀ; bᵀ) = Y is solvable (exact P_Γ = G₀⁺ G₀); the probe W = Zᵀ P_Γ then
//                   has W Γ^⊥ = 0, hence W (E ∩ Γ^⊥) = 0, and any probe with W Γ^⊥ = 0 reads P_Γ f(s) only.
//   distributional: [L_src 1] K = Y is solvable.
// Transport: for a junk-free W, W f(s) = W P_Γ f(s) = W B α(s) (P_Γ f = P_R f = B α with the exact
// reduced α = F B (BᵀB)⁻¹), and α(s) = M α̃(s), α̃(s) = (B̃ᵀB̃)⁻¹ B̃ᵀ f̃(s): so W̃ = W B M (B̃ᵀB̃)⁻¹ B̃ᵀ, the
// exact form of W Q M Q̃ᵀ for bases that are not orthonormal.

export function anyProbeExact(m: ExactModel, { fam, answers }: ProbeInput): boolean {
  return isAffineIn(pickRows(m.F, fam.src), answerLogOddsExact(m, fam.dst, answers));
}

function distributionalExact(m: ExactModel, { fam, answers }: ProbeInput): boolean {
  return isAffineIn(pickRows(m.L, fam.src), answerLogOddsExact(m, fam.dst, answers));
}

/** A junk-free probe (W, b) with W Γ^⊥ = 0 reading Y off f(s) exactly, or null when there is none. */
function junkFreeProbeExact(m: ExactModel, { fam, answers }: ProbeInput): { W: RationalMatrix; b: RationalMatrix } | null {
  const PG = rowProjector(m.G0);
  const sol = affineSolve(pickRows(m.F, fam.src).mul(PG), answerLogOddsExact(m, fam.dst, answers));
  return sol && { W: sol.W.transpose().mul(PG), b: sol.c };
}

/** Member 1's junk-free probe moved to an exactly equivalent model: W̃ = W B M (B̃ᵀB̃)⁻¹ B̃ᵀ. */
function transportProbeExact(W: RationalMatrix, el: ElWitness & { M: RationalMatrix }): RationalMatrix {
  return W.mul(el.a.B).mul(el.M).mul(coordinates(el.b.B));
}

/** The exact pieces; the holds certifier takes them as a parameter so tests can break one (teeth). */
export const EXACT_PROBING = { junkFree: junkFreeProbeExact, distributional: distributionalExact, transport: transportProbeExact };

export function certifyProbingHolds(input: ProbeInput, ops: typeof EXACT_PROBING = EXACT_PROBING): Certificate {
  const { fam } = input;
  const { models, names, inClass } = exactFamily(fam);
  const vac = vacuousExact(fam.src.length, models, names, 'linear probing');
  if (vac) return vac;
  const led = new Ledger();
  const first = models[0]!;
  const dist = models.map((x) => ops.distributional(x, input));
  const probes = models.map((x) => ops.junkFree(x, input));
  const design = rlStarByDesignExact(fam, first);
  led.fact('the class is built with α(s⊕q) = R α(s) + ρ exactly, β injective', design.holds, design.detail);
  if (design.holds) led.require('member 1: the answer log-odds are affine in ℓ(s) (by design)', dist[0]!);
  models.forEach((_, i) => {
    if (i > 0) led.fact(`${names[i]} exactly equivalent to member 1 (L = L₁)`, inClass[i]!);
    led.require(`${names[i]}: a junk-free probe exists ⇔ the answer log-odds are affine in ℓ(s)`, (probes[i] !== null) === dist[i], `probe ${probes[i] !== null}, affine in ℓ(s) ${dist[i]}`);
  });
  const d = disagree(probes.map((x) => x !== null), inClass);
  led.require('a junk-free probe exists in all or none of the exactly equivalent models', d === null, d ? `exists in ${names[d.h]}, not in ${names[d.f]}` : undefined);
  const probe = probes[0];
  if (probe) {
    const Y = answerLogOddsExact(first, fam.dst, input.answers);
    for (let i = 1; i < models.length; i++) {
      if (!inClass[i]) continue;
      const el = elWitness(first, models[i]!);
      if (!led.require(`members 1 and ${names[i]} are ~EL`, el.holds, el.detail) || !el.M) continue; // r = 0: every probe is constant
      const Wt = ops.transport(probe.W, { ...el, M: el.M });
      const pred = pickRows(models[i]!.F, fam.src).mul(Wt.transpose()).add(ones(fam.src.length).mul(probe.b.transpose()));
      led.require(`${names[i]}: member 1's probe moved as W̃ = W B M (B̃ᵀB̃)⁻¹ B̃ᵀ reads the answer log-odds`, pred.equals(Y));
    }
  }
  return led.done('a junk-free probe exists ⇔ the answer log-odds are affine in ℓ(s), in every model, all or none, and it transports');
}
