// `aon compare --blocked` (the real-size path) against the dense path on small files: the same distribution
// verdict, the same ranks and r, and the same ~L and ~EL verdicts, from row blocks and R factors of
// [F | F̃] and [G₀ | G̃₀] instead of whole matrices. The dense side runs with --no-exact: the blocked path
// has no exact-arithmetic fallback, so both must settle (or not) in floating point alike.
import { describe, it, expect } from 'vitest';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../../src/cli/main.js';
import { writeModelSafetensors } from '../../src/io/index.js';
import { hardSet } from '../hard-set/pairs.js';
import { writePairs } from '../blocked/pairs.js';
import { compareBlockedTimed } from '../../src/cli/compare-blocked.js';
import { mapGivenDistribution } from '../../src/engine/equivalence.js';

const dir = mkdtempSync(join(tmpdir(), 'aon-blocked-'));
const validate = new Ajv2020({ allErrors: true, strict: true }).compile(JSON.parse(readFileSync('schemas/compare.schema.json', 'utf8')));

async function run(...args: string[]): Promise<{ code: number; json: Record<string, any> }> {
  let out = '';
  const code = await main(args, (s) => (out += `${s}\n`), () => undefined);
  return { code, json: JSON.parse(out) };
}

/** The verdicts a user reads, side by side. */
function verdicts(j: Record<string, any>) {
  return {
    equivalent: j.equivalent,
    models: j.models.map((m: any) => ({ rankF: m.rankF, rankG0: m.rankG0, r: m.r, rConclusive: m.rConclusive, fDiverse: m.fDiverse, gDiverse: m.gDiverse })),
    linear: { holds: j.linear.holds, conclusive: j.linear.conclusive },
    extendedLinear: { holds: j.extendedLinear.holds, conclusive: j.extendedLinear.conclusive },
  };
}

const REGIMES = ['plain', 'd ≠ d̃', 'huge junk', 'tiny junk', 'ill-conditioned M', 'near-rank-deficient'];
// Per regime: an equivalent pair and perturbed ones (1e-12: within or near the floor; 1e-4: clearly not).
const pairs = hardSet(3, 1).filter((p) => ['f64', 'f32'].includes(p.a.dtype) && REGIMES.includes(p.regime)
  && [0, 1e-12, 1e-4].includes(p.perturbation));

describe('aon compare --blocked agrees with the dense path (distribution, ranks, r, ~L, ~EL)', () => {
  pairs.forEach((p, i) => {
    it(`${p.name}`, async () => {
      const a = join(dir, `a${i}.safetensors`), b = join(dir, `b${i}.safetensors`);
      writeModelSafetensors(a, p.a.F, p.a.G, p.a.pivot);
      writeModelSafetensors(b, p.b.F, p.b.G, p.b.pivot);
      const dense = await run('compare', a, b, '--json', '--no-exact');
      const blocked = await run('compare', a, b, '--json', '--blocked', '--workers', '1');
      expect(blocked.code).toBe(dense.code);
      expect(verdicts(blocked.json)).toEqual(verdicts(dense.json));
      expect(blocked.json.gap.ratio).toBeCloseTo(dense.json.gap.ratio, 6);
      expect(validate(blocked.json), JSON.stringify(validate.errors)).toBe(true);
    });
  });
});

describe('the joint TSQR in chunks and tree levels, on two workers', () => {
  // 699 rows of G₀ in steps of 40: four chunks and two tree levels, each on whichever worker is free.
  const p = writePairs(53, 700, 9, 4, 333, 3);
  for (const [name, other] of [['equivalent', p.same], ['different d', p.wider], ['not equivalent', p.different]] as const) {
    it(name, async () => {
      const dense = await run('compare', p.a, other, '--json', '--no-exact');
      const { report } = await compareBlockedTimed(p.a, other, {}, { workers: 2, stepRows: 40, blockTokens: 64 });
      const blocked = JSON.parse(JSON.stringify(report));
      expect(verdicts(blocked)).toEqual(verdicts(dense.json));
      // Both models' residuals come from the same joint R: near the dense ones where the map holds.
      if (dense.json.linear.holds) expect(blocked.linear.residuals.G0).toBeLessThanOrEqual(blocked.linear.floors.G0);
    });
  }
});

describe('map verdicts never contradict a conclusive distribution verdict (~L ⇒ ~EL ⇒ P = P̃)', () => {
  // Measured at (4096, 50257, 768) f32 (bench compare-real, non-equivalent pair): the gap was 346× its
  // entrywise floor while ‖G₀ − G̃₀ M⁻¹‖ sat within its normwise floor, so ~L alone said "holds".
  const within = { holds: true, residual: 0.1, tol: 1, kappa: 1, conclusive: true, reason: null, M: null, cond: 1, residuals: { F: 1e-9, G0: 1.4e-4 }, floors: { F: 1e-8, G0: 6e-2 } };
  it('a holding ~L becomes a conclusive "does not hold" when the distributions differ', () => {
    const v = mapGivenDistribution(within, true, '~L');
    expect([v.holds, v.conclusive]).toEqual([false, true]);
    expect(v.reason).toMatch(/C3/);
  });
  it('an inconclusive ~EL too; nothing changes when the distributions agree', () => {
    const v = mapGivenDistribution({ ...within, conclusive: false, reason: 'inconclusive: cond(M)' }, true, '~EL');
    expect([v.holds, v.conclusive]).toEqual([false, true]);
    expect(mapGivenDistribution(within, false, '~L')).toBe(within);
  });
});

