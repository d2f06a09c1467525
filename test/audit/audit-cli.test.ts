// aon analyze and aon audit end to end: the committed real model (PP-OCRv4's recogniser, f32), generated
// models with known verdicts, JSON against the schemas, exit codes, and bad property files.
import { describe, it, expect } from 'vitest';
import { mkdtempSync, writeFileSync, readFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { main } from '../../src/cli/main.js';
import { writeModelJson } from '../../src/io/index.js';
import { testModel, plantParallel } from './models.js';

const dir = mkdtempSync(join(tmpdir(), 'aon-audit-'));
const REAL = 'test/fixtures/real/ocr-small.safetensors';
const REAL_VOCAB = 'test/fixtures/real/ocr-small.vocab.txt';

async function run(...args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '', err = '';
  const code = await main(args, (s) => (out += `${s}\n`), (s) => (err += `${s}\n`));
  return { code, out, err };
}

const ajv = new Ajv2020({ allErrors: true, strict: true });
const validateAudit = ajv.compile(JSON.parse(readFileSync('schemas/audit.schema.json', 'utf8')));
const validateAnalyze = ajv.compile(JSON.parse(readFileSync('schemas/analyze.schema.json', 'utf8')));

function props(name: string, list: unknown[]): string {
  const file = join(dir, name);
  writeFileSync(file, JSON.stringify({ properties: list }));
  return file;
}

describe('aon analyze', () => {
  it('on the real fixture: full rank 121 everywhere, diverse, no junk; JSON valid; export and HTML written', async () => {
    const npz = join(dir, 'bases.npz'), html = join(dir, 'spectra.html');
    const r = await run('analyze', REAL, '--json', '--export', npz, '--html', html);
    expect(r.code).toBe(0);
    const j = JSON.parse(r.out);
    expect(validateAnalyze(j), JSON.stringify(validateAnalyze.errors)).toBe(true);
    expect([j.n, j.V, j.d, j.dtype]).toEqual([400, 175, 121, 'f32']);
    expect([j.rankF, j.rankG0, j.rankL, j.r, j.fDiverse, j.gDiverse]).toEqual([121, 121, 121, 121, true, true]);
    expect(j.spectra.L.sigma).toHaveLength(121);
    expect(j.junk).toEqual({ embedding: 0, unembedding: 0 });
    expect(existsSync(npz)).toBe(true);
    expect(readFileSync(html, 'utf8')).toContain('<svg');
  });

  it('counts junk dimensions on generated models', async () => {
    const f = join(dir, 'nof.json');
    const m = testModel('no-f-diversity', 20, 10, 4, 1);
    writeModelJson(f, m.F, m.G, 0);
    const j = JSON.parse((await run('analyze', f, '--json')).out);
    expect([j.rankF, j.r, j.junk.embedding, j.junk.unembedding]).toEqual([3, 3, 0, 1]);
  });

  it('usage errors exit 2', async () => {
    expect((await run('analyze')).code).toBe(2);
    expect((await run('analyze', join(dir, 'missing.json'))).code).toBe(2);
  });
});

describe('aon audit', () => {
  it('on the real fixture with token names: the Euclidean cosine depends on the parameterisation, the log-odds correlation does not (exit 1)', async () => {
    const p = props('real.json', [
      { kind: 'unembedding-difference', name: 'S−s vs C−c', pairs: [['S', 's'], ['C', 'c']] },
      { kind: 'unembedding-difference', name: 'A−a vs B−b', pairs: [['A', 'a'], ['B', 'b']] },
    ]);
    const r = await run('audit', REAL, '--properties', p, '--vocab', REAL_VOCAB, '--json');
    expect(r.code).toBe(1);
    const j = JSON.parse(r.out);
    expect(validateAudit(j), JSON.stringify(validateAudit.errors)).toBe(true);
    for (const prop of j.properties) {
      expect(prop.verdict.code).toBe('depends');
      expect(prop.spread.nonInvariant['Euclidean cosine'].min).toBeLessThan(-0.98);
      expect(prop.spread.nonInvariant['Euclidean cosine'].max).toBeGreaterThan(0.98);
      expect(prop.spread.invariantDrift['correlation across contexts']).toBeLessThan(1e-9);
      expect(prop.spread.logitDrift).toBeLessThan(1e-10);
    }
    const text = await run('audit', REAL, '--properties', p, '--vocab', REAL_VOCAB);
    expect(text.out).toContain('[depends on the parameterisation] S−s vs C−c');
    expect(text.out).toContain('NOT invariant: Euclidean cosine');
  });

  it('exit 0 when every property is a fact; exit 3 when a verdict is inconclusive and none depends', async () => {
    const m = testModel('diverse', 30, 12, 5, 2);
    plantParallel(m, [[1, 2], [3, 4]], 0.5);
    const f = join(dir, 'par.json');
    writeModelJson(f, m.F, m.G, 0);
    const fact = props('fact.json', [{ kind: 'unembedding-difference', pairs: [[1, 2], [3, 4]] }, { kind: 'steering', v: [1, 0, 0, 0, 0] }]);
    expect((await run('audit', f, '--properties', fact)).code).toBe(0);
    const vacuous = props('vac.json', [{ kind: 'relational', pairs: [[0, 1], [2, 3]] }]);
    expect((await run('audit', f, '--properties', vacuous)).code).toBe(3);
  });

  it('bad property files exit 2 naming the field', async () => {
    const cases: [unknown[], string][] = [
      [[{ kind: 'unembedding-difference', pairs: [[0, 1]] }], 'properties[0].pairs'],
      [[{ kind: 'unembedding-difference', pairs: [[0, 1], [2, 999]] }], 'properties[0].pairs[1][1]'],
      [[{ kind: 'unembedding-difference', pairs: [['S', 's'], [2, 3]] }], 'names need --vocab'],
      [[{ kind: 'steering', v: [1, 2] }], 'properties[0].v'],
      [[{ kind: 'parallel' }], 'properties[0].kind'],
    ];
    for (const [list, fragment] of cases) {
      const r = await run('audit', REAL, '--properties', props('bad.json', list));
      expect(r.code).toBe(2);
      expect(r.err).toContain(fragment);
    }
    writeFileSync(join(dir, 'notjson.json'), '{');
    expect((await run('audit', REAL, '--properties', join(dir, 'notjson.json'))).err).toContain('not valid JSON');
    expect((await run('audit', REAL)).code).toBe(2);
  });
});
