// The report as one self-contained HTML page: inline CSS, inline SVG plots, no script, no fetch of any
// kind, so it opens from a CI artefact or an e-mail attachment exactly as written. Every string from the
// report is escaped: claim messages and notes may quote arbitrary text. Deterministic like the Markdown,
// with the wall-clock timing in its own final section.
import {
  DEFAULT_REPORT_FILE, STATUS_LABEL, STATUSES, decimal, escapeHtml as e, numericalRank, ratio, replayCommand, runsText, sci,
  shardText, shownMatrix, wasmText, type RenderOptions,
} from './format.js';
import { coverageHtml } from './coverage.js';
import { residualSvg, spectrumSvg, type ResidualPoint } from './svg.js';
import type { ClaimRecord, ClaimStatus, CounterexampleRecord, MatrixRecord, ModelRecord, Report } from './types.js';

const CSS = `
:root{--fg:#1f2328;--muted:#59636e;--line:#d1d9e0;--bg:#f6f8fa;--card:#fff;--accent:#2f6fdb;--ok:#1a7f37;--bad:#cf222e}
*{box-sizing:border-box}
body{margin:0;background:var(--bg);color:var(--fg);font:15px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif}
code,pre,.num{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,"Liberation Mono",monospace;font-size:13px}
code{overflow-wrap:anywhere;word-break:break-word}
main{max-width:1120px;margin:0 auto;padding:0 20px 40px}
header.top{background:#24292f;color:#fff;padding:22px 0 20px}
header.top .inner{max-width:1120px;margin:0 auto;padding:0 20px;display:flex;gap:20px;align-items:center;justify-content:space-between;flex-wrap:wrap}
header.top h1{margin:0;font-size:26px;font-weight:650;letter-spacing:-.01em}
header.top h1 .ver{font-weight:400;opacity:.7}
header.top p{margin:4px 0 0;opacity:.8}
.verdict{border-radius:10px;padding:10px 16px;font-weight:600;text-align:right;line-height:1.3}
.verdict small{display:block;font-weight:400;opacity:.9}
.verdict.good{background:#1a7f37}.verdict.bad{background:#cf222e}
.banner{max-width:1120px;margin:16px auto 0;padding:12px 18px;border-radius:8px;background:#fff8c5;border:1px solid #d4a72c;font-weight:600}
.pair{display:grid;grid-template-columns:repeat(auto-fit,minmax(min(440px,100%),1fr));gap:0 20px}
.pair>section{min-width:0}
section.card{background:var(--card);border:1px solid var(--line);border-radius:10px;padding:18px 22px;margin-top:20px}
h2{font-size:19px;margin:0 0 12px}
h3{font-size:17px;margin:0}
h4{font-size:15px;margin:18px 0 8px}
.muted{color:var(--muted)}
dl.meta{display:grid;grid-template-columns:max-content 1fr;gap:6px 18px;margin:0}
dl.meta dt{color:var(--muted)}dl.meta dd{margin:0;overflow-wrap:anywhere}
pre{background:#f6f8fa;border:1px solid var(--line);border-radius:6px;padding:10px 12px;overflow-x:auto;margin:8px 0;white-space:pre-wrap;overflow-wrap:anywhere}
.scroll{overflow-x:auto}
table{border-collapse:collapse}
table.summary{width:100%;font-size:14px}
table.summary th,table.summary td{padding:7px 8px;border-bottom:1px solid var(--line);text-align:left;vertical-align:top}
table.summary th{font-size:12px;letter-spacing:.02em;color:var(--muted);font-weight:600;white-space:nowrap}
table.summary td.n{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
table.summary td.c{text-align:center}
table.summary td.key{white-space:nowrap}
table.summary td.title{min-width:240px}
table.summary tr.unexpected{background:#fff5f5}
table.summary .note{display:block;color:var(--muted);font-size:13px;margin-top:2px}
table.summary a{color:inherit}
.badge{display:inline-block;border-radius:999px;padding:2px 10px;font-size:12px;font-weight:600;white-space:nowrap;border:1px solid transparent}
.s-held{background:#dafbe1;color:#116329;border-color:#aceebb}
.s-counterexample-certified{background:#d1f5ee;color:#0b6e5a;border-color:#9ee6d6}
.s-falsified{background:#cf222e;color:#fff}
.s-counterexample-not-found{background:#fff1e5;color:#953800;border-color:#ffd8b5}
.s-numerical{background:#fbefff;color:#6e40c9;border-color:#e6d2fa}
.s-inconclusive{background:#fff8c5;color:#7d4e00;border-color:#f0d66b}
.s-insufficient-evidence{background:#fff8c5;color:#7d4e00;border-color:#f0d66b}
.s-error{background:#ffebe9;color:#a40e26;border-color:#ffcecb}
.s-not-run{background:#eaeef2;color:#57606a;border-color:#d1d9e0}
.yes{color:var(--ok);font-weight:700}.no{color:var(--bad);font-weight:700}
.chips{display:flex;flex-wrap:wrap;gap:8px;margin:0 0 14px}
.chips .badge{font-size:13px;padding:4px 12px}
.claim-head{display:flex;gap:12px;align-items:center;flex-wrap:wrap;margin-bottom:8px}
.claim-head .key{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;font-weight:700;font-size:17px}
blockquote{margin:8px 0;padding:4px 14px;border-left:3px solid var(--line);color:var(--muted)}
.message{border-radius:8px;padding:10px 14px;margin:12px 0;font-weight:500}
.message.genuine{background:#ffebe9;border:1px solid #ffcecb}
.message.artefact{background:#fbefff;border:1px solid #e6d2fa}
.metrics{display:grid;grid-template-columns:repeat(auto-fit,minmax(120px,1fr));gap:10px;margin:12px 0}
.metric{border:1px solid var(--line);border-radius:8px;padding:8px 12px}
.metric .v{font-size:18px;font-weight:600;font-variant-numeric:tabular-nums}
.metric .k{font-size:12px;color:var(--muted);letter-spacing:.02em}
.cert{border:1px solid var(--line);border-radius:8px;padding:10px 14px;margin:12px 0}
.cert ul{list-style:none;padding:0;margin:8px 0 0}
.cert li{padding:3px 0}
.cert .mark{display:inline-block;width:1.4em;font-weight:700}
.models{display:grid;grid-template-columns:repeat(auto-fit,minmax(min(480px,100%),1fr));gap:16px;margin-top:8px}
.model{border:1px solid var(--line);border-radius:8px;padding:12px 14px;min-width:0}
.model h4{margin:0 0 4px}
.mats{display:flex;flex-wrap:wrap;gap:18px;align-items:flex-start;margin:8px 0;overflow-x:auto}
.mat .cap{font-size:13px;color:var(--muted);margin-bottom:4px}
table.matrix{border-left:2px solid #57606a;border-right:2px solid #57606a;border-radius:4px;font-variant-numeric:tabular-nums}
table.matrix td{padding:2px 8px;text-align:right;font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;font-size:13px}
table.matrix th{padding:0 6px;font-size:11px;color:var(--muted);font-weight:400}
.trunc{font-size:12px;color:var(--muted);max-width:300px}
figure{margin:8px 0}
figcaption{font-size:13px;color:var(--muted);margin-top:4px}
svg.plot{max-width:100%;height:auto;display:block;color:var(--fg)}
table.plain th,table.plain td{padding:5px 12px;border-bottom:1px solid var(--line);text-align:left}
table.plain td.n{text-align:right;font-variant-numeric:tabular-nums}
section.timing{border-style:dashed}
.timing table{width:100%;max-width:640px}
.tcell{width:100%}
.tbar{display:inline-block;height:8px;border-radius:4px;background:#afb8c1;vertical-align:middle}
footer{max-width:1120px;margin:0 auto;padding:0 20px 30px;color:var(--muted);font-size:13px}
`;

