// The evidence behind each claim part: what it declares it needs (conclusive runs overall and per regime)
// and the coverage table of regimes × outcomes over the generation phase. Shared by the Markdown and
// HTML renderers so both say the same thing; pure functions of the report.
import { escapeHtml as e } from './format.js';
import type { ClaimRecord, Report } from './types.js';

export interface CoverageRow {
  regime: string;
  conclusive: number;
  vacuous: number;
  inconclusive: number;
  failed: number;
  /** Conclusive runs this regime needs, or null when the claim does not name it. */
  needed: number | null;
  short: boolean;
}

/** The rows of a claim's coverage table: every regime seen, then every needed regime never reached. */
export function coverageRows(c: ClaimRecord): CoverageRow[] {
  const need = c.evidence.required.perRegime;
  const rows: CoverageRow[] = c.coverage.map((x) => {
    const needed = need[x.regime] ?? null;
    return { ...x, needed, short: needed !== null && x.conclusive < needed };
  });
  for (const [regime, needed] of Object.entries(need)) {
    if (!rows.some((x) => x.regime === regime)) rows.push({ regime, conclusive: 0, vacuous: 0, inconclusive: 0, failed: 0, needed, short: needed > 0 });
  }
  return rows;
}

/** One line: how much evidence the claim has against what it needs. */
export function evidenceLine(c: ClaimRecord): string {
  const r = c.evidence.required;
  const head = `${c.conclusive} conclusive of ${c.runs} runs (needs ≥ ${r.conclusive}; ${c.vacuous} vacuous, ${c.inconclusive} inconclusive, at most ${Math.round(r.maxInconclusiveShare * 100)}% allowed)`;
  const shrink = c.shrinkRuns > 0 ? `; shrinking, apart: ${c.shrinks} steps in ${c.shrinkRuns} executions` : '';
  return `${c.evidence.met ? 'evidence met' : `INSUFFICIENT: ${c.evidence.missing.join('; ')}`}: ${head}${shrink}`;
}

function mdText(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');
}

export function coverageMarkdown(r: Report): string[] {
  const lines = ['## Evidence and coverage', '', 'Runs of the generation phase only; shrinking is counted apart. A needed regime short of its minimum makes the claim `insufficient evidence` (exit 3).', ''];
  for (const c of r.claims) {
    if (c.status === 'not-run') continue;
    lines.push(`### ${mdText(c.key)}`, '', mdText(evidenceLine(c)), '');
    const rows = coverageRows(c);
    if (!rows.length) continue;
    lines.push('| Regime | Conclusive | Vacuous | Inconclusive | Failed | Needed |', '| --- | --: | --: | --: | --: | --: |');
    for (const x of rows) {
      lines.push(`| ${mdText(x.regime)} | ${x.conclusive} | ${x.vacuous} | ${x.inconclusive} | ${x.failed} | ${x.needed === null ? '—' : `${x.needed}${x.short ? ' ✗' : ' ✓'}`} |`);
    }
    lines.push('');
  }
  return lines;
}

export function coverageHtml(r: Report): string {
  const parts = r.claims.filter((c) => c.status !== 'not-run').map((c) => {
    const rows = coverageRows(c).map((x) =>
      `<tr${x.short ? ' class="unexpected"' : ''}><td>${e(x.regime)}</td><td class="n">${x.conclusive}</td><td class="n">${x.vacuous}</td>` +
      `<td class="n">${x.inconclusive}</td><td class="n">${x.failed}</td><td class="n">${x.needed === null ? '—' : x.needed}</td></tr>`).join('');
    return `<h3 id="coverage-${e(c.key.replace(':', '-'))}"><code>${e(c.key)}</code></h3><p class="note">${e(evidenceLine(c))}</p>` +
      (rows ? `<div class="scroll"><table class="coverage"><thead><tr><th>Regime</th><th>Concl.</th><th>Vac.</th><th>Inc.</th><th>Failed</th><th>Needed</th></tr></thead><tbody>${rows}</tbody></table></div>` : '');
  });
  return `<section class="card" id="coverage"><h2>Evidence and coverage</h2><p>Runs of the generation phase only; shrinking is counted apart. A needed regime short of its minimum makes the claim <em>insufficient evidence</em> (exit 3).</p>${parts.join('')}</section>`;
}
