// Help texts fit an 80-column terminal: they are written as blocks (a usage line, option lists, prose
// paragraphs) and wrapped here, so a long option description or an edited sentence cannot spill over the
// terminal's edge and break the layout (a terminal wraps at column 80 and loses the indentation).

export const HELP_WIDTH = 80;

/** `  --flag ARG    description` or `  verify      description`: the description's column, or −1. */
function descriptionColumn(line: string): number {
  const m = /^(\s*\S+(?: [A-Z.…/|a-z0-9,-]+)?\s{2,})\S/.exec(line);
  return m && /^\s/.test(line) ? (m[1] as string).length : -1;
}

/**
 * Words of `text` after `head` in lines of at most `width` columns as `measure` counts them, continuing at
 * column `indent`; a word wider than a line stays whole. `words` splits the text (a synopsis keeps each
 * [--option ARG] whole). Also the text reports' wrapping (terminal-width.ts).
 */
export function wrap(head: string, text: string, indent: number, width: number, words = (t: string) => t.split(/\s+/), measure = (s: string) => s.length): string[] {
  const lines: string[] = [];
  let line = head;
  for (const word of words(text).filter((w) => w.length > 0)) {
    const sep = line.length === 0 || /\s$/.test(line) ? '' : ' ';
    if (line.trim().length > 0 && measure(line + sep + word) > width) {
      lines.push(line.trimEnd());
      line = ' '.repeat(indent) + word;
    } else line += sep + word;
  }
  lines.push(line.trimEnd());
  return lines;
}

/** One block (no blank lines inside) laid out at `width`. */
function formatBlock(block: string[], width: number): string[] {
  // A block that fits is left as written: tables and examples keep their hand-made layout.
  if (block.every((l) => l.length <= width)) return block;
  const first = block[0] as string;
  const usage = /^(usage: \S+ \S+ )/.exec(first);
  if (usage) {
    // The synopsis: every line joined, continued under the first argument.
    const head = usage[1] as string;
    return wrap(head, block.map((l, i) => (i === 0 ? l.slice(head.length) : l)).join(' '), head.length, width, (t) => t.match(/\[[^\]]*\]|\S+/g) ?? []);
  }
  // Runs: list entries (a name, then the description from its column; lines indented under the
  // description continue it) and prose paragraphs (unindented lines, or indented ones outside a list).
  const out: string[] = [];
  let head = '', text = '', col = -1, prose: string[] = [];
  const flushEntry = () => { if (col >= 0) out.push(...wrap(head, text, col, width)); col = -1; };
  const flushProse = () => {
    if (prose.length > 0) {
      const indent = (/^\s*/.exec(prose[0] as string) as RegExpExecArray)[0];
      out.push(...wrap(indent, prose.join(' '), indent.length, width));
    }
    prose = [];
  };
  for (const line of block) {
    const c = descriptionColumn(line);
    if (col >= 0 && /^\s/.test(line) && line.slice(0, col).trim().length === 0) {
      text += ` ${line.trim()}`;
    } else if (c > 0) {
      flushEntry();
      flushProse();
      col = c;
      head = line.slice(0, c);
      text = line.slice(c);
    } else {
      flushEntry();
      prose.push(line);
    }
  }
  flushEntry();
  flushProse();
  return out;
}

/** A help text laid out in lines of at most `width` columns (blank lines separate blocks). */
export function formatHelp(text: string, width = HELP_WIDTH): string {
  const out: string[] = [];
  let block: string[] = [];
  const flush = () => { if (block.length > 0) out.push(...formatBlock(block, width)); block = []; };
  for (const line of text.split('\n')) {
    if (line.trim().length === 0) { flush(); out.push(''); } else block.push(line);
  }
  flush();
  return out.join('\n');
}
