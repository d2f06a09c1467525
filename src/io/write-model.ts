// Writing models in the three formats the reader accepts, losslessly (f64 throughout). Inputs get the same
// checks as files being read, so nothing is written that `aon compare` would reject; files are written to a
// temporary sibling and renamed into place so a failure never leaves a half-written model behind.
import { renameSync, rmSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { ModelFileError } from './errors.js';
import { encodeJsonModel } from './json-model.js';
import { encodeNpz } from './npz.js';
import { encodeSafetensors } from './safetensors.js';
import { validateModel } from './validate.js';
import type { DenseMatrix } from './types.js';

function writeAtomically(path: string, contents: Uint8Array | string): void {
  const tmp = `${path}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  try {
    writeFileSync(tmp, contents);
    renameSync(tmp, path);
  } catch (e) {
    rmSync(tmp, { force: true });
    const code = (e as NodeJS.ErrnoException).code ?? '';
    throw new ModelFileError({
      file: path,
      field: 'file',
      expected: 'a writable path',
      received: code || (e as Error).message,
      detail: `cannot write the model file: ${(e as Error).message}`,
      cause: e,
    });
  }
}

function checked(path: string, F: DenseMatrix, G: DenseMatrix, pivot: number): number {
  return validateModel(F, G, pivot, { file: path, fName: 'F', gName: 'G' });
}

export function writeModelJson(path: string, F: DenseMatrix, G: DenseMatrix, pivot = 0): void {
  writeAtomically(path, encodeJsonModel(F, G, checked(path, F, G, pivot)));
}

/** Arrays F, G ('<f8', C order) and a 0-d '<i8' pivot, stored uncompressed; numpy.load reads it. */
export function writeModelNpz(path: string, F: DenseMatrix, G: DenseMatrix, pivot = 0): void {
  writeAtomically(path, encodeNpz(F, G, checked(path, F, G, pivot), path));
}

/** Tensors F and G as F64, the pivot as the string __metadata__.pivot. */
export function writeModelSafetensors(path: string, F: DenseMatrix, G: DenseMatrix, pivot = 0): void {
  writeAtomically(path, encodeSafetensors(F, G, checked(path, F, G, pivot)));
}
