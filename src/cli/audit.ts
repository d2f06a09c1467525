// `aon audit MODEL --properties props.json`: is each listed linear property a fact about the model's
// distribution, or an accident of this parameterisation? (theory.md §6)
// Exit codes: 0 every property is a fact about the distribution, 1 some property depends on the
// parameterisation, 2 usage or input error, 3 none depends but some verdict is inconclusive.
import { parseArgs } from 'node:util';
import { readFileSync } from 'node:fs';
import { readModelFile, type ModelData } from '../io/index.js';
import { loadCore, type BuildChoice } from '../wasm/loader.js';
import { analyze } from '../engine/analysis.js';
import { toPredictor } from '../engine/load.js';
import { auditModel, type AuditReport } from '../engine/audit/audit.js';
import { DEFAULT_AUDIT_OPTIONS } from '../engine/audit/context.js';
import type { PropertySpec } from '../engine/audit/spec.js';
import type { PropertyAudit } from '../engine/audit/report.js';
import { EXIT_FAIL, EXIT_OK, UsageError } from './exit.js';
import { parseProperties, readVocab, PROPERTIES_HELP } from './audit-properties.js';
import { auditPage } from './audit-html.js';
import { writeFileSync } from 'node:fs';
import { MODEL_OPTIONS, parseBuild, parseWorkers, readNames } from './model-options.js';
import { isLarge } from './compare-blocked.js';
import { fileShape, runAuditBlocked } from './audit-blocked.js';
import { withProgress } from './stage-progress.js';
import { formatHelp } from './help-format.js';
import { fitLines, type Out } from './terminal-width.js';

/** Inconclusive, by the project's convention (the verdicts issue adds it to exit.ts). */
const EXIT_INCONCLUSIVE = 3;

export const AUDIT_HELP = formatHelp(`usage: aon audit MODEL --properties props.json [--vocab vocab.txt] [--json] [--html out.html] [--draws N] [--seed N]
                 [--f-name NAME] [--g-name NAME] [--build auto|simd|scalar] [--blocked] [--workers N]

For each linear property: the measures that are the same in every model with the same distribution
(invariant), the ones that are not (with their range over equivalent models drawn from MODEL: N random
invertible reparameterisations, default ${DEFAULT_AUDIT_OPTIONS.randomDraws}, shears aimed at chosen cosines, junk where P cannot see
it), whether the property reads junk, and a verdict: fact about the distribution, depends on the
parameterisation, or inconclusive at this precision.

${PROPERTIES_HELP}

A model whose log-odds would exceed 2^26 entries (n·(V−1)) is audited from its factors, as aon analyze
does (--blocked forces it): the structure from R factors of F and G₀ by TSQR on --workers N threads
(default: the number of cores), F and the rows of G the properties name held, products with G streamed
from the file; L and G are never held whole. d is at most 2048 there.

exit codes: 0 every property is a fact about the distribution, 1 some property depends on the
parameterisation, 2 usage or input error, 3 some verdict inconclusive (and none depends)`);

export function runAudit(model: ModelData, specs: PropertySpec[], options = DEFAULT_AUDIT_OPTIONS, build: BuildChoice = 'auto'): AuditReport {
  const core = loadCore({ build });
  return core.scope(() => auditModel(analyze(toPredictor(core, model, model.source)), model, specs, options));
}

const num = (x: number | null | undefined): string => {
  if (x === null || x === undefined || !Number.isFinite(x)) return 'n/a';
  const a = Math.abs(x);
  return a !== 0 && (a < 1e-3 || a >= 1e4) ? x.toExponential(2) : x.toFixed(3);
};

function renderProperty(p: PropertyAudit): string[] {
  const inv = Object.entries(p.invariant).map(([k, v]) => `${k} ${num(v)}`).join(', ');
  const non = Object.entries(p.nonInvariant)
    .map(([k, v]) => {
      const r = p.spread.nonInvariant[k];
      return `${k} ${num(v)}${r ? ` (equivalent models: ${num(r.min)} … ${num(r.max)})` : ''}`;
    })
    .join('; ');
  const drift = Math.max(0, ...Object.values(p.spread.invariantDrift));
  return [
    `[${p.verdict.label}] ${p.name} (${p.claim}, ${p.kind})`,
    `  invariant:     ${inv}`,
    `  NOT invariant: ${non}`,
    `  draws:         ${p.spread.draws} equivalent models (${p.spread.kinds.join('; ')}): logits moved ≤ ${num(p.spread.logitDrift)} (relative), invariant measures ≤ ${num(drift)}`,
    `  junk:          ${p.junk.possible ? `${p.junk.note}: ${num(p.junk.fraction)}${p.junk.floor !== null ? ` (floor ${num(p.junk.floor)})` : ''}` : p.junk.note}`,
    `  why:           ${p.verdict.reason}`,
  ];
}

