// Entry point for reading a model file: pick the format by extension, decode, then apply the shared checks.
import { readFileSync } from 'node:fs';
import { extname } from 'node:path';
import { ModelFileError } from './errors.js';
import { readJsonModel } from './json-model.js';
import { readNpzModel } from './npz.js';
import { readSafetensorsModel } from './safetensors.js';
import { validateModel } from './validate.js';
import type { ModelData, RawModel, ReadOptions } from './types.js';

const READERS: Record<string, (bytes: Uint8Array, file: string, fName: string, gName: string) => RawModel> = {
  '.json': readJsonModel,
  '.npz': readNpzModel,
  '.safetensors': readSafetensorsModel,
};

export const SUPPORTED_EXTENSIONS = Object.keys(READERS);

function readerFor(fileName: string): (typeof READERS)[string] {
  const ext = extname(fileName).toLowerCase();
  const reader = READERS[ext];
  if (reader === undefined) {
    const hint = ext === '.npy' ? ' (a single .npy holds one array; put F and G in one .npz with numpy.savez)' : '';
    throw new ModelFileError({
      file: fileName,
      field: 'extension',
      expected: `.json, .npz or .safetensors${hint}`,
      received: ext === '' ? 'no extension' : ext,
    });
  }
  return reader;
}

/** Decodes and validates a model held in memory; `fileName` picks the format and names the source in errors. */
export function parseModel(bytes: Uint8Array, fileName: string, opts: ReadOptions = {}): ModelData {
  const fName = opts.fName ?? 'F';
  const gName = opts.gName ?? 'G';
  const raw = readerFor(fileName)(bytes, fileName, fName, gName);
  // The theory's pivot defaults to token 0 when the file does not name one.
  const pivot = validateModel(raw.F.matrix, raw.G.matrix, raw.pivot === undefined ? 0 : raw.pivot, { file: fileName, fName, gName });
  const dtype = raw.F.dtype === raw.G.dtype ? raw.F.dtype : `F ${raw.F.dtype}, G ${raw.G.dtype}`;
  return { F: raw.F.matrix, G: raw.G.matrix, pivot, source: fileName, dtype };
}

const FS_REASONS: Record<string, string> = {
  ENOENT: 'no such file or directory',
  EISDIR: 'it is a directory',
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  ENOTDIR: 'a component of the path is not a directory',
};

export function readModelFile(path: string, opts: ReadOptions = {}): ModelData {
  readerFor(path); // an unsupported extension is reported before touching the file system
  let bytes: Uint8Array;
  try {
    bytes = readFileSync(path);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code ?? '';
    const reason = FS_REASONS[code] ?? (e as Error).message;
    throw new ModelFileError({
      file: path,
      field: 'file',
      expected: 'an existing, readable file',
      received: code || reason,
      detail: `cannot read the model file: ${reason}${code && FS_REASONS[code] ? ` (${code})` : ''}`,
      cause: e,
    });
  }
  return parseModel(bytes, path, opts);
}

/** One line for logs and CLI output. */
export function describeModel(m: ModelData): string {
  return (
    `${m.source}: n = ${m.F.rows} contexts, V = ${m.G.rows} tokens, d = ${m.F.cols} ` +
    `(F ${m.F.rows}×${m.F.cols}, G ${m.G.rows}×${m.G.cols}, ${m.dtype}), pivot ${m.pivot}`
  );
}
