// The two builds of the core, loaded once per process so every op measures the same instances, and the
// availability test for exports that may not be in the built module yet.
import { loadCore } from '../src/wasm/loader.js';
import type { Core } from '../src/wasm/core.js';
import type { ExportName } from '../src/wasm/abi.js';
import type { Impl } from './types.js';

export interface Cores {
  'wasm-simd': Core;
  'wasm-scalar': Core;
}

export type WasmImpl = keyof Cores;
export const WASM_IMPLS: readonly WasmImpl[] = ['wasm-simd', 'wasm-scalar'];

export function loadCores(): Cores {
  return { 'wasm-simd': loadCore({ build: 'simd' }), 'wasm-scalar': loadCore({ build: 'scalar' }) };
}

/**
 * Whether the built module has this export. The ABI type promises every export, but decompositions are
 * still being written: the .wasm on disk is the truth.
 */
export function hasExport(core: Core, name: ExportName): boolean {
  return typeof (core.raw as unknown as Record<string, unknown>)[name] === 'function';
}

export function missingExport(core: Core, name: ExportName, impl: Impl): string | null {
  return hasExport(core, name) ? null : `export ${name} is not in the ${impl} build yet`;
}
