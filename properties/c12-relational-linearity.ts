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
import { defineClaim, OK, type CheckContext, type Outcome } from '../src/claims.js';
import { memberDrawArb, type Family, type GenOptions } from '../src/gen/arbitraries.js';
import { makeMember, type ClassData, type MemberDraw, type Mode } from '../src/gen/block.js';
import { dense, denseMul, denseTranspose, type DenseMatrix } from '../src/dense.js';
import { gapped } from '../src/gen/matrices.js';
import { mulberry32, gaussian } from '../src/gen/prng.js';
import * as relational from '../src/engine/linear/relational.js';
import type { RelationalResult } from '../src/engine/linear/relational.js';
import type { Analysis } from '../src/engine/analysis.js';
import { toMatrix } from '../src/engine/load.js';
import { rank } from '../src/matrix/derived.js';
import { analysedMembers, ALL_OR_NONE_MEMBERS, sizeOf, inconclusive, fail } from './helpers.js';

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
    aSrc = dense(m, r, Array.from({ length: m * r }, (_, i) => cyc(raw.alphaPool, i)));
    free = dense(m, r, Array.from({ length: m * r }, (_, i) => cyc(raw.freePool, i)));
    beta = dense(raw.V - 1, r, Array.from({ length: (raw.V - 1) * r }, (_, i) => cyc(raw.betaPool, i)));
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
  return fam.relation === 'affine' && rank(toMatrix(core, fam.cls.beta), tol.rankRtol) === fam.cls.r;
}

const yes = (b: boolean) => (b ? 'holds' : 'fails');
const isOutcome = (x: object): x is Outcome => 'kind' in x;

const holds = defineClaim<RelationalFamily>({
  id: 'C12',
  title: 'Relational linearity with inclusion: all or none',
  statement: 'Formalised after Marconato et al. (2025): a relational string is linear at the level of P (RL*) iff RL holds with a map A satisfying Aᵀ Γ ⊆ Γ, so RL with inclusion holds in all or none of the equivalent models; under diversity RL-emb ⇔ RL-ref ⇔ RL*.',
  direction: 'holds',
  budget: { numRuns: 200 },
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
    return OK;
  },
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
  budget: { numRuns: 200 },
  arbitrary: relationalFamilyArb(),
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
  budget: { numRuns: 200 },
  arbitrary: relationalFamilyArb(),
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
  size: ({ members }) => sizeOf(...members),
  shrinkBounds: SHRINK,
});

export default holds;
