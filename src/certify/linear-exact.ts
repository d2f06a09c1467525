// Exact re-checks of the all-or-none linear properties C10, C11 (parallelism) and C16 (whitening), on
// the very doubles of an input. Float decisions made with tolerances become equalities over Q.
//
// The minimal model. theory.md's minimal model F_min = U Σ^½, G₀,min = W Σ^½ needs square roots, so it
// has no exact representation. In its place we use a rank factorisation of the same L read off the rref:
// L = C R with C the pivot columns of L (n × r) and R the nonzero rref rows (r × (V−1)), i.e. F = C,
// G₀ = Rᵀ, pivot row of G zero. Why this is faithful: both factorisations have full column rank r and
// the same product L, so col C = col L = col F_min and col Rᵀ = row L = col G₀,min, whence C = F_min Mᵀ and
// Rᵀ = G₀,min M⁻¹ for one M ∈ GL(r): the substitute is ~L (a fortiori ~EL) to the minimal model. An
// invertible linear map sends u = λ v to u M = λ v M (and back), zero to zero only, so every geometric
// parallelism verdict is the same with the same λ; distributional verdicts depend on L alone; and the
// whitened Gram matrix V · P_col(G_c) is unchanged because G_c ↦ G_c M⁻ᵀ keeps its column space. Both
// are diverse. So every verdict the checks take from the minimal model is decided exactly here.
import { Rational, RationalMatrix } from '../exact/index.js';
import type { Certificate } from '../report/types.js';
import type { Instance } from '../gen/block.js';
import { type ExactModel, exactModel, differences, fDiverse, gDiverse, sameDistribution } from './exact-model.js';
import { certificate, check, undecidable, type Check } from './certificate.js';

export type Quad = readonly [number, number, number, number];
export type Side = 'unembedding' | 'embedding';

/** As in src/engine/linear/parallelism.ts. */
export type Degenerate = 'none' | 'both-zero' | 'second-zero' | 'first-zero';

export interface ExactParallel {
  holds: boolean;
  degenerate: Degenerate;
  /** The λ of u = λ v when v ≠ 0 and it exists; 0 when v = 0 = u; null otherwise. */
  lambda: Rational | null;
}

/**
 * u = λ v for some λ, exactly, with the float code's degenerate conventions (the λ-form): both zero is
 * parallel (λ = 0); v = 0 ≠ u is not; u = 0 ≠ v is parallel (λ = 0). For v ≠ 0 this is rank [u; v] ≤ 1.
 */
export function exactParallelFit(u: readonly Rational[], v: readonly Rational[]): ExactParallel {
  const uZero = u.every((x) => x.isZero()), vZero = v.every((x) => x.isZero());
  if (vZero) return { holds: uZero, degenerate: uZero ? 'both-zero' : 'second-zero', lambda: uZero ? Rational.ZERO : null };
  const k = v.findIndex((x) => !x.isZero());
  const lambda = (u[k] as Rational).div(v[k] as Rational);
  const holds = u.every((x, i) => x.eq(lambda.mul(v[i] as Rational)));
  return { holds, degenerate: uZero ? 'first-zero' : 'none', lambda: holds ? lambda : null };
}

export function describeParallel(p: ExactParallel): string {
  if (!p.holds) return p.degenerate === 'second-zero' ? 'not parallel (second difference zero, first not)' : 'not parallel';
  return `parallel, λ = ${(p.lambda as Rational).toString()}${p.degenerate === 'none' ? '' : ` (${p.degenerate})`}`;
}

const diff = (a: readonly Rational[], b: readonly Rational[]) => a.map((x, i) => x.sub(b[i] as Rational));

/** The log-odds column log p(y|x)/p(y₀|x) over the contexts, zero for the pivot (as logOddsColumn). */
function logOddsColumn(m: ExactModel, y: number): Rational[] {
  if (y === m.pivot) return new Array<Rational>(m.L.rows).fill(Rational.ZERO);
  return m.L.col(y < m.pivot ? y : y - 1);
}

