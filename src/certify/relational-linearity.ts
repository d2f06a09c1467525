// C12's exact re-checks: each level of relational linearity (RL-emb, RL-ref, RL with inclusion, RL*) as
// an exact consistency question on the doubles of the members, and the certifiers of C12's parts built
// from them. C13 reuses the family, the design precondition and the vacuity guard.
import { exact, exactModel, fDiverse, gDiverse, rowProjector, reduced, type ExactModel } from './exact-model.js';
import { certificate, check } from './certificate.js';
import { pickRows, isAffineIn, affineSolve, withStandIn, memberName, equivalentToFirst, disagree, elWitness, ones, Ledger } from './relational-exact.js';
import type { Certificate } from '../report/types.js';
import * as relational from '../engine/linear/relational.js';
import type { RelationalFamily } from '../gen/relational.js';

// ---- Exact re-checks (certify). The float levels of relational.ts are affine least-squares fits judged
// with a tolerance; here each is an exact consistency question on the doubles of the members, and the
// minimal model is replaced by its exact stand-in L = C R (src/certify/relational-exact.ts: ~L to the
// minimal model, so every level below has the same verdict in both).
//   RL-emb:  [F_src 1] W = F_dst is solvable.
//   RL-ref:  [F_src 1] W = L_dst is solvable. (Same as ∃ A, a: ℓ(s⊕q) = G₀ (A f(s) + a): the rows of L_dst
//            lie in col G₀ᵀ, so A = G₀⁺ Wᵀ, a = G₀⁺ c give G₀ A = G₀ G₀⁺ Wᵀ, which agrees with Wᵀ on them.)
//   RL-incl: [F_src P_Γ 1] W = L_dst is solvable, with the exact projector P_Γ = G₀⁺ G₀. Aᵀ Γ ⊆ Γ is
//            A Γ^⊥ ⊆ Γ^⊥, so G₀ A (I − P_Γ) = 0: ℓ(s⊕q) does not read the junk part (I − P_Γ) f(s), i.e. it
//            is affine in P_Γ f(s). Conversely a solution W gives A = G₀⁺ Wᵀ P_Γ, whose Aᵀ = P_Γ W (G₀⁺)ᵀ
//            maps into Γ; the witness check rebuilds that A and re-checks both identities exactly.
//   RL*:     [L_src 1] W = L_dst is solvable.

/** The models of a family in exact arithmetic: the generated members, then the minimal-model stand-in. */
export function exactFamily(fam: { members: RelationalFamily['members'] }): { models: ExactModel[]; names: string[]; inClass: boolean[] } {
  const models = withStandIn(fam.members.map(exactModel));
  return { models, names: models.map((_, i) => memberName(i, models.length)), inClass: equivalentToFirst(models) };
}

export function rlEmbExact(m: ExactModel, src: readonly number[], dst: readonly number[]): boolean {
  return isAffineIn(pickRows(m.F, src), pickRows(m.F, dst));
}

export function rlRefExact(m: ExactModel, src: readonly number[], dst: readonly number[]): boolean {
  return isAffineIn(pickRows(m.F, src), pickRows(m.L, dst));
}

export function rlStarExact(m: ExactModel, src: readonly number[], dst: readonly number[]): boolean {
  return isAffineIn(pickRows(m.L, src), pickRows(m.L, dst));
}

/**
 * RL with inclusion, with its witness re-checked: A = G₀⁺ Wᵀ P_Γ, a = G₀⁺ c from a solution of
 * [F_src P_Γ 1] (W; cᵀ) = L_dst must give (A f(s) + a)ᵀ G₀ᵀ = ℓ(s⊕q)ᵀ and (I − P_Γ) Aᵀ P_Γ = 0.
 */
export function rlInclusionExact(m: ExactModel, src: readonly number[], dst: readonly number[]): { holds: boolean; witness: boolean | null } {
  const PG = rowProjector(m.G0);
  const Fs = pickRows(m.F, src), Ld = pickRows(m.L, dst);
  const sol = affineSolve(Fs.mul(PG), Ld);
  if (sol === null) return { holds: false, witness: null };
  const G0p = m.G0.pinv();
  const A = G0p.mul(sol.W.transpose()).mul(PG), a = G0p.mul(sol.c);
  const pred = Fs.mul(A.transpose()).add(ones(src.length).mul(a.transpose())).mul(m.G0.transpose());
  const At = A.transpose();
  const leak = At.mul(PG).sub(PG.mul(At).mul(PG));
  return { holds: true, witness: pred.equals(Ld) && leak.isZero() };
}

/**
 * The exact precondition of rlStarByDesign: the class's α(s⊕q) is affine in α(s) (exactly, on the
 * doubles of cls.alpha: tanh and float rounding fail it), β is injective (rank r) and member 1 has
 * L = α βᵀ. Then ℓ(s⊕q) = β α(s⊕q) = β R α(s) + β ρ with α(s) = β⁺ ℓ(s): RL* holds, a theorem.
 */
export function rlStarByDesignExact(fam: RelationalFamily, first: ExactModel): { holds: boolean; detail: string } {
  if (fam.relation !== 'affine') return { holds: false, detail: `relation ${fam.relation}` };
  const alpha = exact(fam.cls.alpha), beta = exact(fam.cls.beta);
  const affine = isAffineIn(pickRows(alpha, fam.src), pickRows(alpha, fam.dst));
  const injective = beta.rank() === fam.cls.r;
  const member = first.L.equals(alpha.mul(beta.transpose()));
  return { holds: affine && injective && member, detail: `α(s⊕q) affine in α(s): ${affine}; rank β = r: ${injective}; L₁ = α βᵀ: ${member}` };
}

