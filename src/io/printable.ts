// Text from files (names, values, messages) is printed to terminals: a raw ESC or a bidi override in it
// could recolour, move the cursor, retitle the window or reorder what the user reads. Control characters
// and bidi controls become visible escapes (\x1b, \u202e); everything else passes through.

// C0 controls except tab/newline, DEL, C1 controls, and the Unicode bidi embedding/override/isolate marks.
const UNSAFE_KEEP_NEWLINES = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;
const UNSAFE_ONE_LINE = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

function escapeChar(c: string): string {
  const code = c.charCodeAt(0);
  return code <= 0xff ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`;
}

/** For text that must stay on one line (a field, a value, a name from a file): newlines are escaped too. */
export function printableLine(s: string): string {
  return s.replace(UNSAFE_ONE_LINE, escapeChar);
}

/** For multi-line text we composed (help, messages): newlines and tabs kept, every other control escaped. */
export function printable(s: string): string {
  return s.replace(UNSAFE_KEEP_NEWLINES, escapeChar);
}
