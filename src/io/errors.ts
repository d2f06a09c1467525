// One error type for every way a model file can be wrong, so the CLI can turn it into exit code 2 and a
// single readable line, and tests can assert on structured fields rather than on message wording.
// Names and values quoted from the file may hold control characters: they are escaped (printable.ts), so
// a message is always one line and cannot drive the terminal.
import { printableLine } from './printable.js';

export interface ModelFileErrorInit {
  file: string;
  /** What in the file is wrong: a key, array or tensor name, a position like "F[3][1]", or a part like "header". */
  field: string;
  expected: string;
  received?: string;
  /** Replaces the default "field: expected …, got …" wording when a sentence reads better; the file is still prefixed. */
  detail?: string;
  cause?: unknown;
}

export class ModelFileError extends Error {
  override readonly name = 'ModelFileError';
  readonly file: string;
  readonly field: string;
  readonly expected: string;
  readonly received?: string;

  constructor(init: ModelFileErrorInit) {
    const detail =
      init.detail ?? `${init.field}: expected ${init.expected}${init.received === undefined ? '' : `, got ${init.received}`}`;
    super(printableLine(`${init.file}: ${detail}`), init.cause === undefined ? undefined : { cause: init.cause });
    this.file = init.file;
    this.field = printableLine(init.field);
    this.expected = init.expected;
    if (init.received !== undefined) this.received = printableLine(init.received);
  }
}

/** A short, unambiguous rendering of an arbitrary (JSON) value for the "got …" part of a message. */
export function describeValue(v: unknown): string {
  if (typeof v === 'number') return String(v);
  if (typeof v === 'string') {
    const s = v.length > 40 ? `${v.slice(0, 37)}...` : v;
    return `${JSON.stringify(s)} (a string)`;
  }
  if (v === null) return 'null';
  if (v === undefined) return 'nothing';
  if (typeof v === 'boolean') return String(v);
  if (Array.isArray(v)) return `an array of length ${v.length}`;
  if (typeof v === 'bigint') return `${v}`;
  return 'an object';
}

export function formatShape(shape: readonly number[]): string {
  return `[${shape.join(', ')}]`;
}
