// The page of `aon audit --html`: one card per property with its verdict, the invariant measures, and each
// non-invariant measure drawn as the range it takes over the drawn equivalent models (inline SVG, no
// scripts, no requests). Every string from the user's property file is escaped.
import type { AuditReport } from '../engine/audit/audit.js';
import type { PropertyAudit } from '../engine/audit/report.js';

const esc = (s: string): string => s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] as string);
const num = (x: number | null | undefined): string => (x === null || x === undefined || !Number.isFinite(x) ? 'n/a' : Math.abs(x) !== 0 && (Math.abs(x) < 1e-3 || Math.abs(x) >= 1e4) ? x.toExponential(2) : x.toFixed(3));
const COLOURS = { fact: '#2ca02c', depends: '#d62728', inconclusive: '#ff7f0e' } as const;

/** A horizontal bar from min to max with the model's own value marked; cosines on [−1, 1], others on [0, max]. */
function rangeBar(name: string, value: number, min: number, max: number): string {
  const W = 320, H = 26, pad = 10;
  const cosine = /cosine/.test(name);
  const lo = cosine ? -1 : Math.min(0, min), hi = cosine ? 1 : Math.max(max, value, 1e-300);
  const x = (v: number) => pad + ((W - 2 * pad) * (v - lo)) / (hi - lo || 1);
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" role="img" aria-label="${esc(name)} over equivalent models">
<line x1="${pad}" x2="${W - pad}" y1="13" y2="13" stroke="#ccc"/><rect x="${x(min).toFixed(1)}" y="8" width="${Math.max(1, x(max) - x(min)).toFixed(1)}" height="10" fill="#f4a582"/>
<circle cx="${x(value).toFixed(1)}" cy="13" r="4" fill="#222"/><text x="${pad}" y="25" font-size="9">${num(lo)}</text><text x="${W - pad}" y="25" font-size="9" text-anchor="end">${num(hi)}</text></svg>`;
}

function card(p: PropertyAudit): string {
  const inv = Object.entries(p.invariant).map(([k, v]) => `<tr><td>${esc(k)}</td><td>${num(v)}</td><td>moved ≤ ${num(p.spread.invariantDrift[k] ?? 0)}</td></tr>`).join('');
  const non = Object.entries(p.nonInvariant)
    .map(([k, v]) => {
      const r = p.spread.nonInvariant[k];
      return `<tr><td>${esc(k)}</td><td>${num(v)}</td><td>${r && v !== null ? `${num(r.min)} … ${num(r.max)} ${rangeBar(k, v, r.min, r.max)}` : ''}</td></tr>`;
    })
    .join('');
  return `<section class="card" style="border-left:6px solid ${COLOURS[p.verdict.code]}">
<h2>${esc(p.name)} <small>${esc(p.claim)}, ${esc(p.kind)}</small></h2>
<p class="verdict" style="color:${COLOURS[p.verdict.code]}">${esc(p.verdict.label)}</p><p>${esc(p.verdict.reason)}</p>
<table><tr><th>invariant measure</th><th>value</th><th>over ${p.spread.draws} equivalent models</th></tr>${inv}</table>
<table><tr><th>NOT invariant</th><th>value</th><th>range over equivalent models</th></tr>${non}</table>
<p class="small">Equivalent models drawn: ${esc(p.spread.kinds.join('; '))}; their logits differ from the model's by at most ${num(p.spread.logitDrift)} (relative). Junk: ${esc(p.junk.note)}${p.junk.possible ? ` = ${num(p.junk.fraction)}` : ''}.</p>
</section>`;
}

export function auditPage(r: AuditReport): string {
  const m = r.model;
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>aon audit: ${esc(m.source)}</title>
<style>body{font-family:system-ui,sans-serif;max-width:900px;margin:2em auto;color:#222;padding:0 1em}.card{padding:.5em 1em;margin:1.2em 0;background:#fafafa}
h2 small{font-weight:normal;color:#666;font-size:.7em}.verdict{font-weight:700}table{border-collapse:collapse;margin:.5em 0}td,th{padding:2px 10px;text-align:left;vertical-align:middle}.small{font-size:.85em;color:#555}</style></head><body>
<h1>aon audit</h1>
<p>${esc(m.source)}: n = ${m.n}, V = ${m.V}, d = ${m.d} (${esc(m.dtype)}); rank F = ${m.rankF}, rank G₀ = ${m.rankG0}, r = ${m.r};
f-diverse ${m.fDiverse ? 'yes' : 'no'}, g-diverse ${m.gDiverse ? 'yes' : 'no'}; junk dimensions: embedding ${m.junk.embedding}, unembedding ${m.junk.unembedding}.</p>
<p><b>${r.summary.fact}</b> fact about the distribution, <b>${r.summary.depends}</b> depend on the parameterisation, <b>${r.summary.inconclusive}</b> inconclusive.
An <i>invariant</i> measure is the same in every model with the same next-token probabilities; the others are shown with the range they take over equivalent models drawn from this one.</p>
${r.properties.map(card).join('\n')}
</body></html>
`;
}