const badge = (s: ClaimStatus): string => `<span class="badge s-${s}">${e(STATUS_LABEL[s])}</span>`;
const yesNo = (ok: boolean): string => (ok ? '<span class="yes" title="as expected">✓</span>' : '<span class="no" title="not as expected">✗</span>');
/** Element ids from claim keys: "C4:refutable" → "claim-C4-refutable". */
const anchor = (key: string): string => `claim-${key.replace(/[^A-Za-z0-9_-]/g, '-')}`;

function header(r: Report): string {
  const s = r.summary;
  return `<header class="top"><div class="inner">` +
    `<div><h1>${e(r.tool.name)} <span class="ver">${e(r.tool.version)}</span></h1>` +
    `<p>Verification report · seed ${r.campaign.seed} · ${e(wasmText(r.wasm))}</p></div>` +
    `<div class="verdict ${s.exitCode === 0 ? 'good' : 'bad'}">${s.asExpected} of ${s.total} claims as expected` +
    `<small>exit code ${s.exitCode}${s.unexpected.length ? ` · unexpected: ${s.unexpected.map(e).join(', ')}` : ''}</small></div>` +
    `</div></header>` +
    (r.campaign.partial ? '<div class="banner" role="alert">Partial report: the campaign was interrupted before every claim ran.</div>' : '');
}

