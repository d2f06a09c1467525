// npm run mutation [-- --only E01,T02] [--jobs 2] [--runs N] [--skip-tests] [--skip-verify] [--out FILE] [--update]
//
// Plants each mutant of mutants.json, one at a time, in a scratch copy of the tree (the working tree is
// never touched), and runs its relevant tests and `aon verify` (its claims, else all, at the default
// budget unless --runs). A mutant is killed by the tests when vitest exits non-zero, by verify when it
// exits non-zero (1 a claim failed, 3 too little evidence or inconclusive, 70 a crash) or times out.
// Writes mutation-report.json (or --out) and prints the kill rates and the survivors. --update keeps the
// results of mutants not run this time from the existing --out file (so `--only` can re-measure a few
// after a fix); results of mutants no longer in mutants.json, or whose pattern changed, are dropped.
import { cpSync, mkdirSync, readFileSync, rmSync, symlinkSync, writeFileSync, existsSync } from 'node:fs';
import { spawn } from 'node:child_process';
import { join, resolve } from 'node:path';
import { tmpdir } from 'node:os';
import { parseArgs } from 'node:util';

interface Mutant { id: string; area: string; file: string; find: string; replace: string; why: string; tests?: string[]; claims?: string[]; equivalent?: string }
interface Result { id: string; area: string; why: string; find: string; equivalent?: string; stale: boolean; tests: 'killed' | 'survived' | 'skipped'; verify: 'killed' | 'survived' | 'skipped'; verifyExit: number | null; ms: number }

const root = resolve(new URL('../..', import.meta.url).pathname);
const { values } = parseArgs({ options: { only: { type: 'string' }, jobs: { type: 'string', default: '1' }, runs: { type: 'string' }, 'skip-tests': { type: 'boolean', default: false }, 'skip-verify': { type: 'boolean', default: false }, out: { type: 'string', default: 'mutation-report.json' }, update: { type: 'boolean', default: false } } });
const all = (JSON.parse(readFileSync(join(root, 'test/mutation/mutants.json'), 'utf8')) as { mutants: Mutant[] }).mutants;
const only = values.only ? new Set(values.only.split(',')) : null;
const mutants = all.filter((m) => !only || only.has(m.id));
const TIMEOUT_MS = 10 * 60_000;

function run(cmd: string, args: string[], cwd: string): Promise<{ code: number | null; timedOut: boolean }> {
  return new Promise((res) => {
    const child = spawn(cmd, args, { cwd, stdio: 'ignore', env: { ...process.env, FORCE_COLOR: '0' } });
    const timer = setTimeout(() => child.kill('SIGKILL'), TIMEOUT_MS);
    child.on('exit', (code) => { clearTimeout(timer); res({ code, timedOut: code === null }); });
  });
}

/** A scratch copy: sources, tests, schemas, the Wasm sources and builds; node_modules linked. */
function scratch(id: string): string {
  const dir = join(tmpdir(), `aon-mutant-${process.pid}-${id}`);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  for (const p of ['src', 'properties', 'test', 'schemas', 'assembly', 'build', 'package.json', 'tsconfig.json', 'vitest.config.ts', 'asconfig.json']) {
    if (existsSync(join(root, p))) cpSync(join(root, p), join(dir, p), { recursive: true });
  }
  symlinkSync(join(root, 'node_modules'), join(dir, 'node_modules'));
  return dir;
}

