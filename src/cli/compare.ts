// `aon compare A B`: are two models the same next-token predictor, and how are they related?
// Exit codes: 0 equivalent (within the input precision), 1 not equivalent, 3 inconclusive, 2 bad input.
// The headline is the distribution verdict alone; ~L, ~EL and each model's r carry their own flags.
import { parseArgs } from 'node:util';
import { readModelFile, type ModelData } from '../io/index.js';
import { loadCore, type BuildChoice } from '../wasm/loader.js';
import { defaultEngine as engine } from '../engine/index.js';
import type { FactorAnalysis } from '../engine/analysis.js';
import { mapGivenDistribution, type MapVerdict, type DistributionVerdict } from '../engine/equivalence.js';
import { toMatrix } from '../engine/load.js';
import { predictor } from '../engine/predictor.js';
import { DEFAULT_TOLERANCES, precisionOfDtype, underflowErrors, type Tolerances } from '../engine/tolerance.js';
import { maxRowNorm } from '../matrix/reshape.js';
import { exactModel, extendedLinear, linearDiverse, fDiverse } from '../certify/exact-model.js';
import { EXIT_FAIL, EXIT_OK, EXIT_INCONCLUSIVE, UsageError } from './exit.js';
import { approximateJson, renderApproximate } from './approximate-render.js';
import { compareBlocked, needsBlocked } from './compare-blocked.js';
import type { ModelSummary, PlainMapVerdict } from '../engine/blocked/maps.js';
import type { ApproximateReport } from '../engine/approximate.js';
import { MODEL_OPTIONS, parseBuild, parseWorkers, readNames } from './model-options.js';
import { formatHelp } from './help-format.js';
import { fitLines, type Out } from './terminal-width.js';
import { withProgress } from './stage-progress.js';

export const COMPARE_HELP = formatHelp(`usage: aon compare A B [--json] [--precision U] [--f-name NAME] [--g-name NAME]
                     [--build auto|simd|scalar] [--no-exact] [--no-approximate] [--blocked]
                     [--workers N]

A and B are model files: JSON {"F": [[…]], "G": [[…]], "pivot"?: int}, .npz with arrays F and G, or
.safetensors with tensors F and G (f64, f32, bf16, f16). --f-name/--g-name pick other array names.
Both models must share the contexts (rows of F), the vocabulary (rows of G) and the pivot.

Every verdict is a statement at a precision: by default each file's own (the unit roundoff of its
dtype: f64 1.1e-16, f32 6.0e-8, f16 4.9e-4, bf16 3.9e-3); --precision U asks at a coarser level (a
trained model compared at 1e-3, say). A verdict floats cannot settle on a small instance
(n·V·(d + d̃) ≤ 1e6, f64 inputs) is decided in exact rational arithmetic on the stored numbers, unless
--no-exact.

Models whose log-odds would exceed 2^26 entries (n·(V−1)) go through the blocked path (--blocked forces
it): files read by row blocks, never an n × V array, on --workers N threads (default: the number of
cores). It decides the distribution, the ranks, ~L and ~EL by the same floors, from R factors of F and
G₀ (QR of both models' factors side by side) instead of the matrices, and the approximate block (its
C18 pair from each model's Q). --precision applies there too; the exact fallback does not (no instance
that large is small enough for it). Two files with the same stored numbers are settled without the
gap pass (M = I); when the distributions differ, ~L and ~EL are "does not hold" by C3/C6 and not computed.
Beyond d = 2048 no SVD is taken: ~L, ~EL and the C18 pair are then reported as inconclusive or not computed.
--no-approximate leaves out the approximate block (d_logit, KL, C17/C18). At real sizes it comes from
the decision's own passes (statistics taken in the gap pass, the joint QR factors) and adds the SVDs of
small factors; without it, two files with the same stored numbers skip the passes altogether.

exit codes: 0 equivalent, 1 not equivalent, 2 bad input or usage, 3 inconclusive`);

/** Instances up to this n·V·(d + d̃) are small enough for exact rational arithmetic (seconds, not hours). */
export const EXACT_MAX_SIZE = 1e6;

