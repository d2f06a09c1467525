// C14's exact re-checks: the steering vector rebuilt over Q, the steered log-odds, how an edit moves
// across the class, and the holds certifier.
import { exactModel, rowProjector, type ExactModel } from './exact-model.js';
import { withStandIn, memberName, equivalentToFirst, elWitness, coordinates, ones, Ledger, type ElWitness } from './relational-exact.js';
import { RationalMatrix } from '../exact/index.js';
import type { Certificate } from '../report/types.js';
import type { Family } from '../gen/arbitraries.js';
import type { SteerInput } from '../gen/steer.js';

// ---- Exact re-checks (certify), on the doubles of the members and the exact minimal-model stand-in
// L = C R (src/certify/relational-exact.ts; ~L to the minimal model, so an edit exists in one iff in the
// other). The steering vector is rebuilt exactly from the same coefficients: v = F₁ᵀ c + (I − P_Γ) w with
// the exact projector (the float check rounds it; the statement is about the exact construction).
//   v ∈ E + Γ^⊥:   v ∈ col [F₁ᵀ | N(G₀)] (N(G₀) = Γ^⊥).
//   transport:     G₀ v = G₀ P_Γ v and P_Γ v = P_R v = B (BᵀB)⁻¹ Bᵀ v ∈ R (exact reduced model, basis B);
//                  β = β̃ M⁻¹ and G̃₀ B̃ = β̃ give ṽ = B̃ M⁻¹ (BᵀB)⁻¹ Bᵀ v, the exact form of Q̃ M⁻¹ Qᵀ v.
//   same P:        equal steered log-odds (F + 1vᵀ) G₀ᵀ = (F̃ + 1ṽᵀ) G̃₀ᵀ (C2: distributions are log-odds).
//   edit exists:   the shift G₀ v lies in col G̃₀ (with L = L̃ the steered distributions then agree).

/** The steering vector of member 1 in exact arithmetic, from the same coefficients as steeringVector. */
export function steeringVectorExact(m: ExactModel, { kind, coeffs }: SteerInput): RationalMatrix {
  const n = m.F.rows, d = m.F.cols;
  const column = (xs: number[]) => (xs.length ? RationalMatrix.fromRows(xs.map((x) => [x])) : RationalMatrix.zeros(0, 1));
  const w = column(Array.from({ length: d }, (_, i) => coeffs[(n + i) % coeffs.length] ?? 0));
  if (kind === 'free') return w;
  const c = column(Array.from({ length: n }, (_, i) => coeffs[i % coeffs.length] ?? 0));
  return m.F.transpose().mul(c).add(RationalMatrix.identity(d).sub(rowProjector(m.G0)).mul(w));
}

export function exactMembers(fam: Family): { models: ExactModel[]; names: string[]; inClass: boolean[] } {
  const models = withStandIn(fam.members.map(exactModel));
  return { models, names: models.map((_, i) => memberName(i, models.length)), inClass: equivalentToFirst(models) };
}

function steeredLogOdds(m: ExactModel, v: RationalMatrix): RationalMatrix {
  return m.F.add(ones(m.F.rows).mul(v.transpose())).mul(m.G0.transpose());
}

/** The edit of member 1 moved to an exactly equivalent model: ṽ = B̃ M⁻¹ (BᵀB)⁻¹ Bᵀ v. */
function transportSteeringExact(v: RationalMatrix, el: ElWitness & { M: RationalMatrix }): RationalMatrix {
  return el.b.B.mul(el.M.inverse()).mul(coordinates(el.a.B)).mul(v);
}

/** The exact transport; the holds certifier takes it as a parameter so tests can break it (teeth). */
export function certifySteeringHolds(input: SteerInput, transport: typeof transportSteeringExact = transportSteeringExact): Certificate {
  const { models, names, inClass } = exactMembers(input.fam);
  const led = new Ledger();
  const first = models[0]!;
  const v = steeringVectorExact(first, input);
  const span = first.F.transpose().hstack(first.G0.nullSpace());
  if (!led.fact('v ∈ E + Γ^⊥ in member 1', span.columnSpaceContains(v), `v = ${v.transpose().toString()}`)) {
    return led.done('v has a component in Γ ∩ E^⊥: the claim is about v ∈ E + Γ^⊥');
  }
  const steered = steeredLogOdds(first, v);
  for (let i = 1; i < models.length; i++) {
    // Models outside member 1's exact class are not equivalent to it: the claim says nothing about them.
    if (!led.fact(`${names[i]} exactly equivalent to member 1 (L = L₁)`, inClass[i]!)) continue;
    const b = models[i]!;
    const el = elWitness(first, b);
    if (!led.require(`members 1 and ${names[i]} are ~EL`, el.holds, el.detail)) continue;
    // r = 0: constant log-odds, R = {0}, and the only edit needed is none.
    const vt = el.M ? transport(v, { ...el, M: el.M }) : RationalMatrix.zeros(b.F.cols, 1);
    led.require(`${names[i]} steered by ṽ = B̃ M⁻¹ (BᵀB)⁻¹ Bᵀ v gives the same P as member 1 steered by v`, steeredLogOdds(b, vt).equals(steered));
  }
  return led.done('v ∈ E + Γ^⊥ and every exactly equivalent model reproduces the steered P with the transported edit');
}
