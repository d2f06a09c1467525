// The Markdown and HTML renderers on the sample report: deterministic, complete (every claim, status and
// replay command), escaped, self-contained, and with wall-clock numbers confined to the timing section.
import { describe, it, expect } from 'vitest';
import { renderMarkdown, TIMING_HEADING } from '../../src/report/markdown.js';
import { renderHtml } from '../../src/report/html.js';
import { sampleReport } from './fixtures.js';
import { STATUS_LABEL, STATUSES } from '../../src/report/format.js';
import type { Report } from '../../src/report/types.js';

const HOSTILE = '<script>alert("x")</script><img src=x onerror=alert(1)> & "quotes" | pipe';

function hostile(): Report {
  const r = sampleReport();
  const c8 = r.claims.find((c) => c.key === 'C8')!;
  c8.counterexample!.message = HOSTILE;
  c8.counterexample!.certificate.checks[0]!.detail = HOSTILE;
  c8.counterexample!.models[0]!.name = HOSTILE;
  r.claims[0]!.note = HOSTILE;
  r.claims[1]!.title = HOSTILE;
  r.campaign.replay = `aon verify --seed 1 ${HOSTILE}`;
  return r;
}

/** A copy of the report with a different timing block and nothing else changed. */
function retimed(r: Report): Report {
  const t: Report['timing'] = {
    startedAt: '2030-01-02T03:04:05.678Z',
    finishedAt: '2030-01-02T04:05:06.789Z',
    totalMs: 3_723_111,
    perClaimMs: Object.fromEntries(Object.keys(r.timing.perClaimMs).map((k, i) => [k, 98_765 + i * 13])),
  };
  return { ...structuredClone(r), timing: t };
}

