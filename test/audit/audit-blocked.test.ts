// `aon audit --blocked` (the real-size path: structure from TSQR factors, F and a few rows of G held,
// products with G streamed, equivalent models applied only to what the measures read) against the dense
// audit on the same small files: every verdict the same, every measure the same to rounding.
import { describe, it, expect } from 'vitest';
import { mkdtempSync, writeFileSync, readFileSync } from 'node:fs';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../../src/cli/main.js';
import { writeModelSafetensors } from '../../src/io/index.js';
import { testModel, plantParallel, type Shape } from './models.js';

const dir = mkdtempSync(join(tmpdir(), 'aon-audit-blocked-'));
const validate = new Ajv2020({ allErrors: true, strict: true }).compile(JSON.parse(readFileSync('schemas/audit.schema.json', 'utf8')));

async function run(...args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '', err = '';
  const code = await main(args, (s) => (out += `${s}\n`), (s) => (err += `${s}\n`));
  return { code, out, err };
}

function propertyFile(name: string, d: number, n: number): string {
  const pairs = Array.from({ length: d + 6 }, (_, i) => [i % n, (i + 7) % n]);
  const file = join(dir, name);
  writeFileSync(file, JSON.stringify({ properties: [
    { kind: 'unembedding-difference', pairs: [[1, 2], [3, 4]] },
    { kind: 'unembedding-difference', pairs: [[5, 6], [7, 8]] },
    { kind: 'embedding-difference', pairs: [[0, 1], [2, 3]] },
    { kind: 'relational', pairs },
    { kind: 'probe', pairs: pairs.slice(0, 6), answers: [2, 5, 9], W: [Array.from({ length: d }, (_, k) => (k % 3) - 1), Array.from({ length: d }, (_, k) => k / d)], b: [0.5, -0.25] },
    { kind: 'steering', v: Array.from({ length: d }, (_, k) => (k % 2 ? 1 : -0.5)) },
  ] }));
  return file;
}

async function both(shape: Shape, seed: number, pivot = 0) {
  const n = 40, V = 30, d = 5;
  const m = testModel(shape, n, V, d, seed);
  plantParallel(m, [[1, 2], [3, 4]], 0.5);
  const file = join(dir, `${shape}-${seed}-${pivot}.safetensors`);
  writeModelSafetensors(file, m.F, m.G, pivot);
  const props = propertyFile(`${shape}-${seed}.json`, d, n);
  const dense = await run('audit', file, '--properties', props, '--json');
  const blocked = await run('audit', file, '--properties', props, '--json', '--blocked', '--workers', '1');
  return { dense: { code: dense.code, j: JSON.parse(dense.out) }, blocked: { code: blocked.code, j: JSON.parse(blocked.out) }, err: blocked.err };
}

/**
 * How far the two paths' numbers may differ. They read the same stored numbers; what differs is the order
 * of operations: the structure comes from the SVD of R factors instead of F and G₀ (the same Gram matrices,
 * so subspaces agree to about d ε κ), K from R_G₀ᵀR_G₀ − V h hᵀ instead of the centred sum (streamed.ts
 * gramFromFactor: ≲ (2 c_QR + d) ε ‖G₀‖_F², ‖G₀‖_F² ≤ 2‖G_c‖_F² here), G u from (g_y − g_pivot)ᵀu + g_pivotᵀu
 * (≤ γ_d (‖g_y‖ + 2‖g_pivot‖) ‖u‖ per entry) and a shear's rows from A f instead of a rank-one update. Each
 * measure is a ratio of such sums; its relative change is at most the inputs' relative error times its
 * condition: the draws' maps have cond ≤ 1e3 (draws.ts DRAW_COND), these models' K cond ≲ 1e2 and sizes
 * ≤ 40, so 40 · 1e3 · 1e2 · 2⁻⁵² ≈ 1e-9 relative, against differences seen at 1e-15.
 */
const RTOL = 1e-9;
/** Rounding-level drifts (invariant measures over draws, logits of draws) only need to stay rounding-level on both paths. */
const DRIFT_MAX = 1e-9;

function close(a: number | null, b: number | null, what: string): void {
  if (a === null || b === null) {
    expect(b, what).toBe(a);
    return;
  }
  expect(Math.abs(a - b), `${what}: dense ${a}, blocked ${b}`).toBeLessThanOrEqual(RTOL * Math.max(1, Math.abs(a)));
}

