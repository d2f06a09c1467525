// Finds the built modules (build/*.wasm) from wherever this file runs: src/ under vitest or tsx,
// dist/src/ after the TypeScript build, or node_modules/all-or-none/ when installed as a package.
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export type BuildName = 'release' | 'scalar' | 'debug';

export function wasmPath(build: BuildName): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let up = 0; up < 6; up++) {
    const candidate = join(dir, 'build', `${build}.wasm`);
    if (existsSync(candidate)) return candidate;
    dir = dirname(dir);
  }
  throw new Error(
    `build/${build}.wasm not found above ${fileURLToPath(import.meta.url)}: run \`npm run asbuild\` (npm install does it)`,
  );
}
