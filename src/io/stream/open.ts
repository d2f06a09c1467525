// Opening a model for blocked work: by offset where the format allows (safetensors, npz with stored
// members), whole otherwise (under a cap).
import { extname } from 'node:path';
import { statSync } from 'node:fs';
import { ModelFileError } from '../errors.js';
import type { ReadOptions } from '../types.js';
import { openSafetensorsSource } from './safetensors-source.js';
import { openNpzSource } from './npz-source.js';
import { openMemorySource } from './memory-source.js';
import type { ModelSource, SourceSpec } from './source.js';

/** Default cap on a model that must be read whole (its f64 copy lives in JavaScript memory). */
export const WHOLE_READ_CAP = 1024 ** 3;

export function sourceSpec(path: string, opts: ReadOptions = {}): SourceSpec {
  return { path, fName: opts.fName ?? 'F', gName: opts.gName ?? 'G' };
}

export function openSpec(spec: SourceSpec, wholeReadCap = WHOLE_READ_CAP): ModelSource {
  const ext = extname(spec.path).toLowerCase();
  if (ext !== '.json' && ext !== '.npz' && ext !== '.safetensors') {
    throw new ModelFileError({ file: spec.path, field: 'extension', expected: '.json, .npz or .safetensors', received: ext === '' ? 'no extension' : ext });
  }
  try {
    statSync(spec.path);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code ?? '';
    throw new ModelFileError({ file: spec.path, field: 'file', expected: 'an existing, readable file', received: code, detail: `cannot read the model file: ${(e as Error).message}`, cause: e });
  }
  if (ext === '.safetensors') return openSafetensorsSource(spec);
  if (ext === '.npz') return openNpzSource(spec) ?? openMemorySource(spec, wholeReadCap);
  return openMemorySource(spec, wholeReadCap);
}

/** `fn` on the opened model, closed afterwards whatever happens. */
export function withSpec<T>(spec: SourceSpec, fn: (s: ModelSource) => T): T {
  const s = openSpec(spec);
  try {
    return fn(s);
  } finally {
    s.close();
  }
}

/** Open a model file for row-block reading (see ModelSource). */
export function openModelSource(path: string, opts: ReadOptions = {}, wholeReadCap = WHOLE_READ_CAP): ModelSource {
  return openSpec(sourceSpec(path, opts), wholeReadCap);
}
