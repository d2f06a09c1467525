// The campaign as a reviewer relies on it: same seed, same report; shards merged equal the unsharded
// run; replay confirms a recorded counterexample; a genuine falsification is certified exactly while a
// tolerance set too tight is labelled numerical, not falsified.
import { describe, it, expect } from 'vitest';
import { runCampaign, type CampaignOptions } from '../../src/campaign/campaign.js';
import { runCampaignInWorkers } from '../../src/campaign/pool.js';
import { buildRecord } from '../../src/campaign/record.js';
import { runClaim } from '../../src/campaign/run-claim.js';
import { mergeReports } from '../../src/cli/merge.js';
import { replayReport } from '../../src/cli/replay.js';
import { reportJson } from '../../src/report/write.js';
import { parseReport } from '../../src/report/read.js';
import { CATALOGUE } from '../../properties/catalogue.js';
import { defineClaim } from '../../src/claims.js';
import { loadCore } from '../../src/wasm/loader.js';
import { DEFAULT_TOLERANCES } from '../../src/engine/tolerance.js';
import type { Report } from '../../src/report/types.js';
import c6 from '../../properties/c06-extended-linear-identifiability.js';
import { exactModel, sameDistribution } from '../../src/certify/exact-model.js';
import { certificate, check } from '../../src/certify/certificate.js';
import { toPredictor } from '../../src/engine/load.js';
import type { Pair } from '../../src/gen/pairs.js';
import { CATALOGUE as CAMPAIGN } from '../../src/cli/catalogue-root.js';

const base: CampaignOptions = { seed: 7, claims: ['C1', 'C4', 'C6', 'C8'], runs: 60, shard: null, build: 'simd', timeBudgetMs: null, modelFiles: true };

/** The report without its wall-clock block, as text. */
const content = (r: Report) => reportJson({ ...r, timing: { startedAt: '', finishedAt: '', totalMs: 0, perClaimMs: {} } });