/**
 * C10 (side 'unembedding'): g(y₁) − g(y₂) ∥ g(y₃) − g(y₄) on the rows of G, and the log-odds columns.
 * C11 (side 'embedding'): f(x₁) − f(x₂) ∥ f(x₃) − f(x₄) on the rows of F, and the rows of L.
 */
export function exactParallelism(m: ExactModel, side: Side, [i1, i2, i3, i4]: Quad): { geometric: ExactParallel; distributional: ExactParallel } {
  if (side === 'unembedding') {
    const g = (y: number) => m.G.row(y);
    const c = (y: number) => logOddsColumn(m, y);
    return {
      geometric: exactParallelFit(diff(g(i1), g(i2)), diff(g(i3), g(i4))),
      distributional: exactParallelFit(diff(c(i1), c(i2)), diff(c(i3), c(i4))),
    };
  }
  const f = (x: number) => m.F.row(x);
  const l = (x: number) => m.L.row(x);
  return {
    geometric: exactParallelFit(diff(f(i1), f(i2)), diff(f(i3), f(i4))),
    distributional: exactParallelFit(diff(l(i1), l(i2)), diff(l(i3), l(i4))),
  };
}

/** G from G₀ with the pivot row zero. */
function withZeroPivotRow(G0: RationalMatrix, pivot: number): RationalMatrix {
  const zero = RationalMatrix.zeros(1, G0.cols);
  const rows: RationalMatrix[] = [];
  for (let y = 0, k = 0; y <= G0.rows; y++) rows.push(y === pivot ? zero : G0.slice(k, ++k, 0, G0.cols));
  return (rows[0] as RationalMatrix).vstack(...rows.slice(1));
}

/** The exact stand-in for the minimal model of m's distribution (see the head of this file). */
export function minimalSubstitute(m: ExactModel): ExactModel {
  const { L, pivot } = m;
  const n = L.rows, W = L.cols;
  const { rref, pivots } = L.rref();
  const r = pivots.length;
  const F = r === 0 ? RationalMatrix.zeros(n, 0) : pivots.map((j) => L.slice(0, n, j, j + 1)).reduce((acc, c) => acc.hstack(c));
  const G0 = r === 0 ? RationalMatrix.zeros(W, 0) : rref.slice(0, r, 0, W).transpose();
  const G = withZeroPivotRow(G0, pivot);
  return { F, G, pivot, G0: differences(G, pivot), L: F.mul(G0.transpose()) };
}

const label = (i: number, k: number) => (i === k - 1 ? 'the minimal model' : `member ${i + 1}`);

interface Members {
  models: ExactModel[];
  /** Names, the minimal model (its exact substitute) last. */
  names: string[];
  /** Generated member i gives member 1's P exactly (the substitute does by construction). */
  equivalent: boolean[];
  checks: Check[];
}

/** The generated members and the exact stand-in of the minimal model, as analysedMembers orders them. */
function exactMembers(insts: readonly Instance[]): Members {
  const gen = insts.map((m) => exactModel(m));
  const first = gen[0] as ExactModel;
  const sub = minimalSubstitute(first);
  const models = [...gen, sub];
  const K = models.length;
  const names = models.map((_, i) => label(i, K));
  // Same pivot too: L is only comparable across models that measure log-odds against the same token.
  const equivalent = models.map((m) => m.pivot === first.pivot && sameDistribution(first, m));
  const checks: Check[] = [];
  for (let i = 1; i < K - 1; i++) checks.push(check(`${names[i]} gives member 1's P (L equal)`, equivalent[i] as boolean));
  checks.push(check('the minimal model, taken as the rank factorisation L = C R from the rref (~L to U Σ^½, W Σ^½), gives member 1\'s P and is diverse',
    equivalent[K - 1] === true && fDiverse(sub) && gDiverse(sub), `r = ${sub.F.cols}`));
  return { models, names, equivalent, checks };
}

/** One row of an all-or-none table: a model's exact verdicts and whether it meets the diversity condition. */
export interface VerdictRow {
  name: string;
  diverse: boolean;
  geometric: ExactParallel;
  distributional: ExactParallel;
}

