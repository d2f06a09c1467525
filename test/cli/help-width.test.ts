// Every help text fits an 80-column terminal (help-format.ts), and the layout rules hold: a synopsis
// wraps between whole [--option ARG] groups, a list entry continues under its description, a block that
// fits is left as written.
import { describe, it, expect } from 'vitest';
import { main } from '../../src/cli/main.js';
import { formatHelp, HELP_WIDTH } from '../../src/cli/help-format.js';

async function help(...args: string[]): Promise<string> {
  let out = '';
  await main(args, (s) => (out += `${s}\n`), (s) => (out += `${s}\n`));
  return out;
}

describe('help texts on an 80-column terminal', () => {
  for (const cmd of [[], ['verify'], ['replay'], ['merge'], ['compare'], ['analyze'], ['audit']]) {
    it(`aon ${cmd.join(' ')} --help: no line wider than ${HELP_WIDTH} columns`, async () => {
      const text = await help(...cmd, '--help');
      expect(text.length).toBeGreaterThan(100);
      const wide = text.split('\n').filter((l) => [...l].length > HELP_WIDTH);
      expect(wide).toEqual([]);
    });
  }
});

describe('formatHelp', () => {
  it('wraps a synopsis between option groups, under the first argument', () => {
    const out = formatHelp(`usage: aon x A [--alpha ALPHA] [--beta BETA] [--gamma GAMMA] [--delta DELTA] [--eps E]`, 40).split('\n');
    expect(out).toEqual(['usage: aon x A [--alpha ALPHA]', '             [--beta BETA]', '             [--gamma GAMMA]', '             [--delta DELTA] [--eps E]']);
    expect(out.every((l) => l.length <= 40)).toBe(true);
  });
  it('continues a list entry under its description and reflows prose', () => {
    const out = formatHelp('  --flag N   one two three four five six seven\n  --other    short\n\nword word word word word word word', 30).split('\n');
    expect(out).toEqual(['  --flag N   one two three', '             four five six', '             seven', '  --other    short', '', 'word word word word word word', 'word']);
  });
  it('leaves a block that fits as written', () => {
    const table = '  C10  a\n       {"kind": 1}';
    expect(formatHelp(table, 30)).toBe(table);
  });
});
