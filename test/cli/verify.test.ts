// aon verify, replay and merge from the command line: reports written, exit codes, Ctrl-C, and
// malformed reports rejected with the file, the field and what was expected.
import { describe, it, expect } from 'vitest';
import { mkdtempSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawn } from 'node:child_process';
import { main } from '../../src/cli/main.js';

const dir = mkdtempSync(join(tmpdir(), 'aon-verify-'));

async function run(...args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '', err = '';
  const code = await main(args, (s) => (out += `${s}\n`), (s) => (err += `${s}\n`));
  return { code, out, err };
}

describe('aon verify', () => {
  it('runs a selection in workers and writes report.json, report.md, report.html and model files', async () => {
    const out = join(dir, 'sel');
    const r = await run('verify', '--claims', 'C1,C8', '--runs', '50', '--workers', '2', '--out', out);
    expect(r.code).toBe(0);
    for (const f of ['report.json', 'report.md', 'report.html']) expect(existsSync(join(out, f))).toBe(true);
    const report = JSON.parse(readFileSync(join(out, 'report.json'), 'utf8'));
    expect(report.claims.map((c: { key: string }) => c.key)).toEqual(['C1', 'C8']);
    expect(report.claims[1].status).toBe('counterexample-certified');
    const model = report.claims[1].counterexample.models.find((m: { file: string | null }) => m.file);
    expect(existsSync(join(out, model.file))).toBe(true);
    expect(r.out).toMatch(/2\/2 claims behaved as theory\.md says/);
    expect(r.out).toMatch(/replay: aon verify --seed \d+ --claims C1,C8 --runs 50/);
    // The counterexample's model files are model files: aon compare reads them.
    const models = report.claims[1].counterexample.models.filter((m: { file: string | null }) => m.file);
    if (models.length === 2) {
      const c = await run('compare', join(out, models[0].file), join(out, models[1].file));
      expect(c.code).toBe(0);
    }
  });

  it('replay confirms what verify recorded', async () => {
    const r = await run('replay', join(dir, 'sel', 'report.json'));
    expect(r.out).toMatch(/C8: .*confirmed/);
    expect(r.code).toBe(0);
  });

  it('usage errors exit 2 with a message', async () => {
    expect((await run('verify', '--claims', 'C99')).code).toBe(2);
    expect((await run('verify', '--runs', 'many')).code).toBe(2);
    expect((await run('verify', '--shard', '5/4')).code).toBe(2);
    const r = await run('verify', '--bogus');
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/verify: .*bogus/);
  });

  it('a malformed report given to replay or merge names the file, the field and what was expected', async () => {
    const good = JSON.parse(readFileSync(join(dir, 'sel', 'report.json'), 'utf8'));
    const cases: [string, string, RegExp][] = [
      ['not-json.json', '{"format": 1,', /not-json\.json: not JSON/],
      ['missing.json', JSON.stringify({ ...good, claims: undefined }), /missing\.json: .*missing field "claims"/],
      ['status.json', JSON.stringify({ ...good, claims: [{ ...good.claims[0], status: 'great' }, good.claims[1]] }), /status\.json: claims\.0\.status: expected one of/],
    ];
    for (const [name, text, msg] of cases) {
      const f = join(dir, name);
      writeFileSync(f, text);
      for (const cmd of ['replay', 'merge']) {
        const r = await run(cmd, f);
        expect(r.code).toBe(2);
        expect(r.err).toMatch(msg);
      }
    }
    const r = await run('replay', join(dir, 'nowhere.json'));
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/nowhere\.json: cannot read the report/);
  });

  it('Ctrl-C writes a partial report marked as such and exits 130', async () => {
    const out = join(dir, 'sigint');
    const child = spawn(process.execPath, ['bin/aon.js', 'verify', '--runs', '200000', '--workers', '2', '--out', out], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += String(d)));
    // Interrupt once the first claims are running.
    await new Promise<void>((resolve) => {
      const check = () => (stderr.includes('runs') ? resolve() : setTimeout(check, 50));
      check();
    });
    await new Promise((r) => setTimeout(r, 800));
    child.kill('SIGINT');
    const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
    expect(code).toBe(130);
    const report = JSON.parse(readFileSync(join(out, 'report.json'), 'utf8'));
    expect(report.campaign.partial).toBe(true);
    expect(report.claims.some((c: { status: string }) => c.status === 'not-run')).toBe(true);
  }, 60_000);
});
