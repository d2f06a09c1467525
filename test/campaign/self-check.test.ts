// The known-answer checks `aon verify` runs before its claims (src/campaign/self-check.ts) pass on a sound
// tree and stop the campaign when one fails. That each check catches the bug it is for is shown by the
// mutation harness (test/mutation/mutants.json: the reader, exact and kernel mutants die under verify).
import { describe, it, expect, vi } from 'vitest';
import { selfCheck } from '../../src/campaign/self-check.js';

describe('verify self-check', () => {
  it('every known answer holds on this tree', () => {
    expect(selfCheck()).toEqual([]);
  });

  it('a failed check stops verify with exit 70 before any claim runs', async () => {
    vi.resetModules();
    vi.doMock('../../src/campaign/self-check.js', () => ({ selfCheck: () => [{ what: 'reader: planted', detail: 'read garbage' }] }));
    const { verifyCommand } = await import('../../src/cli/verify.js');
    const lines: string[] = [];
    const err = { write: (s: string) => { lines.push(s); return true; }, isTTY: false } as unknown as NodeJS.WriteStream;
    const { mkdtempSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const { join } = await import('node:path');
    const out = mkdtempSync(join(tmpdir(), 'aon-selfcheck-'));
    const code = await verifyCommand(['--claims', 'C1', '--runs', '1', '--workers', '0', '--out', out], () => undefined, err);
    expect(code).toBe(70);
    expect(lines.join('')).toMatch(/self-check failed: reader: planted: read garbage/);
    vi.doUnmock('../../src/campaign/self-check.js');
  });
});