export function renderAudit(r: AuditReport): string[] {
  const m = r.model;
  const lines = [
    `${m.source}: n = ${m.n}, V = ${m.V}, d = ${m.d} (${m.dtype}, u = ${m.unitRoundoff.toExponential(2)}), pivot ${m.pivot}`,
    `  rank F = ${m.rankF}, rank G₀ = ${m.rankG0}, r = ${m.r}; f-diverse ${m.fDiverse ? 'yes' : 'no'}, g-diverse ${m.gDiverse ? 'yes' : 'no'}; junk: embedding ${m.junk.embedding}, unembedding ${m.junk.unembedding}${m.ambiguous ? ' (a rank decision is too close to call)' : ''}`,
    '',
  ];
  for (const p of r.properties) lines.push(...renderProperty(p), '');
  lines.push(`${r.summary.fact} fact about the distribution, ${r.summary.depends} depend on the parameterisation, ${r.summary.inconclusive} inconclusive`);
  return lines;
}

export function auditExitCode(r: AuditReport): number {
  if (r.summary.depends > 0) return EXIT_FAIL;
  if (r.summary.inconclusive > 0) return EXIT_INCONCLUSIVE;
  return EXIT_OK;
}

function positiveInt(name: string, v: string | undefined, fallback: number): number {
  if (v === undefined) return fallback;
  const x = Number(v);
  if (!Number.isInteger(x) || x < 0) throw new UsageError(`--${name} must be a non-negative integer, got ${v}`);
  return x;
}

export async function auditCommand(argv: string[], out: Out): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        properties: { type: 'string' },
        vocab: { type: 'string' },
        json: { type: 'boolean', default: false },
        html: { type: 'string' },
        draws: { type: 'string' },
        seed: { type: 'string' },
        blocked: { type: 'boolean', default: false },
        workers: { type: 'string' },
        ...MODEL_OPTIONS,
      },
    });
  } catch (e) {
    throw new UsageError(`audit: ${(e as Error).message}\n${AUDIT_HELP}`);
  }
  const { values, positionals } = parsed;
  if (values.help) {
    out(AUDIT_HELP);
    return EXIT_OK;
  }
  if (positionals.length !== 1) throw new UsageError(`audit takes one model file, got ${positionals.length}\n${AUDIT_HELP}`);
  if (!values.properties) throw new UsageError(`audit needs --properties props.json\n${AUDIT_HELP}`);
  const build = parseBuild(values.build as string);
  const file = positionals[0] as string, names = readNames(values);
  const workers = parseWorkers(values.workers);
  const blocked = values.blocked || isLarge(file, names);
  const model = blocked ? null : readModelFile(file, names);
  const dims = model ? { n: model.F.rows, V: model.G.rows, d: model.F.cols } : fileShape(file, names);
  const vocab = values.vocab ? readVocab(values.vocab) : null;
  if (vocab && vocab.length !== dims.V) throw new UsageError(`${values.vocab}: ${vocab.length} names for V = ${dims.V} tokens`);
  let text: string;
  try {
    text = readFileSync(values.properties, 'utf8');
  } catch (e) {
    throw new UsageError(`${values.properties}: cannot read the property file (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
  }
  const specs = parseProperties(text, values.properties, dims, vocab);
  const options = {
    randomDraws: positiveInt('draws', values.draws, DEFAULT_AUDIT_OPTIONS.randomDraws),
    junkDraws: DEFAULT_AUDIT_OPTIONS.junkDraws,
    seed: positiveInt('seed', values.seed, DEFAULT_AUDIT_OPTIONS.seed),
  };
  let report: AuditReport;
  if (model) report = runAudit(model, specs, options, build);
  else {
    report = await withProgress((progress) => runAuditBlocked(file, names, specs, options, workers, build, progress));
  }
  if (values.html) {
    try {
      writeFileSync(values.html, auditPage(report));
    } catch (e) {
      throw new UsageError(`${values.html}: cannot write the page (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
    }
  }
  if (values.json) out(JSON.stringify(report, null, 2));
  else for (const line of fitLines(renderAudit(report), out.columns)) out(line);
  return auditExitCode(report);
}
