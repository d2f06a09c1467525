// The page of `aon analyze --html`: each spectrum (log scale) against its floor, as inline SVG, no scripts.
import type { AnalyzeReport, RankReport } from './analyze-report.js';

const esc = (s: string): string => s.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c] as string);

function plot(title: string, r: RankReport): string {
  const W = 560, H = 220, pad = 44;
  const vals = r.sigma.filter((x) => x > 0);
  const scale = [...vals, ...(r.floor > 0 ? [r.floor] : [])];
  const lo = Math.floor(Math.log10(Math.min(...scale, 1))) - 1;
  const hi = Math.ceil(Math.log10(Math.max(...scale, 1e-300)));
  const x = (i: number) => pad + ((W - 2 * pad) * i) / Math.max(1, r.sigma.length - 1);
  const y = (v: number) => H - pad - ((H - 2 * pad) * (Math.log10(Math.max(v, 10 ** lo)) - lo)) / Math.max(1, hi - lo);
  const pts = r.sigma.map((s, i) => `${x(i).toFixed(1)},${y(s).toFixed(1)}`).join(' ');
  const ticks = Array.from({ length: hi - lo + 1 }, (_, k) => lo + k)
    .filter((e, _, a) => a.length <= 12 || e % Math.ceil(a.length / 12) === 0)
    .map((e) => `<text x="${pad - 6}" y="${y(10 ** e) + 4}" text-anchor="end" font-size="10">1e${e}</text><line x1="${pad}" x2="${W - pad}" y1="${y(10 ** e)}" y2="${y(10 ** e)}" stroke="#eee"/>`)
    .join('');
  return `<figure><figcaption>${esc(title)}: rank ${r.rank}${r.conclusive ? '' : ' (inconclusive)'}, floor ${r.floor.toExponential(2)}</figcaption>
<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" role="img" aria-label="${esc(title)} singular values">
${ticks}<polyline fill="none" stroke="#1f77b4" stroke-width="1.5" points="${pts}"/>
${r.sigma.map((s, i) => `<circle cx="${x(i).toFixed(1)}" cy="${y(s).toFixed(1)}" r="2" fill="${s > r.floor ? '#1f77b4' : '#d62728'}"/>`).join('')}
<line x1="${pad}" x2="${W - pad}" y1="${y(r.floor)}" y2="${y(r.floor)}" stroke="#d62728" stroke-dasharray="5,4"/><text x="${W - pad}" y="${y(r.floor) - 4}" text-anchor="end" font-size="10" fill="#d62728">floor</text>
<text x="${W / 2}" y="${H - 8}" text-anchor="middle" font-size="11">index i of σ_i</text></svg></figure>`;
}

export function spectraPage(r: AnalyzeReport): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>aon analyze: ${esc(r.source)}</title>
<style>body{font-family:system-ui,sans-serif;max-width:760px;margin:2em auto;color:#222}figure{margin:1.5em 0}figcaption{font-weight:600}td,th{padding:2px 10px;text-align:left}</style></head><body>
<h1>aon analyze</h1><p>${esc(r.source)}: n = ${r.n}, V = ${r.V}, d = ${r.d}, stored as ${esc(r.dtype)} (u = ${r.unitRoundoff.toExponential(2)})</p>
<table><tr><th>effective complexity r</th><td>${r.r}</td></tr><tr><th>f-diverse</th><td>${r.fDiverse ? 'yes' : 'no'}</td></tr><tr><th>g-diverse</th><td>${r.gDiverse ? 'yes' : 'no'}</td></tr>
<tr><th>embedding junk E ∩ Γ<sup>⊥</sup></th><td>dimension ${r.junk.embedding}</td></tr><tr><th>unembedding junk Γ ∩ E<sup>⊥</sup></th><td>dimension ${r.junk.unembedding}</td></tr></table>
${plot('F', r.spectra.F)}${plot('G₀', r.spectra.G0)}${plot('L = F G₀ᵀ', r.spectra.L)}
<p>Blue points count toward the rank; red ones are at or below the floor (dashed), where rounding alone could produce them.</p></body></html>
`;
}
