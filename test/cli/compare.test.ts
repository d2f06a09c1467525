// aon compare end to end: generated pairs of different d written in all three formats, the verdict
// against the truth, the JSON against its schema, and broken files rejected with exit code 2.
import { describe, it, expect, beforeAll } from 'vitest';
import { mkdtempSync, writeFileSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import fc from 'fast-check';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { main } from '../../src/cli/main.js';
import { writeModelJson, writeModelNpz, writeModelSafetensors } from '../../src/io/index.js';
import { familyArb } from '../../src/gen/arbitraries.js';
import { makeClass, makeMember, type Instance } from '../../src/gen/block.js';

const dir = mkdtempSync(join(tmpdir(), 'aon-compare-'));
const writers = { json: writeModelJson, npz: writeModelNpz, safetensors: writeModelSafetensors } as const;
type Format = keyof typeof writers;

function write(name: string, m: Instance, format: Format): string {
  const file = join(dir, `${name}.${format}`);
  writers[format](file, m.F, m.G, m.pivot);
  return file;
}

async function run(...args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '', err = '';
  const code = await main(args, (s) => (out += `${s}\n`), (s) => (err += `${s}\n`));
  return { code, out, err };
}

const validate = new Ajv2020({ allErrors: true }).compile(JSON.parse(readFileSync('schemas/compare.schema.json', 'utf8')));

/** Equivalent pairs with different junk (so usually different d), and pairs from two classes. */
const families = fc.sample(familyArb(2, { minN: 3, minV: 3, minR: 1, maxP: 2, maxQ: 2 }), { seed: 5, numRuns: 6 });

describe('aon compare', () => {
  const formats: Format[] = ['json', 'npz', 'safetensors'];

  families.forEach((fam, i) => {
    const format = formats[i % 3]!;
    const other = formats[(i + 1) % 3]!;
    it(`equivalent pair ${i} (d = ${fam.members[0]!.F.cols} vs ${fam.members[1]!.F.cols}, ${format} vs ${other}): exit 0, ~EL with a witness`, async () => {
      const a = write(`eq${i}a`, fam.members[0]!, format), b = write(`eq${i}b`, fam.members[1]!, other);
      // A float-mode member equals an exact member of its class only at the precision its construction
      // guarantees (src/gen/block.ts memberPrecision), coarser than the f64 it is stored in: ask at that.
      const u = Math.max(...fam.members.slice(0, 2).flatMap((m) => (m.precision ? [m.precision.F, m.precision.G] : [])));
      const r = await run('compare', a, b, '--json', ...(Number.isFinite(u) ? ['--precision', String(u)] : []));
      expect(r.err).toBe('');
      const report = JSON.parse(r.out);
      expect(validate(report), JSON.stringify(validate.errors)).toBe(true);
      expect(report.equivalent).toBe(true);
      expect(report.extendedLinear.holds).toBe(true);
      expect(report.extendedLinear.M).toHaveLength(report.models[0].r);
      expect(report.models[0].d).toBe(fam.members[0]!.F.cols);
      expect(r.code).toBe(0);
    });

    it(`non-equivalent pair ${i} (${format}): exit 1 and the largest gap located`, async () => {
      const c = fam.cls;
      // Another class on the same contexts, vocabulary and pivot, with α shifted so it surely differs.
      const pool = Array.from({ length: 64 }, (_, k) => ((k * 7 + i) % 5) - 2);
      const stranger = makeMember(makeClass('exact', c.n, c.V, Math.max(1, c.r), c.pivot, pool, 1), { p: 0, q: 0, mOps: [], tOps: [], entries: [], seed: 0, condM: 1, condT: 1 });
      const a = write(`ne${i}a`, fam.members[0]!, format), b = write(`ne${i}b`, stranger, format);
      const r = await run('compare', a, b, '--json');
      const report = JSON.parse(r.out);
      expect(validate(report), JSON.stringify(validate.errors)).toBe(true);
      expect(report.equivalent).toBe(false);
      expect(report.extendedLinear.holds).toBe(false);
      expect(report.maxLogOddsGap).toBeGreaterThan(1e-6);
      expect(r.code).toBe(1);
    });
  });

  it('--no-approximate leaves the approximate block out and nothing else (JSON still valid, same verdicts)', async () => {
    const fam = families[0]!;
    const a = write('na1', fam.members[0]!, 'json'), b = write('na2', fam.members[1]!, 'json');
    const full = JSON.parse((await run('compare', a, b, '--json')).out);
    const r = await run('compare', a, b, '--json', '--no-approximate');
    const bare = JSON.parse(r.out);
    expect(validate(bare), JSON.stringify(validate.errors)).toBe(true);
    expect(full.approximate).toBeDefined();
    expect(bare.approximate).toBeUndefined();
    expect([bare.equivalent, bare.linear.holds, bare.extendedLinear.holds]).toEqual([full.equivalent, full.linear.holds, full.extendedLinear.holds]);
    expect((await run('compare', a, b, '--no-approximate')).out).not.toMatch(/d_logit/);
  });

  it('prints a readable report without --json', async () => {
    const fam = families[0]!;
    const r = await run('compare', write('h1', fam.members[0]!, 'json'), write('h2', fam.members[1]!, 'json'));
    expect(r.out).toMatch(/distribution equivalent: yes/);
    expect(r.out).toMatch(/~EL .*: holds, cond\(M\)/);
    expect(r.code).toBe(0);
  });

  describe('bad input: exit 2 with the file, the field and what was expected', () => {
    let good = '';
    beforeAll(() => {
      good = write('good', families[0]!.members[0]!, 'json');
    });

    const bad: [string, () => string, RegExp][] = [
      ['NaN in F', () => { const f = join(dir, 'nan.json'); writeFileSync(f, '{"F": [[1, "NaN"]], "G": [[1, 2], [3, 4]]}'); return f; }, /nan\.json.*F\[0\]\[1\]/],
      ['F and G of different widths', () => { const f = join(dir, 'width.json'); writeFileSync(f, '{"F": [[1, 2]], "G": [[1], [3]]}'); return f; }, /width\.json.*G.*expected 2 columns/],
      ['a truncated safetensors file', () => { const f = join(dir, 'trunc.safetensors'); const b = Buffer.alloc(12); b.writeBigUInt64LE(4096n); writeFileSync(f, b); return f; }, /trunc\.safetensors.*truncated/],
      ['a missing tensor', () => { const f = join(dir, 'missing.npz'); writeModelNpz(f, families[0]!.members[0]!.F, families[0]!.members[0]!.G, 0); return f; }, /missing\.npz.*(missing|not found).*W/],
      ['malformed JSON', () => { const f = join(dir, 'broken.json'); writeFileSync(f, '{"F": [[1, 2]'); return f; }, /broken\.json/],
      ['a file that does not exist', () => join(dir, 'nowhere.json'), /nowhere\.json/],
      ['an unknown extension', () => { const f = join(dir, 'model.csv'); writeFileSync(f, '1,2'); return f; }, /model\.csv/],
    ];
    for (const [what, make, msg] of bad) {
      it(what, async () => {
        const file = make();
        // The bad file goes first so its error is the one reported (--f-name applies to both files).
        const extra = what === 'a missing tensor' ? ['--f-name', 'W'] : [];
        const r = await run('compare', file, good, ...extra);
        expect(r.code).toBe(2);
        expect(r.err).toMatch(msg);
        expect(r.out).toBe('');
      });
    }

    it('models that do not share contexts and vocabulary', async () => {
      const m = families[0]!.members[0]!;
      const small = { ...m, F: { rows: 1, cols: m.F.cols, data: m.F.data.slice(0, m.F.cols) } };
      const r = await run('compare', good, write('small', small, 'json'));
      expect(r.code).toBe(2);
      expect(r.err).toMatch(/must share contexts, vocabulary and pivot/);
    });

    it('usage errors', async () => {
      expect((await run('compare', good)).code).toBe(2);
      expect((await run('compare', good, good, '--bogus')).code).toBe(2);
      expect((await run('frobnicate')).code).toBe(2);
    });
  });

  it('the installed command runs it too (bin/aon.js over dist/)', () => {
    const fam = families[1]!;
    const a = write('bin-a', fam.members[0]!, 'npz'), b = write('bin-b', fam.members[1]!, 'safetensors');
    const r = spawnSync(process.execPath, ['bin/aon.js', 'compare', a, b], { encoding: 'utf8' });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/distribution equivalent: yes/);
  });
});
