// Progress and summary on an 80 × 24 terminal: the live block never grows past the screen, whatever the
// number of claims, no line is wider than the terminal, and statuses are never cut.
import { describe, it, expect } from 'vitest';
import { PassThrough } from 'node:stream';
import { renderBlock, summaryTable, visibleWidth, progressFor } from '../../src/cli/progress.js';
import { sampleReport } from '../report/fixtures.js';
import type { ClaimRecord } from '../../src/report/types.js';

const keys = Array.from({ length: 25 }, (_, k) => (k % 3 === 0 ? `C${k}:refutableInclusionWithAVeryLongName` : `C${k}`));

describe('live progress on 80 × 24', () => {
  it('25 running claims: one aggregate bar, the running claims that fit, a count of the rest', () => {
    const running = keys.map((key, k) => ({ key, done: k * 37, total: 5000 }));
    const lines = renderBlock({ finished: 3, total: 30, running, last: ' last: C2 counterexample-not-found (5000 runs, 1.2 s)' }, 79, 23);
    expect(lines.length).toBeLessThanOrEqual(23);
    for (const l of lines) expect(visibleWidth(l), l).toBeLessThanOrEqual(79);
    expect(lines[0]).toContain('3/30 claims');
    expect(lines.some((l) => /… and \d+ more running/.test(l))).toBe(true);
    expect(lines.at(-1)).toContain('counterexample-not-found');
  });

  it('a narrow, short terminal still gets whole counts and never more lines than rows', () => {
    const running = keys.slice(0, 5).map((key) => ({ key, done: 4999, total: 5000 }));
    const lines = renderBlock({ finished: 0, total: 5, running, last: null }, 39, 4);
    expect(lines.length).toBeLessThanOrEqual(4);
    for (const l of lines) expect(visibleWidth(l), l).toBeLessThanOrEqual(39);
    expect(lines[1]).toContain('4999/5000');
  });

  it('on a terminal stream: the block is redrawn in place and stays within the screen', () => {
    const out = new PassThrough();
    let written = '';
    out.on('data', (d: Buffer) => (written += d.toString('utf8')));
    const tty = Object.assign(out, { isTTY: true, columns: 80, rows: 24 }) as unknown as NodeJS.WriteStream;
    const p = progressFor(tty, keys.length);
    for (const key of keys) p.onEvent({ kind: 'start', key, total: 100 });
    const record = { status: 'counterexample-not-found', runs: 100 } as ClaimRecord;
    for (const key of keys) p.onEvent({ kind: 'end', key, record, ms: 1234 });
    p.stop();
    // Every frame (the text after a clear-screen-below) is at most 23 lines of at most 79 columns.
    const frames = written.split('\u001b[J').slice(1);
    expect(frames.length).toBeGreaterThan(0);
    for (const f of frames) {
      const lines = f.replace(/\u001b\[\d+F|\u001b\[\?25[hl]/g, '').split('\n').filter(Boolean);
      expect(lines.length).toBeLessThanOrEqual(23);
      for (const l of lines) expect(visibleWidth(l), l).toBeLessThanOrEqual(79);
    }
    expect(frames.at(-1)).toContain('counterexample-not-found');
  });
});

describe('summary table', () => {
  it('fits 80 columns, keeps every status whole, drops optional columns first', () => {
    const r = sampleReport();
    r.claims[0]!.key = 'C12:refutableInclusion';
    r.claims[0]!.status = 'counterexample-not-found';
    const lines = summaryTable(r);
    for (const l of lines) expect(visibleWidth(l), l).toBeLessThanOrEqual(80);
    for (const c of r.claims) expect(lines.join('\n')).toContain(c.status);
    expect(lines.length).toBe(r.claims.length + 1);
  });

  it('keeps every column when the terminal is wide', () => {
    expect(summaryTable(sampleReport(), 200)[0]).toContain('direction');
  });
});