describe('--precision on the blocked path', () => {
  // A pair 1e-6 apart relative (f64 files): not equivalent at f64's own precision, equivalent when asked at 1e-3.
  const p = hardSet(3, 1).find((x) => x.a.dtype === 'f64' && x.regime === 'plain' && x.perturbation === 1e-12)!;
  const a = join(dir, 'prec-a.safetensors'), b = join(dir, 'prec-b.safetensors');
  const bumped = { ...p.b.G, data: p.b.G.data.map((v, i) => (i % 7 === 0 ? v * (1 + 1e-6) : v)) };
  writeModelSafetensors(a, p.a.F, p.a.G, p.a.pivot);
  writeModelSafetensors(b, p.b.F, bumped, p.b.pivot);
  for (const precision of [null, '1e-3']) {
    it(`agrees with the dense path ${precision ? `at --precision ${precision}` : 'at the files\' precision'}`, async () => {
      const extra = precision ? ['--precision', precision] : [];
      const dense = await run('compare', a, b, '--json', '--no-exact', ...extra);
      const blocked = await run('compare', a, b, '--json', '--blocked', '--workers', '1', ...extra);
      expect(blocked.json.equivalent).toBe(precision !== null);
      expect(verdicts(blocked.json)).toEqual(verdicts(dense.json));
      expect(blocked.json.precision.requested).toBe(precision ? 1e-3 : null);
      expect(blocked.json.models.map((m: any) => m.precision.F)).toEqual(dense.json.models.map((m: any) => m.precision.F));
      expect(validate(blocked.json), JSON.stringify(validate.errors)).toBe(true);
    });
  }
});

describe('the map verdicts on workers', () => {
  const p = writePairs(54, 300, 7, 4, 6, 2);
  it('are the same bit for bit on one worker and on two', async () => {
    const one = await compareBlockedTimed(p.a, p.same, {}, { workers: 1 }, false);
    const two = await compareBlockedTimed(p.a, p.same, {}, { workers: 2 }, false);
    expect(one.report.linear.holds).toBe(true);
    expect(JSON.stringify(two.report.linear)).toBe(JSON.stringify(one.report.linear));
    expect(JSON.stringify(two.report.extendedLinear)).toBe(JSON.stringify(one.report.extendedLinear));
  });
  it('are not computed when the distributions differ: C3 and C6 settle them, and say so', async () => {
    const { report } = await compareBlockedTimed(p.a, p.different, {}, { workers: 2 }, false);
    expect(report.equivalent).toBe(false);
    for (const v of [report.linear, report.extendedLinear]) {
      expect([v.holds, v.conclusive, v.M, v.residuals.F]).toEqual([false, true, null, null]);
      expect(v.reason).toMatch(/not computed/);
    }
  });
});

describe('the same stored numbers twice on the blocked path', () => {
  const p = writePairs(55, 300, 7, 4, 6, 2);
  it('are equivalent exactly, ~L and ~EL with M = I, without the gap pass; a copy with one value changed is not', async () => {
    const copy = join(dir, 'copy.safetensors');
    writeFileSync(copy, readFileSync(p.a));
    const same = await run('compare', p.a, copy, '--json', '--blocked', '--workers', '2', '--no-approximate');
    expect(same.code).toBe(0);
    expect(same.json.decidedExactly[0]).toMatch(/identical inputs/);
    expect([same.json.gap.ratio, same.json.linear.holds, same.json.linear.conclusive, same.json.extendedLinear.holds]).toEqual([0, true, true, true]);
    expect(validate(same.json), JSON.stringify(validate.errors)).toBe(true);
    const dense = await run('compare', p.a, copy, '--json', '--no-approximate');
    expect(verdicts(same.json)).toEqual(verdicts(dense.json));
    // One byte of G̃'s last value changed: no longer the same numbers, so the full decision runs.
    const bytes = readFileSync(p.a);
    bytes[bytes.length - 1] = (bytes[bytes.length - 1]! ^ 1);
    writeFileSync(copy, bytes);
    const changed = await run('compare', p.a, copy, '--json', '--blocked', '--workers', '2', '--no-approximate');
    expect(changed.json.decidedExactly).toEqual([]);
  });
});

describe('progress of the blocked path', () => {
  const p = writePairs(40, 300, 6, 3, 9, 4);
  it('goes to stderr, a plain line at the start and end of each stage when stderr is not a terminal, and stdout keeps the JSON alone', async () => {
    const lines: string[] = [];
    const write = process.stderr.write.bind(process.stderr);
    const tty = process.stderr.isTTY;
    Object.defineProperty(process.stderr, 'isTTY', { value: false, configurable: true });
    process.stderr.write = ((s: string) => { lines.push(String(s)); return true; }) as typeof process.stderr.write;
    let r: Awaited<ReturnType<typeof run>>;
    try {
      r = await run('compare', p.a, p.wider, '--json', '--blocked', '--workers', '2', '--no-approximate');
    } finally {
      process.stderr.write = write;
      Object.defineProperty(process.stderr, 'isTTY', { value: tty, configurable: true });
    }
    expect(r.json.equivalent).toBe(true);
    const text = lines.join('');
    for (const stage of ['QR of G0 of both', 'log-odds gap, SVDs and maps']) expect(text).toContain(stage);
    expect(text).toMatch(/log-odds gap, SVDs and maps[^\n]*done in/);
  });
});