async function one(m: Mutant): Promise<Result> {
  const start = Date.now();
  const text = readFileSync(join(root, m.file), 'utf8');
  const base = { id: m.id, area: m.area, why: m.why, find: m.find, ...(m.equivalent ? { equivalent: m.equivalent } : {}) };
  if (!text.includes(m.find)) return { ...base, stale: true, tests: 'skipped', verify: 'skipped', verifyExit: null, ms: 0 };
  const dir = scratch(m.id);
  try {
    writeFileSync(join(dir, m.file), text.replace(m.find, m.replace));
    if (m.area === 'wasm') {
      // The kernels are compiled: rebuild both targets from the mutated sources.
      await run('npx', ['asc', 'assembly/index.ts', '--target', 'release'], dir);
      await run('npx', ['asc', 'assembly/index.ts', '--target', 'scalar'], dir);
    }
    let tests: Result['tests'] = 'skipped', verify: Result['verify'] = 'skipped', verifyExit: number | null = null;
    if (!values['skip-tests']) {
      const r = await run('npx', ['vitest', 'run', ...(m.tests ?? [])], dir);
      tests = r.code === 0 ? 'survived' : 'killed';
    }
    if (!values['skip-verify']) {
      const args = ['tsx', 'test/mutation/verify-entry.ts', '--workers', '0', '--out', join(dir, 'reports')];
      if (m.claims) args.push('--claims', m.claims.join(','));
      if (values.runs) args.push('--runs', values.runs);
      const r = await run('npx', args, dir);
      verifyExit = r.code;
      verify = r.code === 0 ? 'survived' : 'killed';
    }
    return { ...base, stale: false, tests, verify, verifyExit, ms: Date.now() - start };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const results: Result[] = [];
// Results of mutants not run this time, kept from an earlier report (--update): only for a mutant that is
// still listed with the same pattern; why and the equivalence note are read afresh.
const kept: Result[] = [];
if (values.update && existsSync(values.out as string)) {
  const byId = new Map(all.map((m) => [m.id, m]));
  const now = new Set(mutants.map((m) => m.id));
  const previous = (JSON.parse(readFileSync(values.out as string, 'utf8')) as { results: Result[] }).results;
  for (const r of previous) {
    const m = byId.get(r.id);
    if (now.has(r.id) || !m || r.find !== m.find) continue;
    const { equivalent: _old, ...rest } = r;
    kept.push({ ...rest, why: m.why, ...(m.equivalent ? { equivalent: m.equivalent } : {}) });
  }
}

function summarise(): { summary: Record<string, unknown>; live: Result[]; equivalent: Result[]; all: Result[] } {
  const every = [...results, ...kept].sort((a, b) => a.id.localeCompare(b.id));
  // Equivalent mutants (explained beside them in mutants.json) that survive are left out of the rates.
  const equivalent = every.filter((r) => !r.stale && r.equivalent && r.tests !== 'killed' && r.verify !== 'killed');
  const live = every.filter((r) => !r.stale && !equivalent.includes(r));
  const rate = (k: 'tests' | 'verify') => {
    const ran = live.filter((r) => r[k] !== 'skipped');
    return { killed: ran.filter((r) => r[k] === 'killed').length, ran: ran.length };
  };
  const either = live.filter((r) => r.tests === 'killed' || r.verify === 'killed').length;
  const summary = { mutants: every.length, stale: every.filter((r) => r.stale).length, equivalent: equivalent.map((r) => r.id), tests: rate('tests'), verify: rate('verify'), either: { killed: either, ran: live.length } };
  // Written after every mutant, so a long run that is cut short keeps what it measured (--update resumes).
  writeFileSync(values.out as string, `${JSON.stringify({ summary, results: every }, null, 2)}\n`);
  return { summary, live, equivalent, all: every };
}

const queue = [...mutants];
const jobs = Math.max(1, Number(values.jobs));
await Promise.all(Array.from({ length: jobs }, async () => {
  for (let m = queue.shift(); m; m = queue.shift()) {
    const r = await one(m);
    results.push(r);
    summarise();
    process.stdout.write(`${r.id} ${r.area.padEnd(9)} tests ${r.tests.padEnd(8)} verify ${r.verify.padEnd(8)}${r.verifyExit !== null ? ` (exit ${r.verifyExit})` : ''} ${(r.ms / 1000).toFixed(0)} s  ${r.stale ? 'STALE PATTERN ' : ''}${r.why}\n`);
  }
}));
const { summary: s0, live } = summarise();
const summary = s0 as { tests: { killed: number; ran: number }; verify: { killed: number; ran: number }; either: { killed: number; ran: number }; stale: number; equivalent: string[] };
const pct = (x: { killed: number; ran: number }) => (x.ran ? `${x.killed}/${x.ran} (${Math.round((100 * x.killed) / x.ran)}%)` : '—');
process.stdout.write(`\nkill rate: tests ${pct(summary.tests)}, aon verify ${pct(summary.verify)}, either ${pct(summary.either)}; stale patterns ${summary.stale}; equivalent survivors left out: ${summary.equivalent.join(', ') || 'none'}\n`);
const survivors = live.filter((r) => r.tests !== 'killed' && r.verify !== 'killed');
if (survivors.length) process.stdout.write(`survivors: ${survivors.map((r) => `${r.id} (${r.why})`).join('; ')}\n`);
const verifySurvivors = live.filter((r) => r.verify === 'survived');
if (verifySurvivors.length) process.stdout.write(`aon verify alone missed: ${verifySurvivors.map((r) => r.id).join(', ')}\n`);
