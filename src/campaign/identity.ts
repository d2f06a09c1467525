// What a report says about the tool that made it: version, the exact Wasm module (hash and build
// flags), the runtime.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { packagePath } from '../paths.js';
import { wasmPath, type BuildName } from '../wasm/locate.js';
import type { Report } from '../report/types.js';

export function toolVersion(): string {
  return (JSON.parse(readFileSync(packagePath('package.json'), 'utf8')) as { version: string }).version;
}

/** The asconfig options of a target as compiler flags, for the record. */
function buildFlags(build: BuildName): string {
  try {
    const cfg = JSON.parse(readFileSync(packagePath('asconfig.json'), 'utf8')) as { options: Record<string, unknown>; targets: Record<string, Record<string, unknown>> };
    const opts = { ...cfg.options, ...cfg.targets[build] };
    return Object.entries(opts)
      .filter(([k]) => !['outFile', 'textFile'].includes(k))
      .map(([k, v]) => (v === true ? `--${k}` : `--${k} ${Array.isArray(v) ? v.join(',') : String(v)}`))
      .join(' ');
  } catch {
    return 'unknown';
  }
}

export function wasmIdentity(build: BuildName, simd: boolean, abiVersion: number): Report['wasm'] {
  const bytes = readFileSync(wasmPath(build));
  return { build, simd, sha256: createHash('sha256').update(bytes).digest('hex'), abiVersion, flags: buildFlags(build) };
}

export function runtimeIdentity(): Report['runtime'] {
  return { name: 'node', version: process.version, platform: process.platform, arch: process.arch };
}
