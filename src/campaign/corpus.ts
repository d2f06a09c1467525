// Pinned inputs: counterexamples and once-troublesome cases kept in properties/corpus/<key>.json and
// replayed in every test run through fast-check's `examples`. Inputs are written as JSON with every
// Float64Array as its IEEE bit patterns, so a pinned case comes back bit for bit.
import { readdirSync, readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { bitsOf, fromBits } from '../report/records.js';
import { packagePath } from '../paths.js';

export interface PinnedCase {
  /** Why it is pinned: the counterexample it was, or the bug it exposed. */
  why: string;
  /** 'fails' for a negative control's counterexample (it must still fail), 'passes' for a regression. */
  expect: 'fails' | 'passes';
  input: unknown;
}

export interface CorpusFile {
  key: string;
  cases: PinnedCase[];
}

export function encodeInput(x: unknown): unknown {
  if (x instanceof Float64Array) return { $f64: Array.from(x, bitsOf) };
  if (Array.isArray(x)) return x.map(encodeInput);
  if (typeof x === 'number' && !Number.isFinite(x)) return { $num: String(x) };
  if (typeof x === 'object' && x !== null) return Object.fromEntries(Object.entries(x).map(([k, v]) => [k, encodeInput(v)]));
  return x;
}

export function decodeInput(x: unknown): unknown {
  if (Array.isArray(x)) return x.map(decodeInput);
  if (typeof x === 'object' && x !== null) {
    const o = x as Record<string, unknown>;
    if (Array.isArray(o.$f64)) return Float64Array.from(o.$f64 as string[], fromBits);
    if (typeof o.$num === 'string') return Number(o.$num);
    return Object.fromEntries(Object.entries(o).map(([k, v]) => [k, decodeInput(v)]));
  }
  return x;
}

export function corpusDir(): string {
  return packagePath('properties', 'corpus');
}

export function corpusFileName(key: string): string {
  return `${key.replace(/[^A-Za-z0-9]+/g, '-')}.json`;
}

export function readCorpus(dir = corpusDir()): CorpusFile[] {
  let names: string[];
  try {
    names = readdirSync(dir).filter((f) => f.endsWith('.json')).sort();
  } catch {
    return [];
  }
  return names.map((f) => {
    const raw = JSON.parse(readFileSync(join(dir, f), 'utf8')) as CorpusFile;
    return { key: raw.key, cases: raw.cases.map((c) => ({ ...c, input: decodeInput(c.input) })) };
  });
}

/** Add a case to a claim's corpus file (creating it), unless an identical input is already pinned. */
export function pin(key: string, c: PinnedCase, dir = corpusDir()): boolean {
  mkdirSync(dir, { recursive: true });
  const file = join(dir, corpusFileName(key));
  let existing: CorpusFile = { key, cases: [] };
  try {
    existing = JSON.parse(readFileSync(file, 'utf8')) as CorpusFile;
  } catch {
    // a new file
  }
  const encoded = encodeInput(c.input);
  if (existing.cases.some((e) => JSON.stringify(e.input) === JSON.stringify(encoded))) return false;
  existing.cases.push({ why: c.why, expect: c.expect, input: encoded });
  writeFileSync(file, `${JSON.stringify(existing, null, 1)}\n`);
  return true;
}

const regressions = new Map<string, unknown[]>();

/**
 * The pinned regressions a holds claim's campaign replays before its random runs (fast-check `examples`):
 * inputs on which a decision once went wrong (a floor crossed in the stress profile, say). A refutable
 * part gets none, so its counterexample is still found by search. Replay passes the same examples, so a
 * recorded path indexes the same runs.
 */
export function pinnedRegressions(key: string, direction: 'holds' | 'refutable', dir = corpusDir()): unknown[] {
  if (direction !== 'holds') return [];
  const cacheKey = `${dir}\0${key}`;
  let got = regressions.get(cacheKey);
  if (!got) {
    got = readCorpus(dir).filter((f) => f.key === key).flatMap((f) => f.cases.filter((c) => c.expect === 'passes').map((c) => c.input));
    regressions.set(cacheKey, got);
  }
  return got;
}