describe('campaign', () => {
  it('the same seed gives a byte-identical report apart from timing, in process and in workers', async () => {
    const a = runCampaign(base, CAMPAIGN);
    const b = runCampaign(base, CAMPAIGN);
    expect(content(a)).toBe(content(b));
    const w = await runCampaignInWorkers(base, CAMPAIGN, 2);
    expect(content(w)).toBe(content(a));
    // Longest-first scheduling from known costs changes the order claims run in, not the report.
    const lpt = await runCampaignInWorkers({ ...base, costs: { C1: 1, C4: 5, C6: 9, C8: 3 } }, CAMPAIGN, 2);
    expect(content(lpt)).toBe(content(a));
    expect(a.summary.exitCode).toBe(0);
    // And the report passes its own schema.
    expect(() => parseReport(reportJson(a), 'report.json')).not.toThrow();
  });

  it('a different seed draws different cases', () => {
    const a = runCampaign({ ...base, claims: ['C8'] }, CAMPAIGN);
    const b = runCampaign({ ...base, claims: ['C8'], seed: 8 }, CAMPAIGN);
    expect(a.claims[0]!.counterexample!.seed).not.toBe(b.claims[0]!.counterexample!.seed);
  });

  it('shards merged equal the unsharded run', () => {
    const whole = runCampaign(base, CAMPAIGN);
    const shards = [0, 1, 2].map((index) => runCampaign({ ...base, shard: { index, count: 3 } }, CAMPAIGN));
    expect(shards.map((s) => s.claims.length).reduce((x, y) => x + y)).toBe(whole.claims.length);
    const merged = mergeReports(shards.map((report, i) => ({ file: `shard${i}.json`, report })));
    expect(content(merged)).toBe(content(whole));
  });

  it('merge refuses shards of different campaigns and shards given twice', () => {
    const s0 = runCampaign({ ...base, claims: ['C1'], shard: { index: 0, count: 2 } }, CAMPAIGN);
    const other = runCampaign({ ...base, claims: ['C1'], seed: 99, shard: { index: 1, count: 2 } }, CAMPAIGN);
    expect(() => mergeReports([{ file: 'a.json', report: s0 }, { file: 'b.json', report: other }])).toThrow(/b\.json: campaign\.seed: differs from a\.json/);
    expect(() => mergeReports([{ file: 'a.json', report: s0 }, { file: 'c.json', report: s0 }])).toThrow(/c\.json: claims\.C1: also in a\.json/);
  });

  it('replay round-trips: a recorded counterexample is rerun from its seed and path and confirmed', () => {
    const r = runCampaign({ ...base, claims: ['C4:refutable', 'C8'] }, CAMPAIGN);
    const report = parseReport(reportJson(r), 'report.json');
    const outcomes = replayReport(report, null);
    expect(outcomes.map((o) => o.key)).toEqual(['C4:refutable', 'C8']);
    expect(outcomes.every((o) => o.confirmed)).toBe(true);
    // A tampered path replays another case, which does not reproduce the recorded failure.
    const tampered = structuredClone(report);
    tampered.claims[1]!.counterexample!.message = 'something else';
    expect(replayReport(tampered, 'C8')[0]!.confirmed).toBe(false);
  });

  it('a time budget gives a partial report with the unfinished claims marked', () => {
    const r = runCampaign({ ...base, claims: null, runs: 100000, timeBudgetMs: 300 }, CAMPAIGN);
    expect(r.campaign.partial).toBe(true);
    expect(r.claims.some((c) => c.status === 'not-run')).toBe(true);
  });

  it('a genuine falsification is certified exactly: a false claim is reported falsified', () => {
    // A deliberately false statement: "equivalent models have the same dimension d".
    const falseClaim = defineClaim<Pair>({
      ...(c6 as unknown as Parameters<typeof defineClaim<Pair>>[0]),
      statement: 'deliberately false: equivalent models have the same dimension',
      check: ({ a, b }, { core, engine, tol }) => {
        const A = engine.analyze(toPredictor(core, a), tol), B = engine.analyze(toPredictor(core, b), tol);
        const eq = engine.distributionEquivalence(A, B, tol);
        return eq.holds && A.d !== B.d ? { kind: 'fail', message: `equivalent but d = ${A.d} vs ${B.d}` } : { kind: 'ok' };
      },
      certify: ({ a, b }) => {
        const A = exactModel(a), B = exactModel(b);
        const eq = sameDistribution(A, B);
        return certificate([check('P = P̃', eq), check('same d', A.F.cols === B.F.cols)], eq && A.F.cols !== B.F.cols, 'equivalent models of different dimension');
      },
    });
    const entry = { key: 'C6', id: 'C6' as const, module: 'test', claim: falseClaim };
    const core = loadCore();
    const r = runClaim(falseClaim, { core, seed: 3, numRuns: 300 });
    const record = buildRecord(entry, r, 300, core, DEFAULT_TOLERANCES);
    expect(record.status).toBe('falsified');
    expect(record.counterexample!.certificate.verified).toBe(true);
    expect(record.counterexample!.certificate.method).toBe('exact-rational');
  });

  it('a tolerance set too tight gives numerical, not falsified', () => {
    const entry = CATALOGUE.find((e) => e.key === 'C6')!;
    // Floors a hundred times too tight: rounding crosses them, and exact arithmetic clears the pair.
    const tight = { ...DEFAULT_TOLERANCES, floorScale: 1e-2 };
    const core = loadCore();
    const r = runClaim(entry.claim, { core, seed: 5, numRuns: 300, tol: tight });
    expect(r.failure).not.toBeNull();
    const record = buildRecord(entry, r, 300, core, tight);
    expect(record.status).toBe('numerical');
    expect(record.counterexample!.certificate.verified).toBe(false);
    expect(record.note).toMatch(/did not survive exact re-verification/);
  });

  it('a broken engine function is caught in floating point and exonerated exactly: numerical, not falsified', async () => {
    const broken = await import('../claims/broken.js');
    const entry = CATALOGUE.find((e) => e.key === 'C6')!;
    const core = loadCore();
    const engine = broken.withBroken({ extendedLinearEquivalence: broken.extendedWithMForInverse });
    const r = runClaim(entry.claim, { core, seed: 5, numRuns: 300, engine });
    expect(r.failure).not.toBeNull();
    const record = buildRecord(entry, r, 300, core, DEFAULT_TOLERANCES);
    // The exact re-check does not use the engine: the theory holds on this input, the engine was wrong.
    expect(record.status).toBe('numerical');
  });
});