/**
 * The holds part of C10/C11 decided on exact verdicts: (a) geometric ⇒ distributional in every model;
 * (b) when all models give the same P, the distributional verdict is the same in all; (c) in every diverse
 * model geometric ⇔ distributional; (d) when all give the same P, the diverse models agree (all or none).
 * (b) and (d) are about equivalent models only: with `equivalent` false they are not asserted.
 */
export function allOrNoneChecks(rows: readonly VerdictRow[], equivalent: boolean, what: string): { checks: Check[]; fails: boolean } {
  const checks: Check[] = [];
  for (const r of rows) {
    checks.push(check(`${r.name}: geometric ⇒ distributional ${what} parallelism`, !r.geometric.holds || r.distributional.holds,
      `geometric ${describeParallel(r.geometric)}; distributional ${describeParallel(r.distributional)}`));
    if (r.diverse) {
      checks.push(check(`${r.name} (diverse): geometric ⇔ distributional`, r.geometric.holds === r.distributional.holds));
    }
  }
  if (equivalent) {
    const d0 = rows[0]?.distributional.holds;
    checks.push(check('the distributional verdict is the same in every member (equal P)', rows.every((r) => r.distributional.holds === d0),
      rows.map((r) => `${r.name}: ${r.distributional.holds ? 'yes' : 'no'}`).join('; ')));
    const div = rows.filter((r) => r.diverse);
    const yes = div.filter((r) => r.geometric.holds).map((r) => r.name), no = div.filter((r) => !r.geometric.holds).map((r) => r.name);
    checks.push(check(`geometric ${what} parallelism holds in all or none of the diverse members`, yes.length === 0 || no.length === 0,
      `holds in: ${yes.join(', ') || 'none'}; fails in: ${no.join(', ') || 'none'}`));
  }
  return { checks, fails: checks.some((c) => !c.holds) };
}

/** C10/C11 holds: re-decide the all-or-none statement exactly on the K members of the input. */
export function certifyAllOrNone(insts: readonly Instance[], side: Side, idx: Quad): Certificate {
  const what = side;
  const M = exactMembers(insts);
  const isDiverse = side === 'unembedding' ? fDiverse : gDiverse;
  const rows: VerdictRow[] = M.models.map((m, i) => ({ name: M.names[i] as string, diverse: isDiverse(m), ...exactParallelism(m, side, idx) }));
  const equivalent = M.equivalent.every(Boolean);
  const { checks, fails } = allOrNoneChecks(rows, equivalent, what);
  const all = [...M.checks, ...checks];
  if (fails) return certificate(all, true, `the ${what} parallelism statement fails on exact verdicts`);
  if (!equivalent) {
    return undecidable(`not every member gives member 1's distribution exactly (the doubles of a float-mode family carry rounding), so the cross-member parts (equal distributional verdicts, all or none) have no exact instance; the per-model parts hold exactly`, all);
  }
  return certificate(all, false, `every ${what} verdict agrees as the theory says`);
}

/**
 * The null-direction edit of withNullDirection (src/gen/parallel.ts), redone over Q from the member's own
 * T, T⁻¹ and the drawn coefficients: unembedding w = [0 | 0 | u] T⁻¹, embedding w = [0 | v | 0] Tᵀ. Null
 * when the generator left the member unchanged. (The generator uses T from its unimodular or orthogonal
 * construction, not a basis from the core; in exact mode T is integer unimodular, so this is the w it
 * added, exactly.)
 */
export function exactNullDirection(inst: Instance, side: Side, coeffs: readonly number[]): RationalMatrix | null {
  const { r, p, q, d } = inst.meta;
  const size = side === 'unembedding' ? q : p;
  if (size === 0 || coeffs.slice(0, size).every((c) => c === 0)) return null;
  const offset = side === 'unembedding' ? r + p : r;
  const scale = inst.mode === 'exact' ? Rational.ONE : Rational.of(1, 4);
  const e = RationalMatrix.fromRows([Array.from({ length: d }, (_, j) =>
    j >= offset && j < offset + size ? Rational.fromF64(coeffs[j - offset] ?? 0).mul(scale) : Rational.ZERO)]);
  return side === 'unembedding'
    ? e.mul(RationalMatrix.fromF64Array(d, d, inst.Tinv.data))
    : e.mul(RationalMatrix.fromF64Array(d, d, inst.T.data).transpose());
}

