// Counterexamples worth auditing: every refutable part's recorded witness at the default seed and budget
// is non-degenerate (r ≥ 1: rank L ≥ 1, so L ≠ 0; d ≥ 1), and every recorded model is written as a model
// file that `aon compare` opens (exit 0 or 1, never a usage or input error).
import { describe, it, expect } from 'vitest';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCampaign } from '../../src/campaign/campaign.js';
import { writeReport } from '../../src/report/write.js';
import { main } from '../../src/cli/main.js';
import { DEFAULT_SEED } from '../../src/cli/verify.js';
import { CATALOGUE } from '../../properties/catalogue.js';
import { CATALOGUE as CAMPAIGN } from '../../src/cli/catalogue-root.js';

const refutable = CATALOGUE.filter((e) => e.claim.direction === 'refutable').map((e) => e.key);

describe('recorded counterexamples', () => {
  const report = runCampaign({ seed: DEFAULT_SEED, claims: refutable, runs: null, shard: null, build: 'simd', timeBudgetMs: null, modelFiles: true }, CAMPAIGN);
  const dir = mkdtempSync(join(tmpdir(), 'aon-witness-'));
  writeReport(dir, report);

  for (const c of report.claims) {
    it(`${c.key}: certified, every model with d ≥ 1 and L ≠ 0, every model file opens in aon compare`, async () => {
      expect(c.status).toBe('counterexample-certified');
      const cx = c.counterexample!;
      expect(cx.models.length).toBeGreaterThanOrEqual(2);
      for (const m of cx.models) {
        expect(m.F.cols, `${m.name}: d`).toBeGreaterThanOrEqual(1);
        const sigma1 = m.spectrum[0] ?? 0;
        expect(sigma1, `${m.name}: L ≡ 0`).toBeGreaterThan(1e-8);
        expect(m.file, `${m.name}: model file`).not.toBeNull();
      }
      const [first, ...rest] = cx.models;
      for (const m of rest) {
        const lines: string[] = [];
        const code = await main(['compare', join(dir, first!.file!), join(dir, m.file!)], (s) => lines.push(s), (s) => lines.push(s));
        expect([0, 1], lines.join('\n')).toContain(code);
      }
    });
  }
});
