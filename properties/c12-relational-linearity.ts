// C12: relational linearity. RL* (log-odds after s⊕q affine in the log-odds after s) is a property of P,
// and equals RL-ref with an A obeying Aᵀ Γ ⊆ Γ: so "RL with inclusion" holds in all or none of the
// equivalent models; under diversity RL-emb ⇔ RL-ref ⇔ RL*. Refutable: RL-emb is no class invariant,
// and RL-ref without the inclusion condition holds in a model whose A reads junk but not in its minimal
// model.
//
// The default generator has too few contexts (|S_q| ≥ d + 10 pairs are needed), so this module builds its
// own classes on the block generator: α(s) for the sources and α(s⊕q) = R α(s) + ρ (RL* by design), free
// (RL* fails generically) or tanh(R α(s) + ρ) (theory.md §4's negative instance). Members are block
// members of that class; some put α(s⊕q) into their embedding junk at the source contexts, so that
// ℓ(s⊕q) is affine in f(s) only by reading junk (the refutable case, and the trap for a junk-blind check).
import fc from 'fast-check';
import { defineClaim, OK, okIn, SEARCH_EVIDENCE, type CheckContext, type Evidence, type Outcome } from '../src/claims.js';
import { ALL_OR_NONE_MEMBERS, memberDrawArb, type Family, type GenOptions } from '../src/gen/arbitraries.js';
import { makeMember, fullRank, type ClassData, type MemberDraw, type Mode } from '../src/gen/block.js';
import { dense, denseMul, denseTranspose, type DenseMatrix } from '../src/dense.js';
import { gapped } from '../src/gen/matrices.js';
import { mulberry32, gaussian } from '../src/gen/prng.js';
import * as relational from '../src/engine/linear/relational.js';
import type { RelationalResult } from '../src/engine/linear/relational.js';
import type { Analysis } from '../src/engine/analysis.js';
import { toMatrix } from '../src/engine/load.js';
import { rank } from '../src/matrix/derived.js';
import { analysedMembers, sizeOf, inconclusive, fail } from './helpers.js';
import { exact, exactModel, fDiverse, gDiverse, rowProjector, reduced, type ExactModel } from '../src/certify/exact-model.js';
import { certificate, check } from '../src/certify/certificate.js';
import { pickRows, isAffineIn, affineSolve, withStandIn, memberName, equivalentToFirst, disagree, elWitness, ones, Ledger } from '../src/certify/relational-exact.js';
import type { Certificate } from '../src/report/types.js';
import { decideRank, storedFloor } from '../src/engine/rank.js';

export type Relation = 'affine' | 'free' | 'tanh';

export interface RelationalFamily extends Family {
  relation: Relation;
  /** Pairs src[i] ↦ dst[i] of the relational string (|S_q| = m). */
  src: number[];
  dst: number[];
  /** Per generated member: its embedding junk at the sources carries α(s⊕q). */
  readsJunk: boolean[];
}

const MAX_R = 3, MAX_P = 2, MAX_Q = 2, MAX_V = 6, MAX_EXTRA = 3;
/** Largest |S_q|: the largest d plus the slack plus the extra pairs. */
const MAX_M = MAX_R + MAX_P + MAX_Q + relational.RELATIONAL_SLACK + MAX_EXTRA;
const GEN: Partial<GenOptions> = { maxN: 2 * MAX_M, maxV: MAX_V, maxR: MAX_R, maxP: MAX_P, maxQ: MAX_Q };

const ints = (len: number, max: number) => fc.array(fc.integer({ min: -max, max }), { minLength: len, maxLength: len });

export interface RelationalRaw {
  relation: Relation;
  float: boolean;
  r: number;
  V: number;
  pivot: number;
  extra: number;
  alphaPool: number[];
  freePool: number[];
  betaPool: number[];
  relPool: number[];
  seed: number;
  members: { draw: MemberDraw; readsJunk: boolean }[];
}

