// Reading the property list of `aon audit` (props.json) into engine specs: every problem is one line naming
// the file, the field and what was expected. Tokens may be given by index or, with --vocab, by name.
import { readFileSync } from 'node:fs';
import { UsageError } from './exit.js';
import { PROPERTY_KINDS, type PropertySpec } from '../engine/audit/spec.js';

export const PROPERTIES_HELP = `props.json: {"properties": [ … ]}, each one of
  C10  g(y1) − g(y2) ∥ g(y3) − g(y4)?
       {"kind": "unembedding-difference", "pairs": [[y1, y2], [y3, y4]]}
  C11  f(x1) − f(x2) ∥ f(x3) − f(x4)?
       {"kind": "embedding-difference", "pairs": [[x1, x2], [x3, x4]]}
  C12  f(s⊕q) = A f(s) + a?
       {"kind": "relational", "pairs": [[s, s⊕q], …]}
  C13  log p(y_k|s⊕q)/p(y1|s⊕q) = (W f(s) + b)_k?
       {"kind": "probe", "pairs": [[s, s⊕q], …], "answers": [y1, …, yK+1],
        "W": [[…d…] × K], "b": [K numbers]}
  C14  steering f ↦ f + v
       {"kind": "steering", "v": [d numbers]}
each with an optional "name". Tokens y are indices (0-based rows of G) or, with
--vocab FILE (one name per line, line i naming token i), names; contexts x, s
are indices (rows of F).`;

interface Ctx {
  file: string;
  n: number;
  V: number;
  d: number;
  vocab: Map<string, number> | null;
}

function fail(ctx: Ctx, field: string, expected: string, got: unknown): never {
  const shown = typeof got === 'string' ? JSON.stringify(got) : Array.isArray(got) ? `an array of length ${got.length}` : String(got);
  throw new UsageError(`${ctx.file}: ${field}: expected ${expected}, got ${shown}`);
}

function index(ctx: Ctx, field: string, v: unknown, limit: number, what: 'token' | 'context'): number {
  if (typeof v === 'string' && what === 'token') {
    if (!ctx.vocab) fail(ctx, field, 'a token index (names need --vocab FILE)', v);
    const y = ctx.vocab.get(v);
    if (y === undefined) fail(ctx, field, 'a token name listed in the vocabulary file', v);
    return y;
  }
  if (typeof v !== 'number' || !Number.isInteger(v) || v < 0 || v >= limit) fail(ctx, field, `a ${what} index in [0, ${limit})`, v);
  return v;
}

function pairList(ctx: Ctx, field: string, v: unknown, what: 'token' | 'context', exactly?: number): [number, number][] {
  if (!Array.isArray(v) || (exactly !== undefined && v.length !== exactly) || v.length === 0) {
    fail(ctx, field, exactly !== undefined ? `${exactly} pairs` : 'a non-empty array of pairs', v);
  }
  const limit = what === 'token' ? ctx.V : ctx.n;
  return v.map((p, i) => {
    if (!Array.isArray(p) || p.length !== 2) fail(ctx, `${field}[${i}]`, 'a pair [a, b]', p);
    return [index(ctx, `${field}[${i}][0]`, p[0], limit, what), index(ctx, `${field}[${i}][1]`, p[1], limit, what)];
  });
}

function numbers(ctx: Ctx, field: string, v: unknown, length: number): number[] {
  if (!Array.isArray(v) || v.length !== length) fail(ctx, field, `an array of ${length} numbers`, v);
  v.forEach((x, i) => {
    if (typeof x !== 'number' || !Number.isFinite(x)) fail(ctx, `${field}[${i}]`, 'a finite number', x);
  });
  return v as number[];
}

export function parseProperties(text: string, file: string, dims: { n: number; V: number; d: number }, vocab: string[] | null): PropertySpec[] {
  const ctx: Ctx = { file, ...dims, vocab: vocab ? new Map(vocab.map((name, i) => [name, i])) : null };
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    throw new UsageError(`${file}: not valid JSON (${(e as Error).message})`);
  }
  const list = (json as { properties?: unknown } | null)?.properties;
  if (!Array.isArray(list)) fail(ctx, 'properties', 'an array of properties', list);
  return list.map((raw, i): PropertySpec => {
    const at = `properties[${i}]`;
    if (typeof raw !== 'object' || raw === null) fail(ctx, at, 'an object', raw);
    const p = raw as Record<string, unknown>;
    const kind = p['kind'];
    if (typeof kind !== 'string' || !(PROPERTY_KINDS as readonly string[]).includes(kind)) fail(ctx, `${at}.kind`, PROPERTY_KINDS.join(', '), kind);
    const given = typeof p['name'] === 'string' ? (p['name'] as string) : null;
    const name = given ?? `${kind} #${i + 1}`;
    switch (kind) {
      case 'unembedding-difference': {
        const pairs = pairList(ctx, `${at}.pairs`, p['pairs'], 'token', 2) as [[number, number], [number, number]];
        const label = (y: number) => vocab?.[y] ?? String(y);
        return { kind, name: given ?? `${label(pairs[0][0])}−${label(pairs[0][1])} vs ${label(pairs[1][0])}−${label(pairs[1][1])}`, pairs };
      }
      case 'embedding-difference':
        return { kind, name, pairs: pairList(ctx, `${at}.pairs`, p['pairs'], 'context', 2) as [[number, number], [number, number]] };
      case 'relational':
        return { kind, name, pairs: pairList(ctx, `${at}.pairs`, p['pairs'], 'context') };
      case 'probe': {
        const answersRaw = p['answers'];
        if (!Array.isArray(answersRaw) || answersRaw.length < 2) fail(ctx, `${at}.answers`, 'at least two answer tokens', answersRaw);
        const answers = answersRaw.map((y, k) => index(ctx, `${at}.answers[${k}]`, y, ctx.V, 'token'));
        const K = answers.length - 1;
        const W = p['W'];
        if (!Array.isArray(W) || W.length !== K) fail(ctx, `${at}.W`, `${K} rows (one per answer after the first)`, W);
        return {
          kind, name, answers,
          pairs: pairList(ctx, `${at}.pairs`, p['pairs'], 'context'),
          W: W.map((r, k) => numbers(ctx, `${at}.W[${k}]`, r, ctx.d)),
          b: numbers(ctx, `${at}.b`, p['b'], K),
        };
      }
      default:
        return { kind: 'steering', name, v: numbers(ctx, `${at}.v`, p['v'], ctx.d) };
    }
  });
}

export function readVocab(file: string): string[] {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    throw new UsageError(`${file}: cannot read the vocabulary file (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
  }
  const lines = text.split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  return lines.map((l) => l.replace(/\r$/, ''));
}