/** The check's vacuity guard, exactly: |S_q| ≥ d + RELATIONAL_SLACK in every model. */
export function vacuousExact(m: number, models: ExactModel[], names: string[], what: string): Certificate | null {
  const i = models.findIndex((x) => m < x.F.cols + relational.RELATIONAL_SLACK);
  if (i < 0) return null;
  return certificate([check(`|S_q| = ${m} ≥ d + ${relational.RELATIONAL_SLACK} in ${names[i]}`, false)], false, `the check is vacuous here (d = ${models[i]!.F.cols}), so ${what} is not tested`);
}

/** The exact levels; the holds certifier takes them as a parameter so tests can break one (teeth). */
export const EXACT_LEVELS = { emb: rlEmbExact, ref: rlRefExact, inclusion: rlInclusionExact, star: rlStarExact };

/** The holds part, exactly (each requirement mirrors one `fail` of the float check). */
export function certifyRelationalHolds(fam: RelationalFamily, lv: typeof EXACT_LEVELS = EXACT_LEVELS): Certificate {
  const { src, dst } = fam;
  const { models, names, inClass } = exactFamily(fam);
  const vac = vacuousExact(src.length, models, names, 'relational linearity');
  if (vac) return vac;
  const led = new Ledger();
  const first = models[0]!;
  const star = models.map((x) => lv.star(x, src, dst));
  const incl = models.map((x) => lv.inclusion(x, src, dst));
  const design = rlStarByDesignExact(fam, first);
  led.fact('the class is built with α(s⊕q) = R α(s) + ρ exactly, β injective', design.holds, design.detail);
  if (design.holds) led.require('member 1: RL* (by design)', star[0]!);
  models.forEach((x, i) => {
    if (i > 0) led.fact(`${names[i]} exactly equivalent to member 1 (L = L₁)`, inClass[i]!);
    led.require(`${names[i]}: RL with Aᵀ Γ ⊆ Γ ⇔ RL*`, incl[i]!.holds === star[i]!, `RL-incl ${incl[i]!.holds}, RL* ${star[i]}`);
    if (incl[i]!.witness !== null) led.require(`${names[i]}: the inclusion witness A = G₀⁺ Wᵀ P_Γ reproduces ℓ(s⊕q) and has Aᵀ Γ ⊆ Γ`, incl[i]!.witness);
    if (fDiverse(x) && gDiverse(x)) {
      const emb = lv.emb(x, src, dst), ref = lv.ref(x, src, dst);
      led.require(`${names[i]} is diverse: RL-emb ⇔ RL-ref ⇔ RL*`, emb === star[i] && ref === star[i], `RL-emb ${emb}, RL-ref ${ref}, RL* ${star[i]}`);
    }
  });
  const d = disagree(incl.map((x) => x.holds), inClass);
  led.require('RL with inclusion: all or none among the exactly equivalent models', d === null, d ? `holds in ${names[d.h]}, fails in ${names[d.f]}` : undefined);
  // The reduced relation moves across the class as (M⁻¹ R M, M⁻¹ ρ).
  if (star[0]) {
    const red = reduced(first);
    if (red.r > 0) {
      const { alpha } = red;
      const rel = affineSolve(pickRows(alpha, src), pickRows(alpha, dst));
      if (led.require('member 1: α(s⊕q) = R α(s) + ρ in reduced coordinates', rel !== null) && rel) {
        const R = rel.W.transpose(), rho = rel.c;
        for (let i = 1; i < models.length; i++) {
          if (!inClass[i]) continue;
          const el = elWitness(first, models[i]!);
          if (!led.require(`members 1 and ${names[i]} are ~EL`, el.holds, el.detail) || !el.M) continue;
          const Minv = el.M.inverse();
          const Rt = Minv.mul(R).mul(el.M), rhot = Minv.mul(rho);
          const at = el.b.alpha;
          const fits = pickRows(at, dst).equals(pickRows(at, src).mul(Rt.transpose()).add(ones(src.length).mul(rhot.transpose())));
          led.require(`${names[i]}: α̃(s⊕q) = M⁻¹ R M α̃(s) + M⁻¹ ρ`, fits);
        }
      }
    }
  }
  return led.done('RL with inclusion ⇔ RL* in every model, all or none across the exactly equivalent ones, the relation transports');
}

/** A refutable part: the naive "level holds in all or none of the equivalent models" fails exactly. */
export function certifyAllOrNone(fam: RelationalFamily, level: string, test: (m: ExactModel, src: readonly number[], dst: readonly number[]) => boolean): Certificate {
  const { models, names, inClass } = exactFamily(fam);
  const vac = vacuousExact(fam.src.length, models, names, level);
  if (vac) return vac;
  const led = new Ledger();
  const vs = models.map((x, i) => {
    if (i > 0) led.fact(`${names[i]} exactly equivalent to member 1 (L = L₁)`, inClass[i]!);
    // Models outside member 1's exact class say nothing about the all-or-none statement.
    return inClass[i] ? led.fact(`${names[i]}: ${level}`, test(x, fam.src, fam.dst)) : false;
  });
  const d = disagree(vs, inClass);
  led.require(`${level} holds in all or none of the exactly equivalent models`, d === null, d ? `holds in ${names[d.h]}, fails in ${names[d.f]}` : undefined);
  return led.done(`${level} has the same verdict in every model exactly equivalent to member 1`);
}
