// Building certificates: a list of exact checks and the verdict they add up to.
import type { Certificate } from '../report/types.js';

export type Check = Certificate['checks'][number];

export function check(statement: string, holds: boolean, detail?: string): Check {
  return detail === undefined ? { statement, holds } : { statement, holds, detail };
}

/**
 * A certificate that the claim's stated property fails exactly when `fails` is true. The note says
 * what exact arithmetic found, in words a reviewer can check against the checks.
 */
export function certificate(checks: Check[], fails: boolean, what: string): Certificate {
  return {
    method: 'exact-rational',
    verified: fails,
    checks,
    note: fails ? `exact arithmetic confirms: ${what}` : `in exact arithmetic the property holds on this input (${what}): the f64 failure was a rounding artefact`,
  };
}

/** For inputs that exact arithmetic cannot decide (irrational quantities such as a square root). */
export function undecidable(why: string, checks: Check[] = []): Certificate {
  return { method: 'exact-rational', verified: false, checks, note: `no exact verdict: ${why}` };
}
