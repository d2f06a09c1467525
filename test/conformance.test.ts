// The conformance vectors (conformance/vectors/v1.json) through the runtime-neutral harness, in-process in
// Node, for both builds: bit-exact. The other runtimes (Bun, Deno, Chromium, Firefox, a C host) run the
// same vectors through `node conformance/run.mjs`.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runConformance, expectationFor, f64ToHex, hexToF64, canonHex } from '../conformance/harness.mjs';
import type { Vectors, VectorCase } from '../conformance/harness.mjs';

const root = join(import.meta.dirname, '..');
const vectors = JSON.parse(readFileSync(join(root, 'conformance/vectors/v1.json'), 'utf8')) as Vectors;
const manifest = JSON.parse(readFileSync(join(root, 'assembly/manifest.json'), 'utf8')) as {
  abiVersion: number;
  status: Record<string, string>;
  exports: { name: string }[];
};
const BUILDS = ['release', 'scalar'] as const;
const wasm = (build: string): Buffer => readFileSync(join(root, 'build', `${build}.wasm`));

describe('conformance vectors', () => {
  for (const build of BUILDS) {
    it(`${build} build passes every vector bit for bit`, async () => {
      const r = await runConformance(wasm(build), vectors, { runtime: 'vitest', build });
      expect(r.failures).toEqual([]);
      expect(r.failed).toBe(0);
      expect(r.skipped).toBe(0);
      expect(r.passed).toBe(vectors.cases.length);
      expect(r.simd).toBe(build === 'release');
    });
  }

  it('covers every export of the ABI manifest, at the manifest ABI version', () => {
    expect(vectors.abiVersion).toBe(manifest.abiVersion);
    const covered = new Set(vectors.cases.map((c) => c.export));
    const missing = manifest.exports.map((e) => e.name).filter((n) => !covered.has(n));
    expect(missing).toEqual([]);
    const known = new Set(manifest.exports.map((e) => e.name));
    expect(vectors.cases.filter((c) => !known.has(c.export)).map((c) => c.id)).toEqual([]);
  });

  it('pins every reachable status code (noconverge and nomem are documented as not portably reachable)', () => {
    const statuses = new Set<number>();
    for (const c of vectors.cases) {
      if (manifest.exports.findIndex((e) => e.name === c.export) < 9) continue; // arena/identity exports
      for (const b of BUILDS) {
        const e = expectationFor(c, b);
        if (e && typeof e.ret === 'number') statuses.add(e.ret);
      }
    }
    expect([...statuses].sort((a, b) => a - b)).toEqual([0, 1, 2, 3, 4, 5, 6, 9]);
  });

  it('stores f64 values as canonical 16-hex-digit bit patterns', () => {
    const hex = /^[0-9a-f]{16}$/;
    for (const c of vectors.cases)
      for (const b of BUILDS) {
        const e = expectationFor(c, b);
        for (const [name, vals] of Object.entries(e?.out ?? {})) {
          const buf = c.bufs.find((x) => x.name === name);
          if (buf?.type === 'f64') for (const v of vals) expect(hex.test(String(v)) && canonHex(String(v)) === v, `${c.id} ${name}`).toBe(true);
        }
      }
    expect(f64ToHex(1)).toBe('3ff0000000000000');
    expect(f64ToHex(-0)).toBe('8000000000000000');
    expect(hexToF64('7ff0000000000000')).toBe(Infinity);
    expect(canonHex('fff8000000000001')).toBe('7ff8000000000000');
  });

  it('reports a wrong expected bit as a failure (export, case, expected and got bits)', async () => {
    const target = vectors.cases.find((c) => c.id === 'svd_thin/7x5')!;
    const exp = expectationFor(target, 'release')!;
    const [name, vals] = Object.entries(exp.out!)[0]!;
    const good = String(vals[0]);
    // Flip the lowest mantissa bit of the first expected value.
    const flipped = good.slice(0, 15) + (parseInt(good[15]!, 16) ^ 1).toString(16);
    const mutated: VectorCase = structuredClone(target);
    const m = mutated.expect ?? mutated.expectBuild!.release!;
    m.out![name]![0] = flipped;
    const r = await runConformance(wasm('release'), { ...vectors, cases: [vectors.cases[0]!, mutated] }, { runtime: 'vitest', build: 'release' });
    expect(r.passed).toBe(1);
    expect(r.failed).toBe(1);
    expect(r.failures).toEqual([{ export: 'svd_thin', case: 'svd_thin/7x5', what: `${name}[0]`, expected: flipped, got: good }]);
  });

  it('reports a wrong status and a write on error as failures', async () => {
    const err = structuredClone(vectors.cases.find((c) => c.id === 'solve/err-singular')!);
    err.expect!.ret = 0;
    const r = await runConformance(wasm('scalar'), { ...vectors, cases: [err] }, { build: 'scalar' });
    expect(r.failures[0]).toMatchObject({ export: 'solve', what: 'return', expected: '0', got: '6' });
  });
});
