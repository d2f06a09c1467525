// Long numerical checks (large shapes, many seeds) run in `npm run test:long`, which CI runs after
// `npm test`; in `npm test` they are reported as skipped, never as passed, so the everyday suite stays
// under 3 minutes on a 2-core machine.
import { it } from 'vitest';

export const LONG_ENV = 'AON_TEST_LONG';
export const LONG = process.env[LONG_ENV] === '1';

/** `it` for a long check: skipped (and shown as skipped) unless AON_TEST_LONG=1. */
export const itLong: (name: string, fn: () => unknown, timeout?: number) => void = it.skipIf(!LONG);
