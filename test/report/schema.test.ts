// schemas/report.schema.json against src/report/types.ts: the sample report validates, the schema lists
// exactly the fields the types declare, and broken reports are rejected with errors that point at the field.
import { describe, it, expect } from 'vitest';
import { readFileSync } from 'node:fs';
import { Ajv2020, type ErrorObject } from 'ajv/dist/2020.js';
import { sampleReport } from './fixtures.js';
import type { Certificate, ClaimRecord, CounterexampleRecord, MatrixRecord, ModelRecord, Report } from '../../src/report/types.js';
import { CLAIM_IDS } from '../../src/claims.js';

interface SchemaNode {
  required?: string[];
  properties?: Record<string, SchemaNode>;
  additionalProperties?: boolean | SchemaNode;
  items?: SchemaNode;
}

const schema = JSON.parse(readFileSync('schemas/report.schema.json', 'utf8')) as SchemaNode & { $defs: Record<string, SchemaNode> };
// strict: an unknown keyword or format in the schema is an error, not silently ignored.
const validate = new Ajv2020({ allErrors: true, strict: true }).compile(schema);

/** The report as it travels: through JSON, so only what JSON can carry is checked. */
function json(): Report & Record<string, unknown> {
  return JSON.parse(JSON.stringify(sampleReport())) as Report & Record<string, unknown>;
}

function errorsOf(doc: unknown): ErrorObject[] {
  expect(validate(doc)).toBe(false);
  return validate.errors ?? [];
}

function indexOf(r: Report, key: string): number {
  const i = r.claims.findIndex((c) => c.key === key);
  expect(i).toBeGreaterThanOrEqual(0);
  return i;
}

// One literal per type, each key exactly once: the compiler rejects a missing or an unknown key, so
// these lists follow types.ts and the test below holds the schema to them.
const REPORT_KEYS: Record<keyof Report, true> = {
  format: true, tool: true, wasm: true, runtime: true, campaign: true, tolerances: true, claims: true, summary: true, timing: true,
};
const CLAIM_KEYS: Record<keyof ClaimRecord, true> = {
  key: true, id: true, module: true, title: true, statement: true, direction: true, negates: true, status: true,
  asExpected: true, numRuns: true, runs: true, conclusive: true, vacuous: true, inconclusive: true, shrinks: true,
  note: true, counterexample: true, failed: true, coverage: true, evidence: true, shrinkRuns: true,
};
const CX_KEYS: Record<keyof CounterexampleRecord, true> = {
  size: true, message: true, residual: true, tolerance: true, kappa: true, toleranceWhy: true, models: true,
  certificate: true, seed: true, path: true,
};
const MODEL_KEYS: Record<keyof ModelRecord, true> = { name: true, pivot: true, F: true, G: true, spectrum: true, rankFloor: true, file: true, sha256: true };
const MATRIX_KEYS: Record<keyof MatrixRecord, true> = { rows: true, cols: true, exact: true, bits: true, decimal: true };
const CERT_KEYS: Record<keyof Certificate, true> = { method: true, verified: true, checks: true, note: true };
const NESTED: Record<string, Record<string, true>> = {
  tool: { name: true, version: true } satisfies Record<keyof Report['tool'], true>,
  wasm: { build: true, simd: true, sha256: true, abiVersion: true, flags: true } satisfies Record<keyof Report['wasm'], true>,
  runtime: { name: true, version: true, platform: true, arch: true } satisfies Record<keyof Report['runtime'], true>,
  campaign: { seed: true, claims: true, runs: true, shard: true, partial: true, replay: true, profile: true } satisfies Record<keyof Report['campaign'], true>,
  tolerances: { uIn: true, floorScale: true } satisfies Record<keyof Report['tolerances'], true>,
  summary: { total: true, asExpected: true, unexpected: true, incomplete: true, exitCode: true } satisfies Record<keyof Report['summary'], true>,
  timing: { startedAt: true, finishedAt: true, totalMs: true, perClaimMs: true } satisfies Record<keyof Report['timing'], true>,
};

function expectExact(node: SchemaNode | undefined, keys: Record<string, true>, where: string): void {
  expect(node, where).toBeDefined();
  expect([...(node!.required ?? [])].sort(), `${where}: required`).toEqual(Object.keys(keys).sort());
  expect(Object.keys(node!.properties ?? {}).sort(), `${where}: properties`).toEqual(Object.keys(keys).sort());
  expect(node!.additionalProperties, `${where}: additionalProperties`).toBe(false);
}

