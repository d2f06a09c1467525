// Builds a deliberately broken core: the real assembly/ sources with one textual mutation, compiled
// in memory by the AssemblyScript compiler. Tests run their usual checks on it and expect them to fail,
// which shows the checks can catch that kind of bug.
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import asc from 'assemblyscript/asc';
import { loadCore } from '../../src/wasm/loader.js';
import type { Core } from '../../src/wasm/core.js';

export interface Mutation {
  /** Source file under the repository root, e.g. 'assembly/blas/microkernel.ts'. */
  file: string;
  /** Exact text to replace (must occur in the file). */
  from: string;
  to: string;
}

export async function compileMutant(m: Mutation, target: 'release' | 'scalar' = 'release'): Promise<Uint8Array> {
  const root = resolve('.');
  const original = readFileSync(join(root, m.file), 'utf8');
  if (!original.includes(m.from)) throw new Error(`mutation target not found in ${m.file}: ${m.from}`);
  const mutated = original.replace(m.from, m.to);
  let binary: Uint8Array | null = null;
  const errors: string[] = [];
  const { error } = await asc.main(
    ['assembly/index.ts', '--target', target, '--outFile', 'mutant.wasm', '--textFile', 'mutant.wat', '--optimizeLevel', '1'],
    {
      readFile: (name: string, baseDir: string) => {
        const path = resolve(baseDir, name);
        if (path === join(root, m.file)) return mutated;
        try {
          return readFileSync(path, 'utf8');
        } catch {
          return null;
        }
      },
      writeFile: (name: string, contents: Uint8Array | string) => {
        if (name.endsWith('mutant.wasm') && typeof contents !== 'string') binary = contents;
      },
      stderr: { write: (s: string | Uint8Array) => { errors.push(String(s)); return true; } } as never,
      stdout: { write: () => true } as never,
    },
  );
  if (error || !binary) throw new Error(`mutant did not compile: ${error?.message ?? ''}\n${errors.join('')}`);
  return binary;
}

export async function loadMutant(m: Mutation, target: 'release' | 'scalar' = 'release'): Promise<Core> {
  const bytes = await compileMutant(m, target);
  return loadCore({ build: target === 'release' ? 'simd' : 'scalar', bytes });
}