const finite = (x: number): number | null => (Number.isFinite(x) ? x : null);

/** A map verdict's JSON; M in a core (dense path) or already copied out (blocked path, maps.ts). */
export function mapJson(v: MapVerdict | PlainMapVerdict) {
  const M = v.M === null ? null : 'toArray' in v.M ? v.M.toArray()
    : Array.from({ length: v.M.rows }, (_, i) => Array.from(v.M!.data.subarray(i * v.M!.cols, (i + 1) * v.M!.cols)));
  return {
    holds: v.holds,
    conclusive: v.conclusive,
    decidedExactly: v.decidedExactly ?? false,
    M,
    residuals: { F: finite(v.residuals.F), G0: finite(v.residuals.G0) },
    floors: { F: finite(v.floors.F), G0: finite(v.floors.G0) },
    cond: finite(v.cond),
    reason: v.reason,
  };
}

/** `a`: an analysis, or the blocked path's plain summary of one (engine/blocked/maps.ts ModelSummary). */
export function modelJson(file: string, dtype: string, a: FactorAnalysis | ModelSummary, rExact: number | null) {
  return {
    file, dtype, precision: a.precision, n: a.n, V: a.V, d: a.d, pivot: a.p.pivot,
    rankF: a.rankF.rank, rankG0: a.rankG0.rank, r: rExact ?? a.r,
    rConclusive: rExact !== null || a.rConclusive,
    rDecidedExactly: rExact !== null,
    rankFloors: { F: a.rankF.floor, G0: a.rankG0.floor, L: a.rankL.floor },
    spectrumL: a.rankL.sigma.slice(0, 64),
    // An empty spectrum says what r came from instead (analysis.ts rankOfL: bounds by σ(F)σ(G₀)).
    ...(a.rankL.sigma.length === 0 && a.rankL.from ? { spectrumLFrom: a.rankL.from } : {}),
    fDiverse: a.fDiverse, gDiverse: a.gDiverse,
    ambiguity: a.ambiguity,
  };
}

type ModelJson = ReturnType<typeof modelJson>;

export interface CompareReport {
  /** The distribution verdict: P = P̃ within the input precision. */
  equivalent: boolean;
  /** Of the distribution verdict (the floor is a bound, so it is conclusive whenever the inputs are finite). */
  conclusive: boolean;
  /** max|L − L̃| / (1 + max(|L|, |L̃|)), for scale. */
  maxLogOddsGap: number;
  where: { context: number; token: number };
  /** The gap where it is largest relative to its floor: the number the verdict rests on. */
  gap: { ratio: number; absolute: number; floor: number; why: string };
  precision: { requested: number | null; models: { F: number; G: number }[] };
  /** Which verdicts were decided in exact rational arithmetic on the stored numbers. */
  decidedExactly: string[];
  roles: string;
  models: ModelJson[];
  linear: ReturnType<typeof mapJson>;
  extendedLinear: ReturnType<typeof mapJson>;
  /** Approximate identifiability (theory.md §6): d_logit, KL, residuals against the C17/C18 bounds (dense path only). */
  approximate?: ReturnType<typeof approximateJson>;
  /** The same for the text renderer (not serialised). */
  approximateReport?: ApproximateReport;
}

export interface CompareOptions {
  build?: BuildChoice;
  /** A coarser unit roundoff to judge at (the finer of it and each file's own is never used). */
  precision?: number;
  /** Fall back to exact arithmetic where floats cannot decide (default true). */
  exact?: boolean;
  /** Multiplies every floor (tests only: it shows the hard set notices floors that are off). */
  floorScale?: number;
  /** Compute the approximate block (d_logit, KL, C17/C18 residuals; default true). */
  approximate?: boolean;
}

function sameBits(a: ModelData, b: ModelData): boolean {
  const eq = (x: Float64Array, y: Float64Array) => x.length === y.length && x.every((v, i) => Object.is(v, y[i]));
  return a.dtype === b.dtype && a.pivot === b.pivot && a.F.cols === b.F.cols && eq(a.F.data, b.F.data) && eq(a.G.data, b.G.data);
}

