// Text reports fit the terminal they are read in: a line wider than the terminal wraps at a space and
// goes on under its own indentation plus four, where the terminal would cut a word at its edge and lose the
// layout (a compare report has lines of 140 to 570 columns). Only on a terminal: piped or redirected output
// keeps one line per item, for grep and diff, and JSON is never touched.
import { wrap } from './help-format.js';

/** An output function; `columns` when it writes to a terminal of that width. */
export type Out = ((s: string) => void) & { columns?: number };

/** stdout as an Out, with the terminal's width when it is one (read when each report is written). */
export function terminalOut(stream: NodeJS.WriteStream = process.stdout): Out {
  const out: Out = (s) => void stream.write(`${s}\n`);
  Object.defineProperty(out, 'columns', { get: () => (stream.isTTY ? Math.max(40, stream.columns || 80) : undefined) });
  return out;
}

/** Columns a line takes: combining marks (the tilde of F̃, the hat of T̂) take none. */
export function displayWidth(s: string): number {
  return s.replace(/\p{M}/gu, '').length;
}

/** The lines wrapped at `width` (undefined: as they are). A word wider than the line stays whole. */
export function fitLines(lines: readonly string[], width: number | undefined): string[] {
  if (width === undefined) return [...lines];
  return lines.flatMap((line) => {
    if (displayWidth(line) <= width) return [line];
    const indent = /^\s*/.exec(line)![0];
    return wrap(indent, line.slice(indent.length), indent.length + 4, width, undefined, displayWidth);
  });
}