function sameAudit(dense: Record<string, any>, blocked: Record<string, any>): void {
  expect(blocked.model).toEqual(dense.model);
  expect(blocked.draws).toEqual(dense.draws);
  expect(blocked.summary).toEqual(dense.summary);
  expect(blocked.properties.length).toBe(dense.properties.length);
  dense.properties.forEach((a: Record<string, any>, i: number) => {
    const b = blocked.properties[i];
    const at = `${a.name}`;
    expect([b.name, b.kind, b.claim, b.verdict.code, b.verdict.label], at).toEqual([a.name, a.kind, a.claim, a.verdict.code, a.verdict.label]);
    expect(Object.keys(b.invariant), at).toEqual(Object.keys(a.invariant));
    for (const k of Object.keys(a.invariant)) close(a.invariant[k], b.invariant[k], `${at}: ${k}`);
    expect(Object.keys(b.nonInvariant), at).toEqual(Object.keys(a.nonInvariant));
    for (const k of Object.keys(a.nonInvariant)) close(a.nonInvariant[k], b.nonInvariant[k], `${at}: ${k}`);
    for (const [k, v] of Object.entries(a.details)) {
      if (typeof v === 'number') close(v, b.details[k], `${at}: details.${k}`);
      else expect(b.details[k], `${at}: details.${k}`).toEqual(v);
    }
    expect([b.spread.draws, b.spread.kinds], at).toEqual([a.spread.draws, a.spread.kinds]);
    for (const [k, r] of Object.entries(a.spread.nonInvariant as Record<string, { min: number; max: number }>)) {
      close(r.min, b.spread.nonInvariant[k].min, `${at}: spread of ${k} (min)`);
      close(r.max, b.spread.nonInvariant[k].max, `${at}: spread of ${k} (max)`);
    }
    for (const [k, v] of Object.entries(a.spread.invariantDrift as Record<string, number>)) {
      // Invariant over draws on a diverse side: rounding on both paths; otherwise (junk draws) the same number.
      if (v <= DRIFT_MAX) expect(b.spread.invariantDrift[k], `${at}: drift of ${k}`).toBeLessThanOrEqual(DRIFT_MAX);
      else close(v, b.spread.invariantDrift[k], `${at}: drift of ${k}`);
    }
    expect([a.spread.logitDrift, b.spread.logitDrift].every((x) => x <= DRIFT_MAX), `${at}: logit drifts ${a.spread.logitDrift}, ${b.spread.logitDrift}`).toBe(true);
    expect([b.junk.possible, b.junk.reads, b.junk.note], at).toEqual([a.junk.possible, a.junk.reads, a.junk.note]);
    close(a.junk.fraction, b.junk.fraction, `${at}: junk fraction`);
    close(a.junk.floor, b.junk.floor, `${at}: junk floor`);
  });
}

describe('aon audit --blocked against the dense audit', () => {
  for (const [shape, seed, pivot] of [['diverse', 3, 0], ['diverse', 4, 11], ['no-f-diversity', 3, 0], ['no-f-diversity', 5, 29], ['no-g-diversity', 3, 2]] as [Shape, number, number][]) {
    it(`${shape} (seed ${seed}, pivot ${pivot}): same exit code, verdicts and structure; measures and spreads to rounding`, async () => {
      const { dense, blocked } = await both(shape, seed, pivot);
      expect(blocked.code).toBe(dense.code);
      expect(validate(blocked.j), JSON.stringify(validate.errors)).toBe(true);
      sameAudit(dense.j, blocked.j);
    });
  }

  it('the same report with 1 and 2 workers, bit for bit', async () => {
    const m = testModel('no-f-diversity', 40, 30, 5, 9);
    const file = join(dir, 'workers.safetensors');
    writeModelSafetensors(file, m.F, m.G, 0);
    const props = propertyFile('workers.json', 5, 40);
    const one = await run('audit', file, '--properties', props, '--json', '--blocked', '--workers', '1');
    const two = await run('audit', file, '--properties', props, '--json', '--blocked', '--workers', '2');
    expect(two.out).toBe(one.out);
  });

  it('d beyond the SVD limit: exit 2, "too large" with the size and the limit, before any work', async () => {
    const d = 2049;
    const m = testModel('diverse', 2, 3, d, 1);
    const file = join(dir, 'wide.safetensors');
    writeModelSafetensors(file, m.F, m.G, 0);
    const props = join(dir, 'wide.json');
    writeFileSync(props, JSON.stringify({ properties: [{ kind: 'unembedding-difference', pairs: [[0, 1], [1, 2]] }] }));
    const r = await run('audit', file, '--properties', props, '--blocked', '--workers', '1');
    expect(r.code).toBe(2);
    expect(r.err).toContain('too large');
    expect(r.err).toContain('2049');
    expect(r.err).toContain('2048');
    expect(r.err).not.toContain('QR of');
  });
});