export function relationalRawArb(k = ALL_OR_NONE_MEMBERS): fc.Arbitrary<RelationalRaw> {
  // Field order is shrink order: dimensions (the extra pairs, V, r, then the members' p, q) shrink
  // first, while the pools still hold a rich relation; shrinking the pools first would leave the
  // non-affine part in the last pairs (or β in its last rows), which a smaller |S_q| (or V) then cuts
  // off: a local minimum.
  return fc.record({
    extra: fc.integer({ min: 0, max: MAX_EXTRA }),
    V: fc.integer({ min: 2, max: MAX_V }),
    r: fc.integer({ min: 1, max: MAX_R }),
    members: fc.array(fc.record({ draw: memberDrawArb(GEN), readsJunk: fc.boolean() }), { minLength: k, maxLength: k }),
    // 'affine' first: the shrinker tries it first and keeps a non-affine relation only when needed.
    relation: fc.constantFrom<Relation>('affine', 'free', 'tanh'),
    float: fc.boolean(),
    pivot: fc.nat({ max: MAX_V - 1 }),
    alphaPool: ints(MAX_M * MAX_R, 3),
    freePool: ints(MAX_M * MAX_R, 3),
    betaPool: ints((MAX_V - 1) * MAX_R, 3),
    relPool: ints(MAX_R * MAX_R + MAX_R, 2),
    seed: fc.integer(),
  });
}

const cyc = (pool: readonly number[], i: number): number => (pool.length ? (pool[i % pool.length] as number) : 0);

/** α(s⊕q) from α(s) by the drawn relation: rows are contexts, so α_dst = α_src Rᵀ + 1ρᵀ. */
function relate(relation: Relation, aSrc: DenseMatrix, R: DenseMatrix, rho: readonly number[], free: DenseMatrix): DenseMatrix {
  if (relation === 'free') return free;
  const out = denseMul(aSrc, denseTranspose(R));
  for (let i = 0; i < out.rows; i++) {
    for (let j = 0; j < out.cols; j++) {
      const x = (out.data[i * out.cols + j] as number) + (rho[j] as number);
      out.data[i * out.cols + j] = relation === 'tanh' ? Math.tanh(x) : x;
    }
  }
  return out;
}

/**
 * Build the class and its members. Exact mode (integer α, β, R, ρ, unimodular M and T) unless the draw
 * asks for float mode or the relation is tanh (whose values are not dyadic anyway).
 */
export function buildRelationalFamily(raw: RelationalRaw): RelationalFamily {
  const mode: Mode = raw.float || raw.relation === 'tanh' ? 'float' : 'exact';
  const r = Math.min(raw.r, raw.V - 1);
  const dMax = Math.max(...raw.members.map(({ draw }) => r + draw.p + draw.q));
  const m = dMax + relational.RELATIONAL_SLACK + raw.extra, n = 2 * m;
  const rng = mulberry32(raw.seed);
  let aSrc: DenseMatrix, free: DenseMatrix, beta: DenseMatrix, R: DenseMatrix, rho: number[];
  if (mode === 'exact') {
    // Full rank whatever the pools shrink to (no L ≡ 0 witness): see fullRank in src/gen/block.ts.
    aSrc = fullRank(dense(m, r, Array.from({ length: m * r }, (_, i) => cyc(raw.alphaPool, i))));
    free = dense(m, r, Array.from({ length: m * r }, (_, i) => cyc(raw.freePool, i)));
    beta = fullRank(dense(raw.V - 1, r, Array.from({ length: (raw.V - 1) * r }, (_, i) => cyc(raw.betaPool, i))));
    R = dense(r, r, Array.from({ length: r * r }, (_, i) => cyc(raw.relPool, i)));
    rho = Array.from({ length: r }, (_, i) => cyc(raw.relPool, r * r + i));
  } else {
    // Entries of order one (gapped has orthonormal columns, hence entries ~ 1/√m): tanh is then far
    // from its linear regime and a genuine non-affine relation leaves an O(1) residual.
    const scale = Math.sqrt(m);
    aSrc = gapped(m, r, rng);
    aSrc.data.forEach((x, i) => (aSrc.data[i] = x * scale));
    free = dense(m, r, Array.from({ length: m * r }, () => gaussian(rng)));
    beta = gapped(raw.V - 1, r, rng);
    beta.data.forEach((x, i) => (beta.data[i] = 2 * x));
    R = dense(r, r, Array.from({ length: r * r }, () => gaussian(rng)));
    rho = Array.from({ length: r }, () => gaussian(rng));
  }
  const aDst = relate(raw.relation, aSrc, R, rho, free);
  // Interleaved pairs (s = 2i, s⊕q = 2i + 1), so nothing may assume the sources come first.
  const alpha = dense(n, r);
  const src = Array.from({ length: m }, (_, i) => 2 * i), dst = src.map((s) => s + 1);
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < r; j++) {
      alpha.data[(src[i] as number) * r + j] = aSrc.data[i * r + j] as number;
      alpha.data[(dst[i] as number) * r + j] = aDst.data[i * r + j] as number;
    }
  }
  const cls: ClassData = { mode, n, V: raw.V, r, pivot: raw.pivot % raw.V, alpha, beta };
  const members = raw.members.map(({ draw, readsJunk }) => makeMember(cls, readsJunk ? junkReading(draw, aDst, src, n, mode) : draw));
  return { cls, members, relation: raw.relation, src, dst, readsJunk: raw.members.map((x) => x.readsJunk && x.draw.p > 0) };
}

