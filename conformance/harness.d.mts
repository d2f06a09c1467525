// Types for harness.mjs (the harness itself stays plain JavaScript so every runtime loads it as is).
export type VectorArg = number | { f64: string } | { buf: string; add?: number } | { rel: number } | { abs: number } | { memEnd: number };
export interface VectorBuf {
  name: string;
  type: 'f64' | 'i32';
  init?: (string | number)[];
  len?: number;
}
export interface Expectation {
  ret: number | { rel: number } | { memBytes: true } | { f64: string };
  out?: Record<string, (string | number)[]>;
}
export interface VectorCase {
  id: string;
  export: string;
  bufs: VectorBuf[];
  args: VectorArg[];
  expect?: Expectation;
  expectBuild?: Record<string, Expectation>;
  source?: string;
  ref?: unknown;
  note?: string;
}
export interface Vectors {
  format: string;
  version: number;
  abiVersion: number;
  builds: string[];
  cases: VectorCase[];
}
export interface Failure {
  export: string;
  case: string;
  what: string;
  expected: string;
  got: string;
}
export interface ConformanceResult {
  runtime: string;
  build: string;
  simd: boolean;
  abiVersion: number;
  vectorsVersion: number;
  passed: number;
  failed: number;
  skipped: number;
  failures: Failure[];
}
export const HARNESS_VERSION: number;
export const SENTINEL: string;
export function f64ToHex(x: number): string;
export function hexToF64(h: string): number;
export function canonHex(h: string): string;
export function expectationFor(c: VectorCase, build: string): Expectation | null;
export function runConformance(
  wasmBytes: BufferSource,
  vectors: Vectors,
  options?: { runtime?: string; build?: string; maxFailures?: number },
): Promise<ConformanceResult>;
export function runCase(core: unknown, c: VectorCase, start: number): { ret: unknown; out: Record<string, (string | number)[]>; memBytes: number; start: number };
export function compare(c: VectorCase, exp: Expectation, res: ReturnType<typeof runCase>): Omit<Failure, 'export' | 'case'> | null;
