// Exit codes, one table for every command (the README's): 0 yes, 1 no, 2 usage or input error (including
// "too large"), 3 inconclusive or incomplete, 70 internal error (EX_SOFTWARE of sysexits.h), 130 interrupted
// (128 + SIGINT, what a shell reports for Ctrl-C).
export const EXIT_OK = 0;
export const EXIT_FAIL = 1;
export const EXIT_USAGE = 2;
export const EXIT_INCOMPLETE = 3;
/** The same code, named for verdicts: a question floats (and exact arithmetic) could not settle. */
export const EXIT_INCONCLUSIVE = EXIT_INCOMPLETE;
export const EXIT_INTERNAL = 70;
export const EXIT_INTERRUPTED = 130;

/** A usage or input error: printed as one line and mapped to exit code 2. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}
