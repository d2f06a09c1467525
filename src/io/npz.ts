// .npz = a zip of .npy files, one per array, named "<array>.npy" (numpy.savez / savez_compressed).
import { ModelFileError } from './errors.js';
import { readZipDirectory, readZipEntry, buildStoredZip, type ZipEntry } from './zip.js';
import { parseNpy, npyToMatrix, npyToPivot, encodeNpyF64, encodeNpyI64Scalar } from './npy.js';
import { bytesText, limitText, maxInputBytes } from './limits.js';
import type { DenseMatrix, RawModel, ReadOptions } from './types.js';

export const NPZ_PIVOT_NAME = 'pivot';

function arrayName(entry: ZipEntry): string {
  return entry.name.endsWith('.npy') ? entry.name.slice(0, -4) : entry.name;
}

export function readNpzModel(bytes: Uint8Array, file: string, fName: string, gName: string, opts: ReadOptions = {}): RawModel {
  const limit = maxInputBytes(opts.maxInputBytes);
  // One budget for everything inflated: members that are each under the limit must not add up past it.
  let budget = limit;
  const entries = readZipDirectory(bytes, file);
  const byName = new Map<string, ZipEntry>();
  for (const e of entries) {
    const name = arrayName(e);
    // Two entries with one name would make the result depend on which we happened to pick.
    if (byName.has(name)) {
      throw new ModelFileError({ file, field: name, expected: 'each array name once in the archive', received: 'a duplicate entry' });
    }
    byName.set(name, e);
  }
  const load = (name: string): ReturnType<typeof parseNpy> | undefined => {
    const entry = byName.get(name);
    if (entry === undefined) return undefined;
    if (entry.size > budget) {
      throw new ModelFileError({
        file, field: name, expected: `at most ${bytesText(budget)} uncompressed (what is left of the limit)`, received: bytesText(entry.size),
        detail: `too large: entry "${entry.name}" declares ${bytesText(entry.size)} uncompressed, more than the ${bytesText(budget)} left after the other arrays; ${limitText(limit)}`,
      });
    }
    const data = readZipEntry(bytes, entry, file, budget);
    budget -= data.length;
    return parseNpy(data, file, name);
  };
  const matrix = (name: string): RawModel['F'] => {
    const arr = load(name);
    if (arr === undefined) {
      const present = [...byName.keys()];
      throw new ModelFileError({
        file,
        field: name,
        expected: `an array named "${name}" (entry ${name}.npy)`,
        received: present.length ? present.join(', ') : 'no arrays',
        detail: `missing array "${name}" (arrays present: ${present.length ? present.join(', ') : 'none'})`,
      });
    }
    return npyToMatrix(arr, file, name);
  };
  const F = matrix(fName);
  const G = matrix(gName);
  const p = load(NPZ_PIVOT_NAME);
  return { F, G, pivot: p === undefined ? undefined : npyToPivot(p, file, NPZ_PIVOT_NAME) };
}

export function encodeNpz(F: DenseMatrix, G: DenseMatrix, pivot: number, file: string): Uint8Array {
  return buildStoredZip(
    [
      { name: 'F.npy', data: encodeNpyF64(F) },
      { name: 'G.npy', data: encodeNpyF64(G) },
      { name: `${NPZ_PIVOT_NAME}.npy`, data: encodeNpyI64Scalar(pivot) },
    ],
    file,
  );
}