function runSection(r: Report): string {
  const c = r.campaign;
  const rows: [string, string][] = [
    ['Tool', `${e(r.tool.name)} ${e(r.tool.version)} <span class="muted">(report format ${r.format})</span>`],
    ['Wasm build', `${e(wasmText(r.wasm))}, flags <code>${e(r.wasm.flags)}</code>`],
    ['Wasm sha256', `<code>${e(r.wasm.sha256)}</code>`],
    ['Runtime', `${e(r.runtime.name)} ${e(r.runtime.version)} on ${e(r.runtime.platform)}/${e(r.runtime.arch)}`],
    ['Seed', String(c.seed)],
    ['Runs', e(runsText(c.runs))],
    ['Shard', e(shardText(c.shard))],
    ['Partial', c.partial ? '<strong>yes</strong>' : 'no'],
    ['Claims', c.claims.map(e).join(', ')],
  ];
  return `<section class="card" id="run"><h2>Run</h2><dl class="meta">${rows.map(([k, v]) => `<dt>${k}</dt><dd>${v}</dd>`).join('')}</dl></section>`;
}

function replaySection(r: Report, reportFile: string): string {
  const cx = r.claims.filter((c) => c.counterexample !== null);
  return `<section class="card" id="replay"><h2>How to replay</h2>` +
    `<p class="muted">The whole campaign (same seed, same claims, same budgets):</p><pre><code>${e(r.campaign.replay)}</code></pre>` +
    (cx.length
      ? `<p class="muted">Each counterexample on its own, from this report's JSON (<code>${e(reportFile)}</code>):</p>` +
        `<pre><code>${cx.map((c) => e(replayCommand(reportFile, c.key))).join('\n')}</code></pre>`
      : '') +
    `</section>`;
}

function summarySection(r: Report): string {
  const chips = STATUSES.map((s) => [s, r.claims.filter((c) => c.status === s).length] as const)
    .filter(([, n]) => n > 0)
    .map(([s, n]) => `<span class="badge s-${s}">${n} ${e(STATUS_LABEL[s])}</span>`);
  // Short headers keep the title column wide; the full names are in the tooltips.
  const head: [string, string][] = [
    ['Claim', 'claim key and direction (holds or refutable)'], ['Title', 'title, and the note when there is one'], ['Status', 'status'],
    ['Expected', 'as expected'], ['Runs', 'runs done / budget'], ['Concl.', 'conclusive runs'], ['Vac.', 'vacuous runs'],
    ['Inc.', 'inconclusive runs'], ['Shrinks', 'shrink steps'],
  ];
  const rows = r.claims.map((c) => {
    const key = c.counterexample !== null ? `<a href="#${anchor(c.key)}"><code>${e(c.key)}</code></a>` : `<code>${e(c.key)}</code>`;
    const note = c.note !== null ? `<span class="note">${e(c.note)}</span>` : '';
    return `<tr class="${c.asExpected ? '' : 'unexpected'}" data-key="${e(c.key)}" data-status="${c.status}">` +
      `<td class="key">${key}<span class="note">${c.direction}</span></td><td class="title">${e(c.title)}${note}</td><td>${badge(c.status)}</td><td class="c">${yesNo(c.asExpected)}</td>` +
      `<td class="n">${c.runs} / ${c.numRuns}</td><td class="n">${c.conclusive}</td><td class="n">${c.vacuous}</td>` +
      `<td class="n">${c.inconclusive}</td><td class="n">${c.shrinks}</td></tr>`;
  });
  return `<section class="card" id="summary"><h2>Summary</h2><div class="chips">${chips.join('')}</div>` +
    `<div class="scroll"><table class="summary"><thead><tr>${head.map(([h, t]) => `<th title="${t}">${h}</th>`).join('')}</tr></thead>` +
    `<tbody>${rows.join('')}</tbody></table></div></section>`;
}