/** The comparison itself, on two models already read. */
export function compareModels(a: ModelData, b: ModelData, opts: CompareOptions | BuildChoice = {}): CompareReport {
  const o: CompareOptions = typeof opts === 'string' ? { build: opts } : opts;
  if (a.F.rows !== b.F.rows || a.G.rows !== b.G.rows || a.pivot !== b.pivot) {
    throw new UsageError(
      `${a.source} and ${b.source} must share contexts, vocabulary and pivot: ` +
        `(n, V, pivot) = (${a.F.rows}, ${a.G.rows}, ${a.pivot}) vs (${b.F.rows}, ${b.G.rows}, ${b.pivot})`,
    );
  }
  const core = loadCore({ build: o.build ?? 'auto' });
  const requested = o.precision ?? null;
  const t: Tolerances = { ...DEFAULT_TOLERANCES, uIn: Math.max(DEFAULT_TOLERANCES.uIn, requested ?? 0), floorScale: o.floorScale ?? 1 };
  return core.scope(() => {
    const load = (m: ModelData) => {
      const F = toMatrix(core, m.F), G = toMatrix(core, m.G);
      const under = underflowErrors(m.dtype, F.rows, G.rows, F.cols, maxRowNorm(F), maxRowNorm(G));
      return predictor(F, G, m.pivot, m.source, precisionOfDtype(m.dtype), under.logOdds, under.factor);
    };
    const A = engine.analyze(load(a), t);
    const B = engine.analyze(load(b), t);
    const eq = engine.distributionEquivalence(A, B, t);
    const lin = mapGivenDistribution(engine.linearEquivalence(A, B, t), eq.conclusive && !eq.holds, '~L');
    const el = mapGivenDistribution(engine.extendedLinearEquivalence(A, B, t), eq.conclusive && !eq.holds, '~EL');
    const decided: string[] = [];
    const rExact: [number | null, number | null] = [null, null];
    const allF64 = [A, B].every((x) => x.precision.F === DEFAULT_TOLERANCES.uIn && x.precision.G === DEFAULT_TOLERANCES.uIn);
    const size = a.F.rows * a.G.rows * (a.F.cols + b.F.cols);
    const needExact = !lin.conclusive || !el.conclusive || !A.rConclusive || !B.rConclusive;
    if (sameBits(a, b)) {
      // The same stored numbers: every relation holds with M = I, whatever the conditioning.
      for (const v of [lin, el]) {
        if (!v.holds || !v.conclusive) Object.assign(v, { holds: true, conclusive: true, decidedExactly: true, reason: 'the two files hold the same numbers: M = I' });
      }
      decided.push('identical inputs: ~L and ~EL with M = I');
    } else if (needExact && o.exact !== false && allF64 && size <= EXACT_MAX_SIZE) {
      const XA = exactModel(a), XB = exactModel(b);
      if (!A.rConclusive) { rExact[0] = XA.L.rank(); decided.push(`r of ${a.source}`); }
      if (!B.rConclusive) { rExact[1] = XB.L.rank(); decided.push(`r of ${b.source}`); }
      if (!el.conclusive) {
        const x = extendedLinear(XA, XB);
        Object.assign(el, { holds: x.holds, conclusive: true, decidedExactly: true, reason: x.holds ? null : x.detail });
        decided.push('~EL');
      }
      if (!lin.conclusive && a.F.cols === b.F.cols && fDiverse(XB)) {
        const x = linearDiverse(XA, XB);
        Object.assign(lin, { holds: x.holds, conclusive: true, decidedExactly: true, reason: x.holds ? null : x.detail });
        decided.push('~L');
      }
    }
    // How close, beside whether: d_logit, mean KL both ways, the best linear maps and the C17/C18 bounds.
    const approx = o.approximate === false ? null : engine.approximateComparison(
      { F: A.p.F, G: A.p.G, Q: A.Q, errors: { alpha: A.errors.alpha, beta: A.errors.beta } },
      { F: B.p.F, G: B.p.G, Q: B.Q, errors: { alpha: B.errors.alpha, beta: B.errors.beta } },
    );
    return {
      ...(approx ? { approximate: approximateJson(approx), approximateReport: approx } : {}),
      equivalent: eq.holds,
      conclusive: eq.conclusive,
      maxLogOddsGap: eq.maxGap,
      where: { context: eq.context, token: eq.token },
      gap: { ratio: eq.ratio, absolute: eq.gapAt, floor: eq.floorAt, why: gapWhy(eq) },
      precision: { requested, models: [A.precision, B.precision] },
      decidedExactly: decided,
      roles: `model 1 = ${a.source} (F, G₀), model 2 = ${b.source} (F̃, G̃₀): maps read F = F̃ Mᵀ, G₀ = G̃₀ M⁻¹`,
      models: [modelJson(a.source, a.dtype, A, rExact[0]), modelJson(b.source, b.dtype, B, rExact[1])],
      linear: mapJson(lin),
      extendedLinear: mapJson(el),
    };
  });
}

