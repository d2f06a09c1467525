// Text reports wrap at the terminal's width (terminal-width.ts), and only on a terminal: a compare report
// written to an 80-column TTY has no line wider than 80, loses no word, and the same report piped or as
// JSON is unchanged.
import { describe, it, expect } from 'vitest';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { main } from '../../src/cli/main.js';
import { fitLines, displayWidth, terminalOut } from '../../src/cli/terminal-width.js';
import { writeModelSafetensors } from '../../src/io/index.js';
import { familyArb } from '../../src/gen/arbitraries.js';

const words = (lines: readonly string[]) => lines.join(' ').split(/\s+/).filter((w) => w.length > 0);

/** A stand-in for process.stdout: a terminal of `columns` or a pipe (isTTY false). */
function fakeStream(columns: number, isTTY: boolean) {
  let text = '';
  const stream = { isTTY, columns, write: (s: string) => { text += s; return true; } } as unknown as NodeJS.WriteStream;
  return { out: terminalOut(stream), text: () => text };
}

describe('text reports fit the terminal', () => {
  it('fitLines: no line wider than the width unless one word is, the words and their order kept, indentation kept', () => {
    fc.assert(fc.property(fc.array(fc.tuple(fc.nat(6), fc.array(fc.stringMatching(/^[a-zF̃α≤0-9.()=]{1,14}$/), { minLength: 1, maxLength: 40 }))), fc.integer({ min: 20, max: 100 }), (spec, width) => {
      const lines = spec.map(([indent, ws]) => ' '.repeat(indent) + ws.join(' '));
      const fitted = fitLines(lines, width);
      expect(words(fitted)).toEqual(words(lines));
      for (const l of fitted) if (displayWidth(l) > width) expect(l.trim().includes(' ')).toBe(false);
      for (const l of lines) if (displayWidth(l) <= width) expect(fitted).toContain(l);
    }), { seed: 80, numRuns: 200 });
    expect(fitLines(['  aaa bbb ccc'], 9)).toEqual(['  aaa bbb', '      ccc']);
    expect(fitLines(['x'.repeat(50)], 20)).toEqual(['x'.repeat(50)]);
    // F̃ takes one column: the tilde is a combining mark.
    expect(displayWidth('F̃ G̃₀')).toBe(4);
  });

  it('a compare report on an 80-column terminal: every line ≤ 80 columns, the same words as piped, JSON untouched', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'aon-width-'));
    const fam = fc.sample(familyArb(2, { minN: 3, minV: 3, minR: 1, maxP: 2, maxQ: 2 }), { seed: 5, numRuns: 1 })[0]!;
    const [a, b] = fam.members.slice(0, 2).map((m, i) => {
      const f = join(dir, `m${i}.safetensors`);
      writeModelSafetensors(f, m.F, m.G, m.pivot);
      return f;
    }) as [string, string];
    const tty = fakeStream(80, true), pipe = fakeStream(80, false), json = fakeStream(80, true);
    const codes = [await main(['compare', a, b], tty.out), await main(['compare', a, b], pipe.out), await main(['compare', a, b, '--json'], json.out)];
    expect(new Set(codes).size).toBe(1);
    const ttyLines = tty.text().trimEnd().split('\n'), pipeLines = pipe.text().trimEnd().split('\n');
    expect(Math.max(...pipeLines.map(displayWidth))).toBeGreaterThan(80);
    for (const l of ttyLines) if (l.trim().includes(' ')) expect(displayWidth(l), l).toBeLessThanOrEqual(80);
    expect(words(ttyLines)).toEqual(words(pipeLines));
    expect(() => JSON.parse(json.text())).not.toThrow();
  });
});
