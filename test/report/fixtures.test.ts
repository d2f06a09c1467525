// The sample report is self-consistent, so tests and docs built on it show a report `aon verify` could write:
// exact strings and bit patterns are the doubles', spectra are descending, tolerances follow the rule.
import { describe, it, expect } from 'vitest';
import { sampleReport } from './fixtures.js';
import { Rational } from '../../src/exact/rational.js';
import { fitFloor } from '../../src/engine/tolerance.js';
import type { ClaimStatus, MatrixRecord } from '../../src/report/types.js';

function fromBits(hex: string): number {
  const v = new DataView(new ArrayBuffer(8));
  v.setBigUint64(0, BigInt(`0x${hex}`));
  return v.getFloat64(0);
}

function expectLossless(m: MatrixRecord, where: string): void {
  expect(m.exact, where).toHaveLength(m.rows * m.cols);
  expect(m.bits, where).toHaveLength(m.rows * m.cols);
  expect(m.decimal, where).toHaveLength(m.rows);
  m.decimal.forEach((row, i) => {
    expect(row, where).toHaveLength(m.cols);
    row.forEach((x, j) => {
      const k = i * m.cols + j;
      expect(Object.is(fromBits(m.bits[k]!), x), `${where}[${i},${j}] bits`).toBe(true);
      expect(Rational.fromF64(x).toString(), `${where}[${i},${j}] exact`).toBe(m.exact[k]);
    });
  });
}

describe('sampleReport', () => {
  const r = sampleReport();

  it('represents the statuses a reviewer must recognise, and is a complete run', () => {
    const statuses = new Set(r.claims.map((c) => c.status));
    for (const s of ['held', 'counterexample-certified', 'numerical', 'inconclusive', 'error'] satisfies ClaimStatus[]) expect(statuses).toContain(s);
    expect(r.campaign.partial).toBe(false);
    expect(new Set(r.claims.map((c) => c.key)).size).toBe(r.claims.length);
  });

  it('has a summary that agrees with its claims', () => {
    const incompleteStatus = new Set<ClaimStatus>(['insufficient-evidence', 'inconclusive', 'not-run']);
    const unexpected = r.claims.filter((c) => !c.asExpected && !incompleteStatus.has(c.status)).map((c) => c.key);
    const incomplete = r.claims.filter((c) => incompleteStatus.has(c.status));
    expect(r.summary).toMatchObject({ total: r.claims.length, asExpected: r.claims.filter((c) => c.asExpected).length, unexpected, exitCode: unexpected.length ? 1 : incomplete.length ? 3 : 0 });
    expect(r.summary.incomplete.length).toBe(incomplete.length);
    expect(Object.keys(r.timing.perClaimMs).sort()).toEqual(r.claims.map((c) => c.key).sort());
    for (const c of r.claims) {
      expect(c.conclusive + c.vacuous + c.inconclusive + c.failed, c.key).toBeLessThanOrEqual(c.runs);
      expect(c.runs, c.key).toBeLessThanOrEqual(c.numRuns);
    }
  });

  it('writes every matrix losslessly: bits, exact rationals and decimals are the same doubles', () => {
    for (const c of r.claims) {
      for (const m of c.counterexample?.models ?? []) {
        expectLossless(m.F, `${c.key} ${m.name} F`);
        expectLossless(m.G, `${c.key} ${m.name} G`);
      }
    }
  });

  it('has small certified counterexamples with descending spectra and rule-following tolerances', () => {
    const certified = r.claims.filter((c) => c.status === 'counterexample-certified');
    expect(certified.length).toBeGreaterThanOrEqual(1);
    for (const c of certified) {
      const cx = c.counterexample!;
      expect(cx.certificate.verified).toBe(true);
      expect(cx.models).toHaveLength(2);
      expect(cx.size).toEqual({ n: 2, V: 3, d: 2 });
      for (const m of cx.models) expect([m.F.rows, m.F.cols, m.G.rows, m.G.cols]).toEqual([2, 2, 3, 2]);
    }
    for (const c of r.claims) {
      const cx = c.counterexample;
      if (cx === null) continue;
      expect(cx.tolerance).toBe(fitFloor(r.tolerances, cx.kappa!, 0));
      for (const m of cx.models) {
        expect(m.spectrum).toHaveLength(Math.min(m.F.rows, m.G.rows - 1));
        expect([...m.spectrum].sort((a, b) => b - a)).toEqual(m.spectrum);
      }
    }
    const numerical = r.claims.find((c) => c.status === 'numerical')!.counterexample!;
    expect(numerical.certificate.verified).toBe(false);
    expect(numerical.residual! / numerical.tolerance!).toBeLessThan(10);
  });
});