function gapWhy(eq: DistributionVerdict): string {
  return 'each entry |L − L̃| against c‖f_x‖(‖g_y‖ + ‖g_y₀‖) + c̃‖f̃_x‖(‖g̃_y‖ + ‖g̃_y₀‖), the most rounding of the stored ' +
    'inputs and of the products can produce (src/engine/tolerance.ts logOddsEntryCoefficient); ' +
    `largest ratio ${eq.ratio.toPrecision(3)} at context ${eq.context}, token ${eq.token}`;
}

function yesNo(b: boolean): string {
  return b ? 'yes' : 'no';
}

const sci = (x: number | null | undefined): string => (x === null || x === undefined || !Number.isFinite(x) ? String(x) : x.toExponential(2));

/** How a model's numbers were stored: "f32 (u = 6.0e-8)", with the level asked for when coarser. */
function precisionText(m: ModelJson, requested: number | null): string {
  const u = Math.max(m.precision.F, m.precision.G);
  return `${m.dtype === 'json' ? 'JSON (f64)' : m.dtype}, judged at u = ${sci(u)}${requested !== null && requested >= u ? ' (--precision)' : ''}`;
}

function describeDtypes(r: CompareReport): string {
  const kinds = r.models.map((m) => (m.dtype === 'json' ? 'f64' : m.dtype));
  return kinds[0] === kinds[1] ? (kinds[0] as string) : kinds.join(' / ');
}

export function renderCompare(r: CompareReport): string[] {
  const lines: string[] = [];
  const [m1, m2] = r.models as [ModelJson, ModelJson];
  const floorText = r.gap.floor > 0 ? `floor ${sci(r.gap.floor)} at the largest gap` : `largest ratio to the floor ${r.gap.ratio.toPrecision(3)}`;
  if (!r.conclusive) lines.push('distribution equivalent: inconclusive at the input precision');
  else if (r.equivalent) {
    lines.push(r.gap.ratio === 0
      ? 'distribution equivalent: yes — the log-odds agree exactly'
      : `distribution equivalent: yes — equivalent within the input precision (${describeDtypes(r)}, ${floorText})`);
  } else lines.push(`distribution equivalent: no — the log-odds differ by ${r.gap.ratio.toPrecision(3)}× what rounding of the inputs can produce`);
  lines.push(`  largest gap ${sci(r.gap.absolute)} (relative ${sci(r.maxLogOddsGap)}) at context ${r.where.context}, token ${r.where.token}; ${floorText}`);
  lines.push(`  model 1 = ${m1.file} (F, G₀), model 2 = ${m2.file} (F̃, G̃₀)`);
  for (const m of [m1, m2]) {
    lines.push(`${m.file}: ${precisionText(m, r.precision.requested)}; n = ${m.n}, V = ${m.V}, d = ${m.d}, pivot ${m.pivot}`);
    const rNote = m.rDecidedExactly ? ' (decided exactly, stored numbers)' : m.rConclusive ? '' : ' (inconclusive: no clear gap in the spectrum)';
    lines.push(`  rank F = ${m.rankF}, rank G₀ = ${m.rankG0}, r = ${m.r}${rNote}; f-diverse ${yesNo(m.fDiverse)}, g-diverse ${yesNo(m.gDiverse)}`);
  }
  // Verdict on one line, its numbers or reason on the next (an 80-column terminal fits both).
  const map = (name: string, v: ReturnType<typeof mapJson>) => {
    const how = v.decidedExactly ? ' (decided exactly, stored numbers)' : '';
    if (!v.conclusive) lines.push(`${name}: inconclusive`, `  ${(v.reason ?? '').replace(/^inconclusive: /, '')}`);
    else if (v.holds) {
      lines.push(`${name}: holds${how}${v.cond !== null ? `, cond(M) = ${sci(v.cond)}` : ''}`);
      if (v.residuals.F !== null && !v.decidedExactly) lines.push(`  residuals F ${sci(v.residuals.F)} (floor ${sci(v.floors.F)}), G₀ ${sci(v.residuals.G0)} (floor ${sci(v.floors.G0)})`);
      if (v.M && v.M.length <= 6) for (const row of v.M) lines.push(`  M: ${row.map((x) => x.toPrecision(6).padStart(12)).join(' ')}`);
    } else lines.push(`${name}: does not hold${how}`, `  ${v.reason}`);
  };
  map('~L  (F = F̃ Mᵀ, G₀ = G̃₀ M⁻¹)', r.linear);
  map('~EL (α = α̃ Mᵀ, β = β̃ M⁻¹, reduced models)', r.extendedLinear);
  if (r.decidedExactly.length > 0) lines.push(`decided in exact arithmetic: ${r.decidedExactly.join('; ')}`);
  if (r.approximateReport) lines.push(...renderApproximate(r.approximateReport));
  return lines;
}

