// Command-line options of `npm run bench`, parsed apart from running so they can be tested.
import { parseArgs } from 'node:util';
import { BENCH_OPS, ON_REQUEST_OPS, type BenchOp } from './types.js';

export interface CliOptions {
  json: string | null;
  quick: boolean;
  ops: BenchOp[];
  help: boolean;
}

export const USAGE = `usage: npm run bench -- [--quick] [--ops ${BENCH_OPS.join(',')}] [--json FILE]
  --quick      small sizes and short timing (a smoke run; the numbers mean little)
  --ops LIST   comma-separated ops to run (default: all of the above; on request only: ${ON_REQUEST_OPS.join(', ')})
  --json FILE  also write the results as JSON to FILE`;

export function parseCli(argv: readonly string[]): CliOptions {
  const { values } = parseArgs({
    args: [...argv],
    options: {
      json: { type: 'string' },
      quick: { type: 'boolean', default: false },
      ops: { type: 'string' },
      help: { type: 'boolean', short: 'h', default: false },
    },
    strict: true,
    allowPositionals: false,
  });
  const ops = values.ops === undefined ? [...BENCH_OPS] : values.ops.split(',').map((s) => s.trim()).filter((s) => s !== '');
  const known: readonly string[] = [...BENCH_OPS, ...ON_REQUEST_OPS];
  const unknown = ops.filter((o) => !known.includes(o));
  if (unknown.length > 0) throw new Error(`unknown op${unknown.length > 1 ? 's' : ''} ${unknown.join(', ')} (known: ${known.join(', ')})`);
  if (ops.length === 0) throw new Error('--ops names no op');
  // Keep the canonical order whatever order the user listed them in.
  const chosen = ([...BENCH_OPS, ...ON_REQUEST_OPS] as BenchOp[]).filter((o) => ops.includes(o));
  return { json: values.json ?? null, quick: values.quick ?? false, ops: chosen, help: values.help ?? false };
}
