// Model-level checks shared by every format (and by the writers, so nothing is written that cannot be read
// back): the properties the theory needs of F and G, whatever container they came in.
import { ModelFileError, describeValue } from './errors.js';
import type { DenseMatrix } from './types.js';

export interface ModelNames {
  file: string;
  fName: string;
  gName: string;
}

/** "F", or "W (used as F)" when the caller renamed it, so messages make sense under --f-name/--g-name. */
function roleOf(name: string, role: 'F' | 'G'): string {
  return name === role ? role : `${role}, "${name}"`;
}

function checkStorage(m: DenseMatrix, file: string, name: string): void {
  if (!Number.isSafeInteger(m.rows) || !Number.isSafeInteger(m.cols) || m.rows < 0 || m.cols < 0) {
    throw new ModelFileError({ file, field: name, expected: 'non-negative integer rows and cols', received: `${m.rows} × ${m.cols}` });
  }
  if (!(m.data instanceof Float64Array) || m.data.length !== m.rows * m.cols) {
    throw new ModelFileError({
      file,
      field: name,
      expected: `a Float64Array of rows × cols = ${m.rows * m.cols} entries`,
      received: m.data instanceof Float64Array ? `${m.data.length} entries` : 'something else',
    });
  }
}

function checkNonEmpty(m: DenseMatrix, file: string, name: string, role: 'F' | 'G'): void {
  if (m.rows === 0 || m.cols === 0) {
    throw new ModelFileError({
      file,
      field: name,
      expected: `a non-empty matrix (${role === 'F' ? 'n ≥ 1 contexts' : 'V ≥ 2 tokens'}, d ≥ 1)`,
      received: `${m.rows} × ${m.cols}`,
    });
  }
}

/** Reports the first non-finite entry in row-major order, so the user can find it in their own tooling. */
export function checkFinite(m: DenseMatrix, file: string, name: string): void {
  const { data, cols } = m;
  for (let k = 0; k < data.length; k++) {
    const x = data[k]!;
    // x - x is NaN exactly for NaN and ±∞: one comparison on the hot path.
    if (x - x !== 0) {
      const i = Math.floor(k / cols);
      throw new ModelFileError({ file, field: `${name}[${i}][${k - i * cols}]`, expected: 'a finite number', received: String(x) });
    }
  }
}

export function checkPivot(pivot: unknown, V: number, file: string): number {
  const expected = `an integer token index in [0, ${V}) (V = ${V} rows of G)`;
  if (typeof pivot !== 'number' || !Number.isInteger(pivot) || pivot < 0 || pivot >= V) {
    throw new ModelFileError({ file, field: 'pivot', expected, received: describeValue(pivot) });
  }
  return pivot;
}

/** Throws the first problem found; order goes from structure to content so the message names the root cause. */
export function validateModel(F: DenseMatrix, G: DenseMatrix, pivot: unknown, names: ModelNames): number {
  const { file, fName, gName } = names;
  checkStorage(F, file, fName);
  checkStorage(G, file, gName);
  checkNonEmpty(F, file, fName, 'F');
  checkNonEmpty(G, file, gName, 'G');
  if (G.cols !== F.cols) {
    throw new ModelFileError({
      file,
      field: gName,
      expected: `${F.cols} columns (the width d of ${roleOf(fName, 'F')})`,
      received: String(G.cols),
    });
  }
  if (G.rows < 2) {
    throw new ModelFileError({
      file,
      field: gName,
      expected: `at least 2 rows (one per vocabulary token; the theory needs V ≥ 2)`,
      received: String(G.rows),
    });
  }
  checkFinite(F, file, fName);
  checkFinite(G, file, gName);
  return checkPivot(pivot, G.rows, file);
}
