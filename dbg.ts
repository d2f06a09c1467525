import fc from 'fast-check';
import { CATALOGUE } from './properties/catalogue.js';
import { loadCore } from './src/wasm/loader.js';
import { defaultEngine } from './src/engine/index.js';
import { DEFAULT_TOLERANCES } from './src/engine/tolerance.js';
const key = process.argv[2] ?? 'C14';
const entry = CATALOGUE.find((e) => e.key === key)!;
const core = loadCore();
const counts = new Map<string, number>();
for (const x of fc.sample(entry.claim.arbitrary as fc.Arbitrary<unknown>, { numRuns: Number(process.argv[3] ?? 60), seed: 7 })) {
  const o = core.scope(() => entry.claim.check(x as never, { core, engine: defaultEngine, tol: DEFAULT_TOLERANCES } as never)) as { kind: string; why?: string; message?: string };
  const k = `${o.kind}: ${(o.why ?? o.message ?? '').slice(0, 200)}`;
  counts.set(k, (counts.get(k) ?? 0) + 1);
}
for (const [k, v] of [...counts].sort((a, b) => b[1] - a[1]).slice(0, 8)) console.log(v, k);