function conditioningSection(r: Report): string {
  const points: ResidualPoint[] = [];
  const missing: string[] = [];
  for (const c of r.claims) {
    const cx = c.counterexample;
    if (cx === null) continue;
    if (cx.tolerance !== null && cx.residual !== null && cx.tolerance > 0 && cx.residual > 0) {
      points.push({ key: c.key, floor: cx.tolerance, residual: cx.residual, genuine: cx.certificate.verified });
    } else missing.push(c.key);
  }
  const t = r.tolerances;
  return `<section class="card" id="conditioning"><h2>Residual against its floor</h2><figure>${residualSvg(points, t)}` +
    `<figcaption>Each check compares a residual with a floor derived from rounding-error analysis of its computation at ` +
    `input precision ${e(sci(t.uIn))} (green: at or below the floor, rounding can explain the residual). A rounding artefact sits near the line; ` +
    `a genuine counterexample sits decades above it.` +
    (missing.length ? ` Not plotted (no κ or residual): ${missing.map(e).join(', ')}.` : '') +
    `</figcaption></figure></section>`;
}

function matrixTable(name: string, m: MatrixRecord): string {
  const shown = shownMatrix(m);
  const cap = `<div class="cap"><strong>${e(name)}</strong> ${m.rows} × ${m.cols}</div>`;
  if (m.rows === 0 || m.cols === 0) return `<div class="mat">${cap}<span class="muted">(empty)</span></div>`;
  // The exact rational of each entry as a tooltip: the decimal is for reading, the rational is the value.
  const body = shown.rows.map((row, i) =>
    `<tr><th>${i}</th>${row.map((v, j) => `<td title="${e(m.exact[i * m.cols + j] ?? '')}">${e(v)}</td>`).join('')}</tr>`).join('');
  const cols = shown.rows[0]?.map((_, j) => `<th>${j}</th>`).join('') ?? '';
  return `<div class="mat">${cap}<table class="matrix"><thead><tr><th></th>${cols}</tr></thead><tbody>${body}</tbody></table>` +
    (shown.note ? `<div class="trunc">${e(shown.note)}</div>` : '') + `</div>`;
}

function modelCard(claimKey: string, m: ModelRecord): string {
  const rank = numericalRank(m.spectrum, m.rankFloor);
  return `<div class="model"><h4>${e(m.name)}</h4>` +
    `<div class="muted">pivot y₀ = ${m.pivot} · ${m.file !== null ? `file <code>${e(m.file)}</code>` : 'not written to a file'}</div>` +
    `<div class="mats">${matrixTable('F', m.F)}${matrixTable('G', m.G)}</div>` +
    `<figure>${spectrumSvg({ label: `${claimKey}, ${m.name}`, spectrum: m.spectrum, floor: m.rankFloor })}` +
    `<figcaption>Singular values of L = F G₀ᵀ: numerical rank ${rank}. σ = ${m.spectrum.map((s) => e(decimal(s))).join(', ') || '(none)'}</figcaption></figure></div>`;
}

function metric(label: string, value: string): string {
  return `<div class="metric"><div class="k">${label}</div><div class="v">${value}</div></div>`;
}

