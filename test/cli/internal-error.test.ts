// Errors nobody foresaw: a planted bug in a command must exit 70 with one line that names a log file, and
// the stack must be in that file, not on the screen. The Wasm core running out of memory is "too large" (2).
import { describe, it, expect, vi } from 'vitest';
import { readFileSync } from 'node:fs';
import { main } from '../../src/cli/main.js';
import { CoreError } from '../../src/wasm/status.js';

vi.mock('../../src/cli/demo.js', () => ({
  demo: () => {
    throw new TypeError("planted bug: cannot read properties of undefined (reading 'rows')");
  },
}));
vi.mock('../../src/cli/compare.js', () => ({
  compareCommand: () => {
    throw new CoreError('nomem', 'gemm');
  },
}));

async function run(...args: string[]): Promise<{ code: number; err: string }> {
  let err = '';
  const code = await main(args, () => undefined, (s) => (err += `${s}\n`));
  return { code, err };
}

describe('internal errors', () => {
  it('exit 70: one line naming the log; the log holds the stack and the command', async () => {
    const r = await run('demo');
    expect(r.code).toBe(70);
    const lines = r.err.trimEnd().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^aon: internal error: planted bug: .* \(details in (\S+\.log); please report it\)$/);
    expect(r.err).not.toMatch(/\n\s+at /);
    const log = /details in (\S+\.log)/.exec(r.err)![1]!;
    const text = readFileSync(log, 'utf8');
    expect(text).toContain('aon demo');
    expect(text).toMatch(/TypeError: planted bug[\s\S]*\n\s+at /);
  });

  it('the core out of memory is an input too large for it: exit 2, saying so', async () => {
    const r = await run('compare', 'a.json', 'b.json');
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/^aon: too large: .*4 GiB/);
  });
});
