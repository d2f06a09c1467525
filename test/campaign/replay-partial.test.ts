// Replay checks what it replays (recorded models against their hashes, model files and the regenerated
// case; a bounded path), and a campaign that did not test everything says so with exit 3.
import { describe, it, expect } from 'vitest';
import { mkdtempSync, writeFileSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCampaign, type CampaignOptions } from '../../src/campaign/campaign.js';
import { mergeReports, exitFor } from '../../src/cli/merge.js';
import { replayReport, replayCommand } from '../../src/cli/replay.js';
import { reportJson, writeReport } from '../../src/report/write.js';
import { parseReport, ReportError } from '../../src/report/read.js';
import { bitsOf } from '../../src/report/records.js';
import { Rational } from '../../src/exact/rational.js';
import { main } from '../../src/cli/main.js';
import type { Report } from '../../src/report/types.js';
import { CATALOGUE as CAMPAIGN } from '../../src/cli/catalogue-root.js';

const base: CampaignOptions = { seed: 7, claims: ['C4:refutable', 'C8'], runs: 60, shard: null, build: 'simd', timeBudgetMs: null, modelFiles: true };
const report = parseReport(reportJson(runCampaign(base, CAMPAIGN)), 'report.json');

/** Change one entry of a recorded model consistently in bits, exact and decimal (a careful forger). */
function forge(r: Report, key: string): Report {
  const t = structuredClone(r);
  const m = t.claims.find((c) => c.key === key)!.counterexample!.models[0]!;
  const x = m.F.decimal[0]![0]! + 1;
  m.F.decimal[0]![0] = x;
  m.F.bits[0] = bitsOf(x);
  m.F.exact[0] = Rational.fromF64(x).toString();
  return t;
}

describe('replay', () => {
  it('confirms an unedited report', () => {
    expect(replayReport(report, null).every((o) => o.confirmed)).toBe(true);
  });

  it('refuses a report whose recorded model was edited (exit 2), however carefully', () => {
    const careless = structuredClone(report);
    careless.claims[1]!.counterexample!.models[0]!.F.decimal[0]![0]! += 1;
    expect(() => replayReport(careless, null)).toThrow(/C8\.counterexample\.models\.0: .*altered.*decimal/);
    const careful = forge(report, 'C8');
    expect(() => replayReport(careful, null)).toThrow(/altered: sha256/);
    // With the hash recomputed too, the regenerated case gives it away.
    const m = careful.claims[1]!.counterexample!.models[0]!;
    m.sha256 = '0'.repeat(64);
    expect(() => replayReport(careful, null)).toThrow(ReportError);
  });

  it('refuses a model file that differs from the recorded model', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'aon-replay-'));
    writeReport(dir, report);
    const m = report.claims[1]!.counterexample!.models[0]!;
    const file = join(dir, m.file!);
    const text = readFileSync(file, 'utf8');
    writeFileSync(file, text.replace(/\[\s*\[\s*(-?[0-9.e-]+)/, (_, x: string) => `[[${Number(x) + 1}`));
    const lines: string[] = [];
    expect(await main(['replay', join(dir, 'report.json')], (s) => lines.push(s), (s) => lines.push(s))).toBe(2);
    expect(lines.join('\n')).toContain(`${m.file} does not match the recorded model`);
  });

  it('bounds the path it accepts: a forged run index is refused at once, not generated for hours', () => {
    const t = structuredClone(report);
    t.claims[1]!.counterexample!.path = '999999999';
    const start = performance.now();
    expect(() => replayReport(t, 'C8')).toThrow(/run index 999999999 is not among the \d+ runs/);
    expect(performance.now() - start).toBeLessThan(5000);
    t.claims[1]!.counterexample!.path = '0:999999';
    expect(() => replayReport(t, 'C8')).toThrow(/shrink index/);
    // The schema itself refuses absurd segments.
    const text = reportJson(report).replace(/"path": "[0-9:]+"/, '"path": "99999999999"');
    expect(() => parseReport(text, 'r.json')).toThrow(/path/);
  });
});

describe('partial campaigns and merges', () => {
  it('a campaign cut by --time-budget exits 3 and says what is missing', () => {
    const r = runCampaign({ ...base, claims: null, runs: 100000, timeBudgetMs: 300 }, CAMPAIGN);
    expect(r.campaign.partial).toBe(true);
    expect(r.summary.exitCode).toBe(3);
    expect(exitFor(r.summary.exitCode)).toBe(3);
    expect(r.summary.incomplete[0]).toMatch(/partial campaign: \d+ of \d+ claims ran.*not run: /);
  });

  it('a merge with a shard missing exits 3 and names the shard', () => {
    const shards = [0, 2].map((index) => runCampaign({ ...base, claims: ['C1', 'C4', 'C8'], shard: { index, count: 3 } }, CAMPAIGN));
    const merged = mergeReports(shards.map((r, i) => ({ file: `s${i}.json`, report: r })));
    expect(merged.campaign.partial).toBe(true);
    expect(merged.summary.exitCode).toBe(3);
    expect(merged.summary.incomplete[0]).toBe('shard 2/3 missing: their claims were not merged');
  });
});

void replayCommand;
