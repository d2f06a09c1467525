// Loads the core: the SIMD build where the runtime supports Wasm SIMD, the scalar one otherwise, or
// the one asked for. The modules import nothing, so instantiation needs no import object.
import { readFileSync } from 'node:fs';
import { Core } from './core.js';
import { wasmPath, type BuildName } from './locate.js';
import type { CoreExports } from './abi.js';
import { CoreError } from './status.js';

export type BuildChoice = 'auto' | 'simd' | 'scalar' | 'debug';

export interface LoadOptions {
  /** Which build to load; 'auto' (default) picks SIMD when the runtime validates it. */
  build?: BuildChoice;
  /** Module bytes to use instead of the files in build/ (must match the chosen build). */
  bytes?: Uint8Array;
}

const cache = new Map<BuildName, WebAssembly.Module>();

function moduleFor(build: BuildName, bytes?: Uint8Array): WebAssembly.Module {
  if (bytes) return new WebAssembly.Module(bytes);
  let mod = cache.get(build);
  if (!mod) {
    const file = wasmPath(build);
    try {
      mod = new WebAssembly.Module(readFileSync(file));
    } catch (e) {
      throw new CoreError('load', 'loadCore', `${file}: ${(e as Error).message}`);
    }
    cache.set(build, mod);
  }
  return mod;
}

/** Whether this runtime accepts the SIMD build (it validates only where Wasm SIMD is supported). */
export function simdSupported(): boolean {
  try {
    return WebAssembly.validate(readFileSync(wasmPath('release')));
  } catch {
    return false;
  }
}

export function resolveBuild(choice: BuildChoice): BuildName {
  switch (choice) {
    case 'simd':
      return 'release';
    case 'scalar':
      return 'scalar';
    case 'debug':
      return 'debug';
    case 'auto':
      return simdSupported() ? 'release' : 'scalar';
  }
}

/**
 * A fresh core instance (its own memory and arena). Synchronous: Node compiles modules of this size
 * on the main thread without complaint, and campaigns create one core per worker.
 */
export function loadCore(options: LoadOptions = {}): Core {
  const build = resolveBuild(options.build ?? 'auto');
  const instance = new WebAssembly.Instance(moduleFor(build, options.bytes), {});
  return new Core(instance.exports as unknown as CoreExports, build);
}