describe('renderers on the sample report', () => {
  const report = sampleReport();
  const md = renderMarkdown(report);
  const html = renderHtml(report);

  it('the sample itself is deterministic', () => {
    expect(sampleReport()).toEqual(report);
  });

  it('are deterministic: the same report renders to the same text', () => {
    expect(renderMarkdown(sampleReport())).toBe(md);
    expect(renderHtml(sampleReport())).toBe(html);
    expect(renderMarkdown(structuredClone(report))).toBe(md);
  });

  it('contain the campaign replay command and one replay command per counterexample', () => {
    for (const doc of [md, html]) expect(doc).toContain(report.campaign.replay);
    const withCx = report.claims.filter((c) => c.counterexample !== null);
    expect(withCx.length).toBeGreaterThanOrEqual(3);
    for (const c of withCx) {
      expect(md).toContain(`aon replay report.json --claim ${c.key}`);
      expect(html).toContain(`aon replay report.json --claim ${c.key}`);
    }
    expect(renderMarkdown(report, { reportFile: 'out/run 1.json' })).toContain(`aon replay 'out/run 1.json' --claim C8`);
  });

  it('list every claim key with its status', () => {
    for (const c of report.claims) {
      expect(md).toMatch(new RegExp(`\\| \\*\\*${c.key}\\*\\* \\|[^\\n]*\\| ${STATUS_LABEL[c.status]} \\|`));
      expect(html).toContain(`data-key="${c.key}" data-status="${c.status}"`);
    }
  });

  it('give every status its own badge', () => {
    const r = sampleReport();
    STATUSES.forEach((s, i) => (r.claims[i % r.claims.length]!.status = s));
    const page = renderHtml(r), text = renderMarkdown(r);
    for (const s of STATUSES) {
      expect(page).toContain(`<span class="badge s-${s}">${STATUS_LABEL[s]}</span>`);
      expect(page).toMatch(new RegExp(`\\.s-${s}\\{`));
      expect(text).toContain(`| ${STATUS_LABEL[s]} |`);
    }
  });

  it('show the header facts, and a partial report in bold', () => {
    for (const doc of [md, html]) {
      expect(doc).toContain(report.wasm.sha256);
      expect(doc).toContain('SIMD');
      expect(doc).toContain(String(report.campaign.seed));
      expect(doc).toContain(report.runtime.version);
    }
    expect(md).not.toContain('PARTIAL');
    const partial = sampleReport();
    partial.campaign.partial = true;
    partial.campaign.shard = { index: 2, count: 5 };
    partial.wasm.simd = false;
    const pmd = renderMarkdown(partial), phtml = renderHtml(partial);
    expect(pmd).toContain('**PARTIAL REPORT');
    expect(pmd).toContain('| Partial | **yes** |');
    expect(pmd).toContain('index 2 of 5');
    expect(pmd).toContain('(scalar)');
    expect(phtml).toContain('class="banner"');
  });

  it('show each counterexample: message, residual against tolerance, κ, certificate checks, matrices, spectrum, file', () => {
    const c8 = report.claims.find((c) => c.key === 'C8')!.counterexample!;
    expect(md).toContain(c8.message.replace(/>/g, '&gt;'));
    expect(md).toContain('| 2 | 3 | 2 | 0.1213 | 8.13e-15 | ×1.49e13 | 3.162 |');
    expect(md).toContain(c8.toleranceWhy);
    expect(md).toContain('- ✓ L = L̃ (distribution equivalent), exactly');
    expect(md).toContain('- ✗ rank F = rank F̃');
    expect(md).toContain('| **1** | -0.3 | -0.75 |');
    expect(md).toContain('`models/C8-model-1.json`');
    expect(md).toContain('σ = 0.4999999999999999, 2.194270917860439e-18; numerical rank 1');
    expect(html).toContain('title="-5404319552844595/18014398509481984">-0.3</td>');
    expect(html).toContain('models/C8-model-2.json');
  });

  it('truncate large matrices with a note, never silently', () => {
    expect(md).toContain('F (14 × 3), showing 12 of 14 rows');
    expect(html).toContain('showing 12 of 14 rows');
    expect(md).not.toContain('| **12** |');
  });

  it('escape HTML in every string from the report', () => {
    const r = hostile();
    const page = renderHtml(r), text = renderMarkdown(r);
    expect(page).not.toMatch(/<script/i);
    expect(page).not.toMatch(/<img/i);
    expect(page).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;');
    // Code blocks and spans show their content literally, so raw text there is safe; everywhere else it is escaped.
    const prose = text.replace(/```[\s\S]*?```/g, '').replace(/`[^`\n]*`/g, '');
    expect(text).toMatch(/```sh\naon verify --seed 1 <script>/);
    expect(prose).not.toMatch(/<script|<img/i);
    expect(text).toContain('&lt;script&gt;');
    // A pipe in a cell would split the Markdown table row.
    expect(text).toContain('\\| pipe');
  });

  it('are self-contained: no network reference of any kind', () => {
    for (const doc of [md, html, renderHtml(hostile())]) {
      expect(doc).not.toMatch(/https?:\/\//i);
      expect(doc).not.toMatch(/src\s*=\s*["']?http/i);
      expect(doc).not.toMatch(/<link/i);
      expect(doc).not.toMatch(/@import/i);
      expect(doc).not.toMatch(/url\(/i);
    }
    expect(html).not.toMatch(/<script/i);
    expect(html).toMatch(/^<!doctype html>\n<html lang="en">/);
    expect(html).toContain('<meta charset="utf-8">');
    expect(html).toContain('<meta name="viewport" content="width=device-width, initial-scale=1">');
    expect(html).toMatch(/<title>[^<]+<\/title>/);
  });

  it('contain both plots: a spectrum per model and the residual against its floor', () => {
    const models = report.claims.flatMap((c) => c.counterexample?.models ?? []);
    expect(html.match(/<svg class="plot" data-plot="spectrum"/g)).toHaveLength(models.length);
    expect(html.match(/<svg class="plot" data-plot="residual-vs-floor"/g)).toHaveLength(1);
    const plot = html.slice(html.indexOf('data-plot="residual-vs-floor"'));
    for (const key of ['C8', 'C4:refutable', 'C6']) expect(plot).toContain(`>${key}</text>`);
  });

  it('confine wall-clock numbers to the final timing section', () => {
    const other = retimed(report);
    const md2 = renderMarkdown(other);
    const cut = md.indexOf(TIMING_HEADING);
    expect(cut).toBeGreaterThan(0);
    expect(md2.indexOf(TIMING_HEADING)).toBe(cut);
    expect(md2.slice(0, cut)).toBe(md.slice(0, cut));
    expect(md2.slice(cut)).not.toBe(md.slice(cut));
    // Nothing but the timing section follows its heading.
    expect(md.slice(cut).match(/^## /gm)).toHaveLength(1);
    for (const v of Object.values(report.timing.perClaimMs)) expect(md.slice(0, cut)).not.toContain(String(v));
    expect(md.slice(0, cut)).not.toContain(report.timing.startedAt);

    const html2 = renderHtml(other);
    const hcut = html.indexOf('<section class="card timing"');
    expect(hcut).toBeGreaterThan(0);
    expect(html2.slice(0, hcut)).toBe(html.slice(0, hcut));
    expect(html2).not.toBe(html);
  });
});
