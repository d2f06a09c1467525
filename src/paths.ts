// The package's own files (build/*.wasm, schemas/*.json) found from wherever this code runs: src/ under
// vitest or tsx, dist/src/ after the build, or node_modules/all-or-none/ when installed.
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

let root: string | null = null;

export function packageRoot(): string {
  if (root) return root;
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let up = 0; up < 6; up++) {
    if (existsSync(join(dir, 'package.json')) && existsSync(join(dir, 'assembly'))) return (root = dir);
    dir = dirname(dir);
  }
  throw new Error(`all-or-none: package root not found above ${fileURLToPath(import.meta.url)}`);
}

export function packagePath(...parts: string[]): string {
  return join(packageRoot(), ...parts);
}
