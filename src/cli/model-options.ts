// The options every command that reads one or two model files shares (compare, analyze, audit): which
// arrays hold F and G, which Wasm build, help; and the checks on them.
import type { BuildChoice } from '../wasm/loader.js';
import type { ReadOptions } from '../io/index.js';
import { availableParallelism } from 'node:os';
import { UsageError } from './exit.js';

export const MODEL_OPTIONS = {
  'f-name': { type: 'string' },
  'g-name': { type: 'string' },
  build: { type: 'string', default: 'auto' },
  help: { type: 'boolean', short: 'h', default: false },
} as const;

/** --build: auto (SIMD where supported), simd or scalar. */
export function parseBuild(build: string): BuildChoice {
  if (build !== 'auto' && build !== 'simd' && build !== 'scalar') throw new UsageError(`--build must be auto, simd or scalar, got '${build}'`);
  return build;
}

/** --f-name / --g-name as the readers take them. */
export function readNames(values: { 'f-name'?: string; 'g-name'?: string }): ReadOptions {
  return { fName: values['f-name'], gName: values['g-name'] };
}

/** --workers for the blocked path of compare and analyze: 1 to 64 threads, by default one per core. */
export function parseWorkers(value: string | undefined): number {
  const workers = value === undefined ? availableParallelism() : Number(value);
  if (!Number.isInteger(workers) || workers < 1 || workers > 64) throw new UsageError(`--workers must be an integer from 1 to 64, got '${value}'`);
  return workers;
}
