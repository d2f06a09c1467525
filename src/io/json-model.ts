// JSON models: {"F": [[…], …], "G": [[…], …], "pivot"?: int}. Written numbers use the shortest representation
// that parses back to the same f64 (plus "-0", which JSON.stringify would flatten to 0), so the format is lossless.
import { ModelFileError, describeValue } from './errors.js';
import type { DecodedMatrix, DenseMatrix, RawModel } from './types.js';

function readMatrix(value: unknown, file: string, name: string): DecodedMatrix {
  if (value === undefined) {
    throw new ModelFileError({ file, field: name, expected: `a key "${name}" holding a list of rows`, received: 'no such key' });
  }
  if (!Array.isArray(value)) {
    throw new ModelFileError({ file, field: name, expected: 'a 2-D array (a list of rows of numbers)', received: describeValue(value) });
  }
  const rows = value.length;
  const first: unknown = value[0];
  const cols = Array.isArray(first) ? first.length : 0;
  const data = new Float64Array(rows * cols);
  for (let i = 0; i < rows; i++) {
    const row: unknown = value[i];
    if (!Array.isArray(row)) {
      throw new ModelFileError({ file, field: `${name}[${i}]`, expected: 'a row (an array of numbers)', received: describeValue(row) });
    }
    if (row.length !== cols) {
      throw new ModelFileError({
        file,
        field: `${name}[${i}]`,
        expected: `${cols} numbers (the length of ${name}[0]; rows must all have the same length)`,
        received: `${row.length}`,
      });
    }
    for (let j = 0; j < cols; j++) {
      const x: unknown = row[j];
      // JSON has no NaN/Infinity literals, but 1e999 parses to Infinity and people write "NaN" or null.
      if (typeof x !== 'number' || !Number.isFinite(x)) {
        throw new ModelFileError({ file, field: `${name}[${i}][${j}]`, expected: 'a finite number', received: describeValue(x) });
      }
      data[i * cols + j] = x;
    }
  }
  return { matrix: { rows, cols, data }, dtype: 'json' };
}

export function readJsonModel(bytes: Uint8Array, file: string, fName: string, gName: string): RawModel {
  let text = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8');
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1); // editors on Windows add a BOM that JSON.parse rejects
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (e) {
    throw new ModelFileError({ file, field: 'JSON', expected: 'valid JSON', received: `a syntax error (${(e as Error).message})`, cause: e });
  }
  if (typeof doc !== 'object' || doc === null || Array.isArray(doc)) {
    throw new ModelFileError({ file, field: '(top level)', expected: `an object with keys "${fName}" and "${gName}"`, received: describeValue(doc) });
  }
  const obj = doc as Record<string, unknown>;
  return { F: readMatrix(obj[fName], file, fName), G: readMatrix(obj[gName], file, gName), pivot: obj['pivot'] };
}

/** Shortest round-trip decimal for a finite f64, keeping the sign of zero. */
function num(x: number): string {
  return Object.is(x, -0) ? '-0' : String(x);
}

function matrixJson(m: DenseMatrix): string {
  const rows: string[] = [];
  for (let i = 0; i < m.rows; i++) {
    const cells: string[] = [];
    for (let j = 0; j < m.cols; j++) cells.push(num(m.data[i * m.cols + j]!));
    rows.push(`    [${cells.join(', ')}]`);
  }
  return `[\n${rows.join(',\n')}\n  ]`;
}

export function encodeJsonModel(F: DenseMatrix, G: DenseMatrix, pivot: number): string {
  return `{\n  "F": ${matrixJson(F)},\n  "G": ${matrixJson(G)},\n  "pivot": ${pivot}\n}\n`;
}