function claimSection(c: ClaimRecord, cx: CounterexampleRecord, r: Report, reportFile: string): string {
  const cert = cx.certificate;
  const checks = cert.checks.map((k) =>
    `<li><span class="mark ${k.holds ? 'yes' : 'no'}">${k.holds ? '✓' : '✗'}</span>${e(k.statement)}` +
    (k.detail !== undefined ? `<span class="muted">: ${e(k.detail)}</span>` : '') + `</li>`).join('');
  return `<section class="card claim" id="${anchor(c.key)}">` +
    `<div class="claim-head"><span class="key">${e(c.key)}</span><h3>${e(c.title)}</h3>${badge(c.status)}` +
    `<span class="muted">${c.direction} · ${c.asExpected ? 'as expected' : '<strong>not as expected</strong>'}</span></div>` +
    `<blockquote>${e(c.statement)}</blockquote>` +
    (c.negates !== null ? `<p class="muted">Negates: ${e(c.negates)}</p>` : '') +
    `<div class="message ${cert.verified ? 'genuine' : 'artefact'}">${e(cx.message)}</div>` +
    `<div class="metrics">${metric('residual', e(sci(cx.residual)))}${metric('tolerance', e(sci(cx.tolerance)))}` +
    `${metric('residual / tol', e(ratio(cx.residual, cx.tolerance) ?? '—'))}${metric('κ', e(sci(cx.kappa)))}` +
    `${metric('size n · V · d', `${cx.size.n} · ${cx.size.V} · ${cx.size.d}`)}</div>` +
    `<p><span class="muted">Tolerance:</span> ${e(cx.toleranceWhy)}</p>` +
    `<div class="cert"><strong>Certificate</strong> <span class="muted">(${e(cert.method)})</span>: ` +
    `${cert.verified ? '<span class="yes">✓ verified</span>' : '<span class="no">✗ not verified</span>'} · ${e(cert.note)}` +
    `<ul>${checks || '<li class="muted">no exact checks</li>'}</ul></div>` +
    `<p><span class="muted">Replay:</span> <code>${e(replayCommand(reportFile, c.key))}</code> ` +
    `<span class="muted">(fast-check seed ${cx.seed}, path <code>${e(cx.path || '(root)')}</code>)</span></p>` +
    (c.note !== null ? `<p><span class="muted">Note:</span> ${e(c.note)}</p>` : '') +
    `<div class="models">${cx.models.map((m) => modelCard(c.key, m)).join('')}</div>` +
    `</section>`;
}

function tolerancesSection(t: Report['tolerances']): string {
  const rows: [string, number, string][] = [
    ['uIn', t.uIn, 'unit roundoff of the stored numbers the floors assume (a generated member may carry a coarser one)'],
    ['floorScale', t.floorScale, 'multiplies every floor (1 in use; tests move it to show decisions sit near their floors)'],
  ];
  return `<section class="card" id="tolerances"><h2>Tolerances</h2><table class="plain"><tbody>` +
    rows.map(([k, v, why]) => `<tr><th><code>${k}</code></th><td class="n">${e(decimal(v))}</td><td>${why}</td></tr>`).join('') +
    `</tbody></table></section>`;
}

function timingSection(r: Report): string {
  const t = r.timing;
  const max = Math.max(0, ...r.claims.map((c) => t.perClaimMs[c.key] ?? 0));
  const rows = r.claims.map((c) => {
    const ms = t.perClaimMs[c.key];
    const width = ms === undefined || max <= 0 ? 0 : Math.round((ms / max) * 100);
    return `<tr><td><code>${e(c.key)}</code></td><td class="n">${ms === undefined ? '—' : e(decimal(ms))}</td>` +
      `<td class="tcell"><span class="tbar" style="width:${width}%"></span></td></tr>`;
  }).join('');
  return `<section class="card timing" id="timing"><h2>Timing (wall clock)</h2>` +
    `<p class="muted">The only non-deterministic numbers in this report. Started ${e(t.startedAt)}, finished ${e(t.finishedAt)}, total ${e(decimal(t.totalMs))} ms.</p>` +
    `<table class="plain"><thead><tr><th>Claim</th><th>ms</th><th></th></tr></thead><tbody>${rows}</tbody></table></section>`;
}

export function renderHtml(report: Report, options: RenderOptions = {}): string {
  const reportFile = options.reportFile ?? DEFAULT_REPORT_FILE;
  const withCx = report.claims.filter((c): c is ClaimRecord & { counterexample: CounterexampleRecord } => c.counterexample !== null);
  const title = `${report.tool.name} ${report.tool.version}: verification report (seed ${report.campaign.seed})`;
  return [
    '<!doctype html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${e(title)}</title>`,
    `<style>${CSS}</style>`,
    '</head>',
    '<body>',
    header(report),
    '<main>',
    // The verdicts first; provenance and replay side by side below them.
    summarySection(report),
    `<div class="pair">${runSection(report)}${replaySection(report, reportFile)}</div>`,
    conditioningSection(report),
    coverageHtml(report),
    ...withCx.map((c) => claimSection(c, c.counterexample, report, reportFile)),
    tolerancesSection(report.tolerances),
    timingSection(report),
    '</main>',
    `<footer>Written by ${e(report.tool.name)} ${e(report.tool.version)}. Self-contained: no scripts, fonts or images are fetched; the JSON report is the authoritative record.</footer>`,
    '</body>',
    '</html>',
    '',
  ].join('\n');
}