function addToRow(X: RationalMatrix, row: number, w: RationalMatrix): RationalMatrix {
  const rows = Array.from({ length: X.rows }, (_, i) => (i === row ? X.slice(i, i + 1, 0, X.cols).add(w) : X.slice(i, i + 1, 0, X.cols)));
  return (rows[0] as RationalMatrix).vstack(...rows.slice(1));
}

/**
 * C10/C11 refutable: the naive statement "geometric parallelism is shared by all equivalent members".
 * Verified when the members (generated ones and the minimal model) give the same P exactly and their exact
 * geometric verdicts differ. The generator's edit is also replayed over Q per member (w, the member before
 * the edit, w in E^⊥ resp. Γ^⊥, P unchanged, parallelism before and after), as supporting checks.
 */
export function certifySharedByAll(insts: readonly Instance[], side: Side, idx: Quad, perturb: readonly (readonly number[])[]): Certificate {
  const M = exactMembers(insts);
  const K = M.models.length;
  const geo = M.models.map((m) => exactParallelism(m, side, idx).geometric);
  const div = M.models.map((m) => (side === 'unembedding' ? fDiverse(m) : gDiverse(m)));
  const tag = (i: number) => `${M.names[i]}${div[i] ? '' : ` (not ${side === 'unembedding' ? 'f' : 'g'}-diverse)`}`;
  const checks: Check[] = [...M.checks];
  // The construction, replayed exactly.
  const row = idx[0];
  const editChecks: Check[] = [];
  insts.forEach((inst, i) => {
    const w = exactNullDirection(inst, side, perturb[i] ?? []);
    if (!w) return;
    const after = M.models[i] as ExactModel;
    const before: ExactModel = side === 'unembedding'
      ? exactModelOf(after.F, addToRow(after.G, row, w.neg()), after.pivot)
      : exactModelOf(addToRow(after.F, row, w.neg()), after.G, after.pivot);
    const inNull = side === 'unembedding' ? after.F.mul(w.transpose()).isZero() : after.G0.mul(w.transpose()).isZero();
    const gb = exactParallelism(before, side, idx).geometric;
    editChecks.push(
      check(`${M.names[i]}: the added w = ${w.toString()} lies in ${side === 'unembedding' ? 'E^⊥ (F wᵀ = 0)' : 'Γ^⊥ (G₀ wᵀ = 0)'}`, inNull),
      check(`${M.names[i]}: the edit keeps P (L before = L after)`, sameDistribution(before, after)),
      check(`${M.names[i]}: the edit keeps geometric parallelism`, gb.holds === (geo[i] as ExactParallel).holds,
        `before: ${describeParallel(gb)}; after: ${describeParallel(geo[i] as ExactParallel)}`),
    );
  });
  const equivalent = M.equivalent.every(Boolean);
  const yes = geo.flatMap((g, i) => (g.holds ? [tag(i)] : [])), no = geo.flatMap((g, i) => (g.holds ? [] : [tag(i)]));
  const shared = yes.length === 0 || no.length === 0;
  checks.push(check(`geometric ${side} parallelism is shared by all ${K} members`, shared,
    geo.map((g, i) => `${tag(i)}: ${describeParallel(g)}`).join('; ')));
  // For reference only (not part of the verdict): the theory's alternative rank form rank [Δ₁; Δ₂] ≤ 1
  // differs from the λ-form just when Δ₂ = 0 ≠ Δ₁, which the shrunk counterexamples often are.
  const rankForm = geo.map((g) => g.holds || g.degenerate === 'second-zero');
  checks.push(check(`(for reference) under the rank form rank [Δ₁; Δ₂] ≤ 1 the geometric verdict is shared by all ${K} members`,
    rankForm.every((x) => x === rankForm[0]), 'the λ-form above is the one the check states; the two differ only when Δ₂ = 0 ≠ Δ₁'));
  checks.push(...editChecks);
  if (!equivalent) {
    return undecidable('not every member gives member 1\'s distribution exactly (a float-mode family: its maps and the edit w are rounded, so w is not exactly in the null space and no exact equivalence exists among these doubles); the naive statement has no exact instance here', checks);
  }
  return certificate(checks, !shared, `equal P exactly, yet geometric ${side} parallelism holds in ${yes.join(', ')} and not in ${no.join(', ')}`);
}

