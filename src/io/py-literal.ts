// The .npy header is a Python dict literal, e.g. {'descr': '<f8', 'fortran_order': False, 'shape': (3, 4), }.
// A tiny recursive-descent parser for that subset (strings, ints, booleans, None, tuples, lists, dicts) is
// safer than regexes, which break on structured dtypes or unusual spacing.
import { MAX_LITERAL_DEPTH } from './limits.js';

export type PyValue = string | number | boolean | null | PyValue[] | { [key: string]: PyValue };

export class PyLiteralError extends Error {}

/** `maxDepth` bounds the nesting: the parser recurses, and a header nested 5000 deep must not overflow the stack. */
export function parsePyLiteral(text: string, maxDepth = MAX_LITERAL_DEPTH): PyValue {
  let i = 0;
  let depth = 0;
  const ws = (): void => {
    while (i < text.length && /\s/.test(text[i]!)) i++;
  };
  const expect = (ch: string): void => {
    ws();
    if (text[i] !== ch) throw new PyLiteralError(`expected '${ch}' at position ${i}, found ${text[i] === undefined ? 'end of text' : `'${text[i]}'`}`);
    i++;
  };
  const sequence = (close: string, item: () => void): void => {
    for (;;) {
      ws();
      if (text[i] === close) {
        i++;
        return;
      }
      item();
      ws();
      if (text[i] === ',') i++;
      else if (text[i] !== close) throw new PyLiteralError(`expected ',' or '${close}' at position ${i}`);
    }
  };
  const value = (): PyValue => {
    ws();
    const c = text[i];
    if (c === '{' || c === '(' || c === '[') {
      if (depth >= maxDepth) throw new PyLiteralError(`nested more than ${maxDepth} deep at position ${i}`);
      depth++;
      try {
        return container(c);
      } finally {
        depth--;
      }
    }
    return scalar(c);
  };
  const container = (c: string): PyValue => {
    if (c === '{') {
      i++;
      const obj: { [key: string]: PyValue } = {};
      sequence('}', () => {
        const k = value();
        if (typeof k !== 'string') throw new PyLiteralError(`dict keys must be strings (position ${i})`);
        expect(':');
        obj[k] = value();
      });
      return obj;
    }
    if (c === '(' || c === '[') {
      i++;
      const arr: PyValue[] = [];
      sequence(c === '(' ? ')' : ']', () => arr.push(value()));
      return arr;
    }
    throw new PyLiteralError(`unexpected '${c}' at position ${i}`);
  };
  const scalar = (c: string | undefined): PyValue => {
    if (c === "'" || c === '"') {
      const end = text.indexOf(c, i + 1);
      if (end < 0) throw new PyLiteralError(`unterminated string at position ${i}`);
      const s = text.slice(i + 1, end);
      if (s.includes('\\')) throw new PyLiteralError(`escape sequences are not supported (position ${i})`);
      i = end + 1;
      return s;
    }
    // Python 2 numpy wrote shapes like (3L, 4L); the L suffix is accepted and dropped.
    const m = /^(-?\d+)L?|^(True|False|None)\b/.exec(text.slice(i, i + 40));
    if (m) {
      i += m[0].length;
      if (m[1] !== undefined) return Number(m[1]);
      return m[2] === 'True' ? true : m[2] === 'False' ? false : null;
    }
    throw new PyLiteralError(`unexpected ${c === undefined ? 'end of text' : `'${c}'`} at position ${i}`);
  };
  const v = value();
  ws();
  if (i !== text.length) throw new PyLiteralError(`unexpected text after the literal at position ${i}`);
  return v;
}
