// The campaign report: what `aon verify` writes as JSON (schemas/report.schema.json), renders as
// Markdown and HTML, and what `aon replay` and `aon merge` read back. Everything except `timing` is a
// pure function of the inputs (tool, build, seed, claims, budgets), so two runs with the same seed give
// byte-identical reports once the timing block is set aside.

export const REPORT_FORMAT = 1;

export type ClaimStatus =
  /** holds: no counterexample in the budget. */
  | 'held'
  /** holds: a counterexample that survived exact re-verification. */
  | 'falsified'
  /** refutable: a counterexample was found and certified exactly. */
  | 'counterexample-certified'
  /** refutable: none found (the search is too weak), or the one found could not be certified. */
  | 'counterexample-not-found'
  /** a failure that did not survive exact re-verification: a floating-point artefact, with why. */
  | 'numerical'
  /** too many runs were inconclusive (conditioning beyond the bound, ambiguous ranks). */
  | 'inconclusive'
  /** no counterexample, but fewer conclusive runs (overall or in a needed regime) than the claim declares. */
  | 'insufficient-evidence'
  /** the check threw (a core error, a bug): no verdict. */
  | 'error'
  /** not run: the campaign was interrupted first. */
  | 'not-run';

/** An f64 matrix written losslessly: exact rationals, the IEEE bit patterns, and readable decimals. */
export interface MatrixRecord {
  rows: number;
  cols: number;
  /** Row-major, each entry the exact value of the double as "p/q" or "p". */
  exact: string[];
  /** Row-major IEEE-754 bit patterns, 16 hex digits each. */
  bits: string[];
  /** Readable rows (shortest round-trip decimals). */
  decimal: number[][];
}

export interface ModelRecord {
  name: string;
  pivot: number;
  F: MatrixRecord;
  G: MatrixRecord;
  /** Singular values of the log-odds L = F G₀ᵀ (descending), for the spectrum plot. */
  spectrum: number[];
  /** The rounding floor of those singular values (src/engine/tolerance.ts productFloor): above it, a direction. */
  rankFloor: number;
  /** The model as a file `aon compare` reads (relative to the report). */
  file: string | null;
  /** modelHash of F, G and the pivot: replay refuses a report whose models do not match it. */
  sha256: string;
}

export interface Certificate {
  /** How the re-check was done. */
  method: 'exact-rational' | 'none';
  /** True when exact arithmetic confirms the failure (a genuine counterexample). */
  verified: boolean;
  /** The identities re-checked, each with its exact outcome. */
  checks: { statement: string; holds: boolean; detail?: string }[];
  /** Why no exact verdict was possible, or what the exact check found. */
  note: string;
}

export interface CounterexampleRecord {
  size: { n: number; V: number; d: number };
  message: string;
  residual: number | null;
  tolerance: number | null;
  kappa: number | null;
  /** Why that floor: which rounding-error bound of src/engine/tolerance.ts, with its inputs. */
  toleranceWhy: string;
  models: ModelRecord[];
  certificate: Certificate;
  /** fast-check's replay coordinates. */
  seed: number;
  path: string;
}

/** Outcomes of the generation-phase runs that fell in one regime. */
export interface RegimeCoverage {
  regime: string;
  conclusive: number;
  vacuous: number;
  inconclusive: number;
  failed: number;
}

/** What the claim part declares it needs (prorated to the runs made), and what it lacked. */
export interface EvidenceRecord {
  required: { conclusive: number; perRegime: Record<string, number>; maxInconclusiveShare: number };
  met: boolean;
  missing: string[];
}

export interface ClaimRecord {
  key: string;
  id: string;
  module: string;
  title: string;
  statement: string;
  direction: 'holds' | 'refutable';
  negates: string | null;
  status: ClaimStatus;
  asExpected: boolean;
  numRuns: number;
  runs: number;
  conclusive: number;
  vacuous: number;
  inconclusive: number;
  /** Runs that failed (0 or 1): with the three counts above they add up to runs. */
  failed: number;
  /** Outcomes per regime (generation phase only): the coverage table. */
  coverage: RegimeCoverage[];
  evidence: EvidenceRecord;
  shrinks: number;
  /** Executions of the property while shrinking (reported apart from runs). */
  shrinkRuns: number;
  /** Extra information: why numerical, the error text, … */
  note: string | null;
  counterexample: CounterexampleRecord | null;
}

export interface Report {
  format: typeof REPORT_FORMAT;
  tool: { name: string; version: string };
  wasm: { build: string; simd: boolean; sha256: string; abiVersion: number; flags: string };
  runtime: { name: string; version: string; platform: string; arch: string };
  campaign: {
    seed: number;
    claims: string[];
    /** Runs per claim when overridden on the command line, else null (each claim's default budget). */
    runs: number | null;
    shard: { index: number; count: number } | null;
    /** Interrupted (Ctrl-C or time budget) before every claim ran. */
    partial: boolean;
    /** The command that reproduces this report. */
    replay: string;
    /** The generation profile: 'default', or 'stress' (larger, worse-conditioned cases at a tenth of the budget). */
    profile: 'default' | 'stress';
  };
  tolerances: { uIn: number; floorScale: number };
  claims: ClaimRecord[];
  summary: {
    total: number;
    asExpected: number;
    unexpected: string[];
    /** What keeps the campaign from a verdict: claims without enough evidence, not run, shards missing. */
    incomplete: string[];
    /** 1 when a claim behaved unexpectedly, else 3 when anything is incomplete, else 0. */
    exitCode: 0 | 1 | 3;
  };
  /** The only non-deterministic block: wall-clock times. */
  timing: { startedAt: string; finishedAt: string; totalMs: number; perClaimMs: Record<string, number> };
}