/** --precision: a unit roundoff in (0, 0.5). */
function parsePrecision(s: string | undefined): number | undefined {
  if (s === undefined) return undefined;
  const u = Number(s);
  if (!(u > 0 && u < 0.5) || !/^[0-9.eE+-]+$/.test(s)) throw new UsageError(`--precision must be a unit roundoff in (0, 0.5), e.g. 1e-3; got '${s}'`);
  return u;
}

export function compareExitCode(r: CompareReport): number {
  if (!r.conclusive) return EXIT_INCONCLUSIVE;
  return r.equivalent ? EXIT_OK : EXIT_FAIL;
}

export async function compareCommand(argv: string[], out: Out): Promise<number> {
  const { values, positionals } = (() => {
    try {
      return parseArgs({
        args: argv,
        allowPositionals: true,
        options: {
          json: { type: 'boolean', default: false },
          precision: { type: 'string' },
          'no-exact': { type: 'boolean', default: false },
          'no-approximate': { type: 'boolean', default: false },
          blocked: { type: 'boolean', default: false },
          workers: { type: 'string' },
          ...MODEL_OPTIONS,
        },
      });
    } catch (e) {
      throw new UsageError(`compare: ${(e as Error).message}\n${COMPARE_HELP}`);
    }
  })();
  if (values.help) {
    out(COMPARE_HELP);
    return EXIT_OK;
  }
  if (positionals.length !== 2) throw new UsageError(`compare takes two model files, got ${positionals.length}\n${COMPARE_HELP}`);
  const build = parseBuild(values.build as string);
  const precision = parsePrecision(values.precision);
  const opts = readNames(values);
  const [fa, fb] = positionals as [string, string];
  const workers = parseWorkers(values.workers);
  const report = values.blocked || needsBlocked(fa, fb, opts)
    ? await withProgress((progress) => compareBlocked(fa, fb, opts, { workers, build, progress, ...(precision !== undefined ? { precision } : {}) }, !values['no-approximate']))
    : compareModels(readModelFile(fa, opts), readModelFile(fb, opts), {
      build, exact: !values['no-exact'], approximate: !values['no-approximate'], ...(precision !== undefined ? { precision } : {}),
    });
  if (values.json) out(JSON.stringify({ ...report, approximateReport: undefined }, null, 2));
  else for (const line of fitLines(renderCompare(report), out.columns)) out(line);
  return compareExitCode(report);
}