function exactModelOf(F: RationalMatrix, G: RationalMatrix, pivot: number): ExactModel {
  const G0 = differences(G, pivot);
  return { F, G, pivot, G0, L: F.mul(G0.transpose()) };
}

// ---- C16 ----

/**
 * The Gram matrix of the whitened centred unembeddings, exactly: with G_c = G − 1ḡᵀ and
 * Cov = G_cᵀ G_c / V, H Hᵀ = G_c Cov^−½ Cov^−½ G_cᵀ = G_c Cov⁻¹ G_cᵀ, rational although Cov^−½ is not.
 * null when Cov is singular (not g-diverse: no whitening); the zero matrix for d = 0 (as whitening.ts).
 */
export function exactWhitenedGram(m: ExactModel): RationalMatrix | null {
  const { G } = m;
  const V = G.rows, d = G.cols;
  if (d === 0) return RationalMatrix.zeros(V, V);
  if (!gDiverse(m)) return null;
  const ones = RationalMatrix.fromRows(Array.from({ length: V }, () => [1]));
  const mean = ones.transpose().mul(G).scale(Rational.of(1, V));
  const Gc = G.sub(ones.mul(mean));
  const cov = Gc.transpose().mul(Gc).scale(Rational.of(1, V));
  return Gc.mul(cov.inverse()).mul(Gc.transpose());
}

/**
 * C16: compare the whitened Gram matrix of every generated member that meets `include` (decided exactly)
 * with the minimal model's, as compareWithMinimal does. holds: include = diverse; refutable: g-diverse.
 * Verified when an included member gives member 1's P exactly and its Gram matrix differs exactly.
 */
export function certifyWhitening(insts: readonly Instance[], include: 'diverse' | 'g-diverse'): Certificate {
  const M = exactMembers(insts);
  const K = M.models.length;
  const minimal = M.models[K - 1] as ExactModel;
  const gMin = exactWhitenedGram(minimal) as RationalMatrix; // diverse, so eligible
  const checks: Check[] = [...M.checks];
  let fails = false, compared = 0, unequal = 0;
  for (let i = 0; i < K - 1; i++) {
    const m = M.models[i] as ExactModel;
    const desc = `d = ${m.F.cols}, ${fDiverse(m) ? 'f-diverse' : 'not f-diverse'}, ${gDiverse(m) ? 'g-diverse' : 'not g-diverse'}`;
    const ok = include === 'diverse' ? fDiverse(m) && gDiverse(m) : gDiverse(m);
    if (!ok) {
      checks.push(check(`${M.names[i]} (${desc}) is not compared: not ${include}`, true));
      continue;
    }
    if (!M.equivalent[i]) {
      unequal++;
      checks.push(check(`${M.names[i]} (${desc}) gives the minimal model's P exactly, so the comparison applies`, false));
      continue;
    }
    const g = exactWhitenedGram(m) as RationalMatrix;
    const same = g.equals(gMin);
    compared++;
    checks.push(check(`${M.names[i]} (${desc}): G_c Cov⁻¹ G_cᵀ equals the minimal model's`, same));
    fails ||= !same;
  }
  if (fails) return certificate(checks, true, `an equivalent ${include} member's whitened Gram matrix G_c Cov⁻¹ G_cᵀ differs from the minimal model's`);
  if (unequal > 0) {
    return undecidable(`${unequal} ${include} member(s) do not give member 1's distribution exactly (float-mode rounding), so their whitened Gram matrices need not agree; the ${compared} exactly equivalent one(s) agree`, checks);
  }
  return certificate(checks, false, compared === 0 ? `no ${include} member to compare` : `all ${compared} compared Gram matrices are equal`);
}
