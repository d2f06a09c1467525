// The reviewer-facing Markdown report: what ran, how to replay it, every claim's verdict, and each
// counterexample in full (models as decimal tables, certificate, spectrum). Deterministic: the same Report
// gives the same text, and wall-clock numbers appear only in the final "Timing" section, so two runs with
// the same seed differ only below its heading.
import { coverageMarkdown } from './coverage.js';
import {
  DEFAULT_REPORT_FILE, STATUS_LABEL, STATUSES, decimal, numericalRank, ratio, replayCommand, runsText, sci, shardText,
  shownMatrix, wasmText, type RenderOptions,
} from './format.js';
import type { ClaimRecord, CounterexampleRecord, MatrixRecord, ModelRecord, Report } from './types.js';

/** The heading the timing section starts with; everything above it is a pure function of the inputs. */
export const TIMING_HEADING = '## Timing (wall clock)';

/**
 * Inline text from the report (messages, notes, titles): raw HTML would be live in most Markdown viewers,
 * so <, > and & become entities; table pipes and newlines would break the table layout.
 */
function text(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');
}

/** Inline code: backticks inside are fenced by a longer run, as CommonMark requires; in a table cell a pipe
 * must still be escaped, elsewhere the backslash would show. */
function code(s: string, inTable = false): string {
  const runs = s.match(/`+/g) ?? [];
  const fence = '`'.repeat(Math.max(0, ...runs.map((r) => r.length)) + 1);
  const pad = s.startsWith('`') || s.endsWith('`') ? ' ' : '';
  const body = s.replace(/\r?\n/g, ' ');
  return `${fence}${pad}${inTable ? body.replace(/\|/g, '\\|') : body}${pad}${fence}`;
}

function table(head: string[], rows: string[][], align?: ('l' | 'r' | 'c')[]): string[] {
  const sep = head.map((_, i) => ({ l: '---', r: '--:', c: ':-:' })[align?.[i] ?? 'l']);
  return [`| ${head.join(' | ')} |`, `| ${sep.join(' | ')} |`, ...rows.map((r) => `| ${r.join(' | ')} |`)];
}

const tick = (ok: boolean): string => (ok ? '✓' : '✗');

function header(r: Report): string[] {
  const c = r.campaign;
  const lines = [`# ${text(r.tool.name)} ${text(r.tool.version)}: verification report`, ''];
  if (c.partial) lines.push('**PARTIAL REPORT: the campaign was interrupted before every claim ran.**', '');
  lines.push(
    ...table(['', ''], [
      ['Tool', `${text(r.tool.name)} ${text(r.tool.version)} (report format ${r.format})`],
      ['Wasm build', `${text(wasmText(r.wasm))}, flags ${code(r.wasm.flags, true)}`],
      ['Wasm sha256', code(r.wasm.sha256, true)],
      ['Runtime', `${text(r.runtime.name)} ${text(r.runtime.version)} on ${text(r.runtime.platform)}/${text(r.runtime.arch)}`],
      ['Seed', String(c.seed)],
      ['Runs', text(runsText(c.runs))],
      ['Shard', text(shardText(c.shard))],
      ['Partial', c.partial ? '**yes**' : 'no'],
      ['Claims', c.claims.map(text).join(', ')],
    ]),
    '',
  );
  const s = r.summary;
  lines.push(
    `**Result: ${s.asExpected} of ${s.total} claims as expected; exit code ${s.exitCode}.**` +
      (s.unexpected.length ? ` Unexpected: ${s.unexpected.map(text).join(', ')}.` : ''),
    '',
  );
  return lines;
}

function replay(r: Report, reportFile: string): string[] {
  const withCx = r.claims.filter((c) => c.counterexample !== null);
  const lines = ['## How to replay', '', 'The whole campaign (same seed, same claims, same budgets):', '', '```sh', r.campaign.replay, '```', ''];
  if (withCx.length) {
    lines.push(`Each counterexample on its own, from this report's JSON (\`${text(reportFile)}\`):`, '', '```sh',
      ...withCx.map((c) => replayCommand(reportFile, c.key)), '```', '');
  }
  return lines;
}

function summary(r: Report): string[] {
  const counts = STATUSES.map((s) => [s, r.claims.filter((c) => c.status === s).length] as const).filter(([, n]) => n > 0);
  return [
    '## Summary',
    '',
    ...table(
      ['Claim', 'Title', 'Direction', 'Status', 'As expected', 'Runs', 'Conclusive', 'Vacuous', 'Inconclusive', 'Shrinks'],
      r.claims.map((c) => [
        `**${text(c.key)}**`, text(c.title), c.direction, text(STATUS_LABEL[c.status]), tick(c.asExpected),
        `${c.runs}/${c.numRuns}`, String(c.conclusive), String(c.vacuous), String(c.inconclusive), String(c.shrinks),
      ]),
      ['l', 'l', 'l', 'l', 'c', 'r', 'r', 'r', 'r', 'r'],
    ),
    '',
    `Statuses: ${counts.map(([s, n]) => `${n} ${STATUS_LABEL[s]}`).join(', ')}.`,
    '',
  ];
}

function matrix(name: string, m: MatrixRecord): string[] {
  const shown = shownMatrix(m);
  const head = ['', ...Array.from({ length: shown.rows[0]?.length ?? 0 }, (_, j) => `${j}`)];
  const lines = [`${name} (${m.rows} × ${m.cols})${shown.note ? `, ${shown.note}` : ''}:`, ''];
  if (m.rows === 0 || m.cols === 0) return [...lines, '(empty)', ''];
  lines.push(...table(head, shown.rows.map((row, i) => [`**${i}**`, ...row]), head.map((_, i) => (i === 0 ? 'l' : 'r'))), '');
  return lines;
}

function modelSection(m: ModelRecord, floor: number): string[] {
  const rank = numericalRank(m.spectrum, floor);
  return [
    `#### ${text(m.name)}`,
    '',
    `Pivot y₀ = ${m.pivot}${m.file !== null ? `; file ${code(m.file)}` : '; not written to a file'}.`,
    '',
    ...matrix('F', m.F),
    ...matrix('G', m.G),
    `Spectrum of L = F G₀ᵀ: σ = ${m.spectrum.map(decimal).join(', ') || '(empty)'}; numerical rank ${rank} ` +
      `(σᵢ above the rounding floor ${sci(floor)}).`,
    '',
  ];
}

function counterexample(c: ClaimRecord, cx: CounterexampleRecord, r: Report, reportFile: string): string[] {
  const cert = cx.certificate;
  const over = ratio(cx.residual, cx.tolerance);
  const lines = [
    `### ${text(c.key)}: ${text(c.title)}`,
    '',
    `Status **${text(STATUS_LABEL[c.status])}** (${c.direction}${c.asExpected ? ', as expected' : ', NOT as expected'}).`,
    '',
    `> ${text(c.statement)}`,
    '',
  ];
  if (c.negates !== null) lines.push(`Negates: ${text(c.negates)}.`, '');
  lines.push(
    `**Message:** ${text(cx.message)}`,
    '',
    ...table(['n', 'V', 'd', 'residual', 'tolerance', 'residual / tolerance', 'κ'], [[
      String(cx.size.n), String(cx.size.V), String(cx.size.d), sci(cx.residual), sci(cx.tolerance), over ?? '—', sci(cx.kappa),
    ]], ['r', 'r', 'r', 'r', 'r', 'r', 'r']),
    '',
    `Tolerance: ${text(cx.toleranceWhy)}`,
    '',
    `Replay: ${code(replayCommand(reportFile, c.key))} (fast-check seed ${cx.seed}, path ${code(cx.path || '(root)')}).`,
    '',
    `**Certificate** (${cert.method}): ${cert.verified ? '✓ verified' : '✗ not verified'}. ${text(cert.note)}`,
    '',
    ...(cert.checks.length
      ? cert.checks.map((k) => `- ${tick(k.holds)} ${text(k.statement)}${k.detail !== undefined ? `: ${text(k.detail)}` : ''}`)
      : ['- (no exact checks)']),
    '',
  );
  for (const m of cx.models) lines.push(...modelSection(m, m.rankFloor));
  if (c.note !== null) lines.push(`Note: ${text(c.note)}`, '');
  return lines;
}

function notes(r: Report): string[] {
  const noted = r.claims.filter((c) => c.counterexample === null && c.note !== null);
  if (!noted.length) return [];
  return ['## Notes', '', ...noted.map((c) => `- **${text(c.key)}** (${text(STATUS_LABEL[c.status])}): ${text(c.note!)}`), ''];
}

function tolerances(t: Report['tolerances']): string[] {
  return [
    '## Tolerances',
    '',
    ...table(['Name', 'Value', 'Rule'], [
      ['uIn', decimal(t.uIn), 'unit roundoff of the stored numbers the floors assume (a generated member may carry a coarser one)'],
      ['floorScale', decimal(t.floorScale), 'multiplies every floor (1 in use; tests move it to show decisions sit near their floors)'],
    ]),
    '',
  ];
}

function timing(r: Report): string[] {
  const t = r.timing;
  return [
    '---',
    '',
    TIMING_HEADING,
    '',
    'The only non-deterministic numbers in this report.',
    '',
    `Started ${text(t.startedAt)}, finished ${text(t.finishedAt)}, total ${decimal(t.totalMs)} ms.`,
    '',
    ...table(['Claim', 'Time (ms)'], r.claims.map((c) => {
      const ms = t.perClaimMs[c.key];
      return [text(c.key), ms === undefined ? '—' : decimal(ms)];
    }), ['l', 'r']),
    '',
  ];
}

export function renderMarkdown(report: Report, options: RenderOptions = {}): string {
  const reportFile = options.reportFile ?? DEFAULT_REPORT_FILE;
  const withCx = report.claims.filter((c): c is ClaimRecord & { counterexample: CounterexampleRecord } => c.counterexample !== null);
  const lines = [
    ...header(report),
    ...replay(report, reportFile),
    ...summary(report),
    ...notes(report),
    ...coverageMarkdown(report),
    ...(withCx.length ? ['## Counterexamples', '', ...withCx.flatMap((c) => counterexample(c, c.counterexample, report, reportFile))] : []),
    ...tolerances(report.tolerances),
    ...timing(report),
  ];
  return lines.join('\n');
}
