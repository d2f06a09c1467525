// Exit codes, by convention: 0 ok, 1 a claim falsified or a check failed, 2 usage or input error.
export const EXIT_OK = 0;
export const EXIT_FAIL = 1;
export const EXIT_USAGE = 2;

/** A usage or input error: printed as one line and mapped to exit code 2. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}
/** Inconclusive or incomplete: too little evidence, a partial campaign, a shard missing. */
export const EXIT_INCOMPLETE = 3;