/**
 * A member draw whose embedding junk at source s is α(s⊕q) (column j of the junk gets coordinate j mod r):
 * with p ≥ r, ℓ(s⊕q) = β α(s⊕q) is then linear in f(s) through its junk alone. The block generator
 * scales junk entries by 1/4 in float mode, so the entries are stored ×4 there.
 */
function junkReading(draw: MemberDraw, aDst: DenseMatrix, src: readonly number[], n: number, mode: Mode): MemberDraw {
  const { p } = draw, r = aDst.cols;
  if (p === 0 || r === 0) return draw;
  const unscale = mode === 'exact' ? 1 : 4;
  const entries = draw.entries.slice(0, Math.max(draw.entries.length, n * p));
  src.forEach((s, i) => {
    for (let j = 0; j < p; j++) entries[s * p + j] = (aDst.data[i * r + (j % r)] as number) * unscale;
  });
  return { ...draw, entries };
}

export function relationalFamilyArb(k = ALL_OR_NONE_MEMBERS): fc.Arbitrary<RelationalFamily> {
  return relationalRawArb(k).map(buildRelationalFamily);
}

/**
 * The refutable parts (here and in C13) draw exact-mode classes only: float off, and tanh (whose values
 * force float mode) replaced by a free integer relation, which is just as non-affine. Their counterexample
 * must survive exact re-verification, and float-mode members are equivalent only up to rounding, so exact
 * arithmetic cannot confirm a disagreement between them: with every mode allowed the shrinker stopped at a
 * float tanh class (the free pool shrunk to zero makes 'free' affine) for about half the seeds, all of
 * them "numerical". The holds parts keep every mode.
 */
export function exactRelationalRawArb(k = ALL_OR_NONE_MEMBERS): fc.Arbitrary<RelationalRaw> {
  return relationalRawArb(k).map((raw) => ({ ...raw, float: false, relation: raw.relation === 'tanh' ? 'free' : raw.relation }));
}

/** The engine with the relational functions, overridable from ctx.engine (the override wins). */
export function relEngine(ctx: CheckContext) {
  return { ...relational.relationalFns, ...ctx.engine } as typeof ctx.engine & typeof relational.relationalFns;
}

/** Analyse the K members and run the relational test in each; vacuous/inconclusive as an Outcome. */
function evaluate(fam: RelationalFamily, ctx: CheckContext): { as: Analysis[]; rs: RelationalResult[] } | Outcome {
  const eng = relEngine(ctx);
  const as = analysedMembers(fam, ctx);
  const rs = as.map((a) => eng.relationalLinearity(a, fam.src, fam.dst, ctx.tol));
  const vac = rs.find((x) => x.vacuous);
  if (vac) return { kind: 'vacuous', why: vac.vacuous as string };
  return { as, rs };
}

/**
 * Whether RL* holds by design: α(s⊕q) = R α(s) + ρ gives ℓ(s⊕q) = β R α(s) + β ρ, affine in ℓ(s) = β α(s)
 * when β is injective (C = β R β⁺). A rank-deficient β (possible with small integer pools) loses part of
 * α(s), and then RL* may genuinely fail: no expectation is drawn for such a class.
 */
export function rlStarByDesign(fam: RelationalFamily, { core, tol }: CheckContext): boolean {
  const beta = toMatrix(core, fam.cls.beta);
  return fam.relation === 'affine' && decideRank(beta, storedFloor(beta, tol.uIn)).rank === fam.cls.r;
}

