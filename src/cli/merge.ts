// `aon merge --out DIR SHARD.json…`: combine the reports of the shards of one campaign into the report
// the unsharded campaign would have written (apart from timing).
import { parseArgs } from 'node:util';
import { resolve } from 'node:path';
import { readReport, ReportError } from '../report/read.js';
import { writeReport } from '../report/write.js';
import { CATALOGUE } from './catalogue-root.js';
import { EXIT_FAIL, EXIT_INCOMPLETE, EXIT_OK, UsageError } from './exit.js';
import { summarize } from '../report/summary.js';
import type { Report } from '../report/types.js';
import { formatHelp } from './help-format.js';

export const MERGE_HELP = formatHelp(`usage: aon merge [--out DIR] SHARD_REPORT.json…

Combines the report.json files of the shards of one campaign (aon verify --shard i/N, same seed,
same build, same options) into DIR/report.json, report.md and report.html (default DIR: reports/).

exit codes: 0 merged and every claim as expected, 1 merged but some claim was not, 2 usage or input error,
3 incomplete (a shard missing or partial, or a claim without enough evidence: the output says which)`);

export function mergeReports(reports: { file: string; report: Report }[]): Report {
  const [first, ...rest] = reports;
  if (!first) throw new UsageError('merge needs at least one report');
  const same = (what: string, get: (r: Report) => unknown) => {
    for (const r of rest) {
      if (JSON.stringify(get(r.report)) !== JSON.stringify(get(first.report))) {
        throw new ReportError(r.file, what, `differs from ${first.file}: these are not shards of one campaign`);
      }
    }
  };
  same('tool', (r) => r.tool);
  same('wasm', (r) => r.wasm);
  same('campaign.seed', (r) => r.campaign.seed);
  same('campaign.runs', (r) => r.campaign.runs);
  same('campaign.profile', (r) => r.campaign.profile);
  same('tolerances', (r) => r.tolerances);
  same('campaign.shard.count', (r) => r.campaign.shard?.count ?? null);
  const seen = new Map<string, string>();
  for (const { file, report } of reports) {
    for (const c of report.claims) {
      const prev = seen.get(c.key);
      if (prev) throw new ReportError(file, `claims.${c.key}`, `also in ${prev}: a shard was given twice`);
      seen.set(c.key, file);
    }
  }
  const order = new Map(CATALOGUE.entries.map((e, i) => [e.key, i]));
  const claims = reports.flatMap((r) => r.report.claims).sort((a, b) => (order.get(a.key) ?? 1e9) - (order.get(b.key) ?? 1e9));
  const count = first.report.campaign.shard?.count ?? 1;
  const indices = new Set(reports.map((r) => r.report.campaign.shard?.index ?? 0));
  const complete = indices.size === count;
  const missing = Array.from({ length: count }, (_, i) => i).filter((i) => !indices.has(i)).map((i) => `${i + 1}/${count}`);
  const notes: string[] = [];
  if (missing.length) notes.push(`shard${missing.length > 1 ? 's' : ''} ${missing.join(', ')} missing: their claims were not merged`);
  for (const r of reports) if (r.report.campaign.partial) notes.push(`${r.file} is a partial campaign`);
  const perClaimMs = Object.assign({}, ...reports.map((r) => r.report.timing.perClaimMs)) as Record<string, number>;
  const started = reports.map((r) => r.report.timing.startedAt).sort()[0]!;
  const finished = reports.map((r) => r.report.timing.finishedAt).sort().at(-1)!;
  return {
    ...first.report,
    campaign: {
      ...first.report.campaign,
      claims: claims.map((c) => c.key),
      shard: null,
      partial: !complete || reports.some((r) => r.report.campaign.partial),
      replay: first.report.campaign.replay.replace(/ --shard \d+\/\d+/, ''),
    },
    claims,
    summary: summarize(claims, notes),
    timing: { startedAt: started, finishedAt: finished, totalMs: Date.parse(finished) - Date.parse(started), perClaimMs },
  };
}

export function exitFor(code: Report['summary']['exitCode']): number {
  return code === 0 ? EXIT_OK : code === 1 ? EXIT_FAIL : EXIT_INCOMPLETE;
}

export function mergeCommand(argv: string[], out: (s: string) => void): number {
  let parsed;
  try {
    parsed = parseArgs({ args: argv, allowPositionals: true, options: { out: { type: 'string', default: 'reports' }, help: { type: 'boolean', short: 'h', default: false } } });
  } catch (e) {
    throw new UsageError(`merge: ${(e as Error).message}\n${MERGE_HELP}`);
  }
  if (parsed.values.help) {
    out(MERGE_HELP);
    return EXIT_OK;
  }
  if (parsed.positionals.length === 0) throw new UsageError(`merge needs shard reports\n${MERGE_HELP}`);
  const reports = parsed.positionals.map((file) => ({ file, report: readReport(file) }));
  const merged = mergeReports(reports);
  const files = writeReport(resolve(parsed.values.out as string), merged);
  out(`merged ${reports.length} shard reports (${merged.claims.length} claims${merged.campaign.partial ? ', partial' : ''}) into ${files.json}`);
  for (const line of merged.summary.incomplete) out(`incomplete: ${line}`);
  return exitFor(merged.summary.exitCode);
}
