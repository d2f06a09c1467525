// Host-side names for the core's status codes (assembly/runtime/status.ts) and the typed error every
// failed call becomes. Keep the table in step with the assembly side and assembly/manifest.json.

export const STATUS = {
  0: 'ok',
  1: 'dim',
  2: 'bounds',
  3: 'align',
  4: 'overlap',
  5: 'nonfinite',
  6: 'singular',
  7: 'noconverge',
  8: 'nomem',
  9: 'arg',
} as const;

export type StatusCode = keyof typeof STATUS;
export type StatusName = (typeof STATUS)[StatusCode];
/** Host-side failures that never reach the core: wrong shapes, a dead matrix, a trap. */
export type HostIssue = 'shape' | 'freed' | 'trap' | 'load' | 'input';
export type CoreIssueCode = Exclude<StatusName, 'ok'> | HostIssue;

const EXPLAIN: Record<CoreIssueCode, string> = {
  dim: 'a dimension is negative, or zero where at least one row or column is needed',
  bounds: 'a buffer lies outside the arena',
  align: 'a buffer is not aligned to its element size',
  overlap: 'an output overlaps an input',
  nonfinite: 'an input holds NaN or ±Infinity',
  singular: 'the matrix is exactly singular',
  noconverge: 'the iteration did not converge',
  nomem: 'WebAssembly memory cannot grow any further (out of memory)',
  arg: 'a scalar argument is out of its domain',
  shape: 'matrix shapes do not fit the operation',
  freed: 'the matrix was freed when its scope ended',
  trap: 'the core trapped (an internal error in the core, please report it)',
  load: 'the WebAssembly module could not be loaded',
  input: 'the input is malformed',
};

/** An operation of the core failed; nothing was written to its outputs. */
export class CoreError extends Error {
  override readonly name = 'CoreError';
  constructor(
    readonly code: CoreIssueCode,
    readonly op: string,
    readonly detail?: string,
  ) {
    super(`${op}: ${detail ?? EXPLAIN[code]} [${code}]`);
  }
}

export function statusName(code: number): StatusName | 'unknown' {
  return code in STATUS ? STATUS[code as StatusCode] : 'unknown';
}

/** Throw the typed error for a non-zero status returned by `op`. */
export function check(op: string, status: number): void {
  if (status === 0) return;
  const name = statusName(status);
  if (name === 'unknown' || name === 'ok') throw new CoreError('trap', op, `unknown status ${status}`);
  throw new CoreError(name, op);
}