describe('report schema', () => {
  it('accepts the sample report', () => {
    const ok = validate(json());
    expect(validate.errors ?? []).toEqual([]);
    expect(ok).toBe(true);
  });

  it('lists exactly the fields of the Report types, all required, nothing extra', () => {
    expectExact(schema, REPORT_KEYS, 'Report');
    for (const [name, keys] of Object.entries(NESTED)) expectExact(schema.properties![name], keys, `Report.${name}`);
    expectExact(schema.$defs['claim'], CLAIM_KEYS, 'ClaimRecord');
    expectExact(schema.$defs['counterexample'], CX_KEYS, 'CounterexampleRecord');
    expectExact(schema.$defs['model'], MODEL_KEYS, 'ModelRecord');
    expectExact(schema.$defs['matrix'], MATRIX_KEYS, 'MatrixRecord');
    expectExact(schema.$defs['certificate'], CERT_KEYS, 'Certificate');
    // `detail` is the one optional field.
    const check = schema.$defs['certificate']!.properties!['checks']!.items!;
    expect(check.required).toEqual(['statement', 'holds']);
    expect(Object.keys(check.properties!).sort()).toEqual(['detail', 'holds', 'statement']);
  });

  it('accepts every claim of the catalogue: id enum and key pattern follow CLAIM_IDS', () => {
    // C17 and C18 joined the campaign after the schema was written, and replay refused their reports.
    const defs = schema.$defs as unknown as Record<string, { pattern?: string; properties?: Record<string, { enum?: string[] }> }>;
    expect(defs['claim']!.properties!['id']!.enum).toEqual([...CLAIM_IDS]);
    const key = new RegExp(defs['claimKey']!.pattern!);
    for (const id of CLAIM_IDS) expect(key.test(`${id}:refutable`), id).toBe(true);
    expect(key.test('C19')).toBe(false);
  });

  it('rejects a missing field, naming it and where it is missing', () => {
    const r = json();
    delete (r.claims[0] as Partial<ClaimRecord>).status;
    expect(errorsOf(r)).toContainEqual(expect.objectContaining({
      instancePath: '/claims/0', keyword: 'required', params: { missingProperty: 'status' },
    }));
    const top = json();
    delete (top as Partial<Report>).timing;
    expect(errorsOf(top)).toContainEqual(expect.objectContaining({ instancePath: '', keyword: 'required', params: { missingProperty: 'timing' } }));
  });

  it('rejects an unknown status with the allowed values', () => {
    const r = json();
    (r.claims[2] as { status: string }).status = 'passed';
    const e = errorsOf(r).find((x) => x.instancePath === '/claims/2/status');
    expect(e?.keyword).toBe('enum');
    expect((e?.params as { allowedValues: string[] }).allowedValues).toContain('counterexample-certified');
  });

  it('rejects a bad IEEE bit pattern at its exact position', () => {
    for (const bad of ['3FB999999999999A', '3fb99999999999', 'zzzzzzzzzzzzzzzz']) {
      const r = json();
      const i = indexOf(r, 'C8');
      r.claims[i]!.counterexample!.models[1]!.F.bits[3] = bad;
      expect(errorsOf(r)).toContainEqual(expect.objectContaining({
        instancePath: `/claims/${i}/counterexample/models/1/F/bits/3`, keyword: 'pattern',
      }));
    }
  });

  it('accepts exact rationals p/q and p only', () => {
    const i = indexOf(json(), 'C8');
    for (const [value, ok] of [['-3/4', true], ['0', true], ['12', true], ['1.5', false], ['3/-4', false], ['1e3', false], ['', false]] as const) {
      const r = json();
      r.claims[i]!.counterexample!.models[0]!.G.exact[0] = value;
      expect(validate(r), value).toBe(ok);
      if (!ok) expect(validate.errors).toContainEqual(expect.objectContaining({ instancePath: `/claims/${i}/counterexample/models/0/G/exact/0`, keyword: 'pattern' }));
    }
  });

  it('rejects extra properties, wrong types and non-integers', () => {
    const extra = json();
    (extra.wasm as Record<string, unknown>)['debug'] = true;
    expect(errorsOf(extra)).toContainEqual(expect.objectContaining({ instancePath: '/wasm', keyword: 'additionalProperties', params: { additionalProperty: 'debug' } }));

    const frac = json();
    frac.claims[0]!.runs = 2.5;
    expect(errorsOf(frac)).toContainEqual(expect.objectContaining({ instancePath: '/claims/0/runs', keyword: 'type' }));

    const dir = json();
    (dir.claims[0] as { direction: string }).direction = 'sometimes';
    expect(errorsOf(dir)).toContainEqual(expect.objectContaining({ instancePath: '/claims/0/direction', keyword: 'enum' }));

    const method = json();
    const i = indexOf(method, 'C8');
    (method.claims[i]!.counterexample!.certificate as { method: string }).method = 'float';
    expect(errorsOf(method)).toContainEqual(expect.objectContaining({ instancePath: `/claims/${i}/counterexample/certificate/method`, keyword: 'enum' }));

    const exit = json();
    (exit.summary as { exitCode: number }).exitCode = 2;
    expect(errorsOf(exit)).toContainEqual(expect.objectContaining({ instancePath: '/summary/exitCode', keyword: 'enum' }));

    const format = json();
    (format as { format: number }).format = 2;
    expect(errorsOf(format)).toContainEqual(expect.objectContaining({ instancePath: '/format', keyword: 'const' }));
  });

  it('accepts null exactly where the types allow it', () => {
    const r = json();
    const i = indexOf(r, 'C8');
    const cx = r.claims[i]!.counterexample!;
    Object.assign(cx, { residual: null, tolerance: null, kappa: null });
    cx.models[0]!.file = null;
    Object.assign(r.campaign, { runs: null, shard: null });
    r.claims[0]!.note = null;
    expect(validate(r), JSON.stringify(validate.errors)).toBe(true);

    const sharded = json();
    sharded.campaign.shard = { index: 1, count: 4 };
    sharded.campaign.runs = 50;
    expect(validate(sharded)).toBe(true);

    for (const path of ['summary', 'tool', 'tolerances'] as const) {
      const bad = json();
      (bad as Record<string, unknown>)[path] = null;
      expect(errorsOf(bad)).toContainEqual(expect.objectContaining({ instancePath: `/${path}`, keyword: 'type' }));
    }
    const claimNull = json();
    (claimNull.claims[0] as { title: string | null }).title = null;
    expect(errorsOf(claimNull)).toContainEqual(expect.objectContaining({ instancePath: '/claims/0/title', keyword: 'type' }));
  });
});
