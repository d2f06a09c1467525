// Finds the built modules (build/*.wasm) in the package.
import { existsSync } from 'node:fs';
import { packagePath } from '../paths.js';

export type BuildName = 'release' | 'scalar' | 'debug';

export function wasmPath(build: BuildName): string {
  const file = packagePath('build', `${build}.wasm`);
  if (!existsSync(file)) throw new Error(`${file} not found: run \`npm run asbuild\` (npm install does it)`);
  return file;
}