const yes = (b: boolean) => (b ? 'holds' : 'fails');
const isOutcome = (x: object): x is Outcome => 'kind' in x;

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
function certifyAllOrNone(fam: RelationalFamily, level: string, test: (m: ExactModel, src: readonly number[], dst: readonly number[]) => boolean): Certificate {
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

/** Conclusive runs needed at the default budget, overall and in each regime the claim depends on. */
const EVIDENCE: Evidence = { minConclusive: 400, perRegime: { 'RL with inclusion holds': 130, 'RL with inclusion fails': 250 } };

const holds = defineClaim<RelationalFamily>({
  id: 'C12',
  title: 'Relational linearity with inclusion: all or none',
  statement: 'Formalised after Marconato et al. (2025): a relational string is linear at the level of P (RL*) iff RL holds with a map A satisfying Aᵀ Γ ⊆ Γ, so RL with inclusion holds in all or none of the equivalent models; under diversity RL-emb ⇔ RL-ref ⇔ RL*.',
  direction: 'holds',
  evidence: EVIDENCE,
  budget: { numRuns: 1000 },
  arbitrary: relationalFamilyArb(),
  check: (fam, ctx) => {
    const ev = evaluate(fam, ctx);
    if (isOutcome(ev)) return ev;
    const { as, rs } = ev;
    const eng = relEngine(ctx);
    const unsure = inconclusive(...rs.flatMap((x, i) => (as[i]!.fDiverse && as[i]!.gDiverse ? [x.inclusion, x.star, x.emb, x.ref] : [x.inclusion, x.star])));
    if (unsure) return unsure;
    const first = rs[0]!;
    if (rlStarByDesign(fam, ctx) && !first.star.holds) {
      return fail(`the class was built with α(s⊕q) = R α(s) + ρ, but ${first.star.reason}`, first.star);
    }
    for (const [i, x] of rs.entries()) {
      if (x.inclusion.holds !== x.star.holds) {
        return fail(`member ${i + 1}: RL* ${yes(x.star.holds)} but RL with Aᵀ Γ ⊆ Γ ${yes(x.inclusion.holds)} (${x.inclusion.reason ?? x.star.reason})`, x.inclusion.holds ? x.star : x.inclusion);
      }
      if (x.inclusion.holds !== first.inclusion.holds) {
        return fail(`not all or none: RL with inclusion ${yes(first.inclusion.holds)} in member 1 but ${yes(x.inclusion.holds)} in member ${i + 1}`, x.inclusion.holds ? first.inclusion : x.inclusion);
      }
      const a = as[i]!;
      // The inclusion witness is a witness: it reproduces ℓ(s⊕q) and satisfies Aᵀ Γ ⊆ Γ.
      if (x.inclusion.holds) {
        const w = eng.relationalWitness(a, fam.src, fam.dst, x.inclusion, true, ctx.tol);
        const unsureW = inconclusive(w);
        if (unsureW) return unsureW;
        if (!w.holds) return fail(`member ${i + 1}: RL with inclusion reported, but ${w.reason}`, w);
      }
      if (a.fDiverse && a.gDiverse && (x.emb.holds !== x.star.holds || x.ref.holds !== x.star.holds)) {
        return fail(`member ${i + 1} is diverse but RL-emb ${yes(x.emb.holds)}, RL-ref ${yes(x.ref.holds)}, RL* ${yes(x.star.holds)}`, x.emb.holds ? x.star : x.emb);
      }
    }
    // The reduced relation moves across the class as (M⁻¹ R M, M⁻¹ ρ) (C12's reduced form).
    if (first.star.holds && as[0]!.r > 0) {
      const rel = eng.reducedRelation(as[0]!, fam.src, fam.dst, ctx.tol);
      if (!rel.conclusive) return { kind: 'inconclusive', why: rel.reason ?? 'reduced relation' };
      if (!rel.holds) return fail(`RL* holds but member 1's reduced model is not affine: ${rel.reason}`, rel);
      for (let i = 1; i < as.length; i++) {
        const el = eng.extendedLinearEquivalence(as[0]!, as[i]!, ctx.tol);
        if (!el.conclusive) return { kind: 'inconclusive', why: el.reason ?? 'witness' };
        if (!el.holds || !el.M) return fail(`members 1 and ${i + 1} of one class are not ~EL: ${el.reason}`, el);
        const moved = eng.transportRelation(rel.R, rel.rho, el.M);
        const v = eng.relationResidual(as[i]!, fam.src, fam.dst, moved.R, moved.rho, Math.max(rel.kappa, moved.cond), ctx.tol);
        const unsureT = inconclusive(v);
        if (unsureT) return unsureT;
        if (!v.holds) return fail(`member ${i + 1}: ${v.reason}`, v);
      }
    }
    return okIn(first.inclusion.holds ? 'RL with inclusion holds' : 'RL with inclusion fails');
  },
  certify: (fam) => certifyRelationalHolds(fam),
  size: ({ members }) => sizeOf(...members),
});

/**
 * Shrink bounds of both refutable parts. n = 2|S_q| and |S_q| ≥ d + 10 is forced by the vacuity guard, so
 * the smallest counterexample has d = 2 (r = 1 plus one junk direction), |S_q| = 12, n = 24; V = 2 suffices
 * (one log-odds column) and we allow one more token and one more dimension of slack: n ≤ 2 (3 + 10) = 26.
 */
const SHRINK = { n: 26, V: 3, d: 3 };

/** The naive statement: RL-emb holds in all or none of the equivalent models. */
export const refutableEmb = defineClaim<RelationalFamily>({
  id: 'C12',
  title: 'Relational linearity: RL-emb is not a class invariant',
  statement: 'Formalised after Marconato et al. (2025): independent junk orthogonal to Γ in each context breaks f(s⊕q) = A f(s) + a in one model while RL-ref and RL* survive, so embedding-level relational linearity is not shared by equivalent models.',
  direction: 'refutable',
  negates: 'f(s⊕q) = A f(s) + a holds in all or none of the equivalent models',
  evidence: SEARCH_EVIDENCE,
  budget: { numRuns: 200 },
  arbitrary: exactRelationalRawArb().map(buildRelationalFamily),
  check: (fam, ctx) => {
    const ev = evaluate(fam, ctx);
    if (isOutcome(ev)) return ev;
    const { rs } = ev;
    const unsure = inconclusive(...rs.map((x) => x.emb));
    if (unsure) return unsure;
    const h = rs.findIndex((x) => x.emb.holds), f = rs.findIndex((x) => !x.emb.holds);
    if (h >= 0 && f >= 0) {
      const x = rs[f]!;
      return fail(`RL-emb holds in member ${h + 1} but not in member ${f + 1} (there RL-ref ${yes(x.ref.holds)}, RL* ${yes(x.star.holds)}): ${x.emb.reason}`, x.emb);
    }
    return OK;
  },
  certify: (fam) => certifyAllOrNone(fam, 'RL-emb (f(s⊕q) affine in f(s))', rlEmbExact),
  size: ({ members }) => sizeOf(...members),
  shrinkBounds: SHRINK,
});

/** The naive statement: RL-ref (any A, the inclusion condition dropped) holds in all or none. */
export const refutableInclusion = defineClaim<RelationalFamily>({
  id: 'C12',
  title: 'Relational linearity without the inclusion condition is not all or none',
  statement: 'Formalised after Marconato et al. (2025): when the map A reads embedding junk (Aᵀ Γ ⊄ Γ), log-odds affine in the embeddings hold in one model and fail in its minimal model.',
  direction: 'refutable',
  negates: 'ℓ(s⊕q) = G₀ (A f(s) + a) for some A holds in all or none of the equivalent models',
  evidence: SEARCH_EVIDENCE,
  budget: { numRuns: 200 },
  arbitrary: exactRelationalRawArb().map(buildRelationalFamily),
  check: (fam, ctx) => {
    const ev = evaluate(fam, ctx);
    if (isOutcome(ev)) return ev;
    const { rs } = ev;
    const unsure = inconclusive(...rs.map((x) => x.ref));
    if (unsure) return unsure;
    const h = rs.findIndex((x) => x.ref.holds), f = rs.findIndex((x) => !x.ref.holds);
    if (h >= 0 && f >= 0) {
      const x = rs[f]!;
      return fail(`RL-ref holds in member ${h + 1} (its A reads junk: ${rs[h]!.junkRead.toExponential(2)}) but not in member ${f + 1}${f === rs.length - 1 ? ' (the minimal model)' : ''}: ${x.ref.reason}`, x.ref);
    }
    return OK;
  },
  certify: (fam) => certifyAllOrNone(fam, 'RL-ref (ℓ(s⊕q) affine in f(s))', rlRefExact),
  size: ({ members }) => sizeOf(...members),
  shrinkBounds: SHRINK,
});

export default holds;
