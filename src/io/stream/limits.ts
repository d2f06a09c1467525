// The size check made before any long work: what must be resident against what can be. One WebAssembly
// core (wasm32) addresses at most 4 GiB; the host's own budget is a separate, configurable limit.
import { ModelFileError } from '../errors.js';

/** wasm32 linear memory stops at 4 GiB (memory64 is not on in Node 20). */
export const WASM32_LIMIT = 4 * 1024 ** 3;

export function formatBytes(b: number): string {
  if (b >= 1024 ** 3) return `${(b / 1024 ** 3).toFixed(2)} GiB`;
  if (b >= 1024 ** 2) return `${(b / 1024 ** 2).toFixed(1)} MiB`;
  return `${b} bytes`;
}

/** A model (or a computation on it) that cannot fit: exit 2 with the size and the limit, before any work. */
export class TooLargeError extends ModelFileError {
  readonly bytes: number;
  readonly limit: number;
  constructor(file: string, what: string, bytes: number, limit: number, hint = '') {
    super({
      file,
      field: 'size',
      expected: `at most ${formatBytes(limit)} resident`,
      received: formatBytes(bytes),
      detail: `too large: ${what} needs ${formatBytes(bytes)} resident, above the limit of ${formatBytes(limit)}${hint ? ` (${hint})` : ''}`,
    });
    this.bytes = bytes;
    this.limit = limit;
  }
}

export function requireResident(file: string, what: string, bytes: number, limit: number, hint = ''): void {
  if (!(bytes <= limit)) throw new TooLargeError(file, what, bytes, limit, hint);
}
