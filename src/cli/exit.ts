// Exit codes, the same across the CLI (README table): 0 yes (equivalent; every claim as expected), 1 no
// (not equivalent; a claim not as expected), 2 usage or input error, 3 inconclusive or incomplete,
// 70 internal error, 130 interrupted.
export const EXIT_OK = 0;
export const EXIT_FAIL = 1;
export const EXIT_USAGE = 2;
export const EXIT_INCONCLUSIVE = 3;
export const EXIT_INTERNAL = 70;
export const EXIT_INTERRUPTED = 130;

/** A usage or input error: printed as one line and mapped to exit code 2. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}
