// Families for the relational claims (C12 relational linearity, C13 linear probing). The default
// generator has too few contexts (|S_q| ≥ d + 10 pairs are needed), so these classes are built on the
// block generator: α(s) for the sources and α(s⊕q) = R α(s) + ρ (RL* by design), free (RL* fails
// generically) or tanh(R α(s) + ρ) (theory.md §4's negative instance). Members are block members of that
// class; some put α(s⊕q) into their embedding junk at the source contexts, so that ℓ(s⊕q) is affine in
// f(s) only by reading junk (the refutable case, and the trap for a junk-blind check).
import fc from 'fast-check';
import { ALL_OR_NONE_MEMBERS, memberDrawArb, type Family, type GenOptions } from './arbitraries.js';
import { makeMember, fullRank, type ClassData, type MemberDraw, type Mode } from './block.js';
import { dense, denseMul, denseTranspose, type DenseMatrix } from '../dense.js';
import { gapped } from './matrices.js';
import { mulberry32, gaussian } from './prng.js';
import * as relational from '../engine/linear/relational.js';

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
