// The module must import nothing, so AssemblyScript's `abort` (normally the host's env.abort) is routed
// here with `--use abort=...`. An abort is an internal invariant violation (a bug in the core, never bad
// input: bad input returns a status code), so we record where it happened and trap. A host that catches
// the trap can read the location through `last_abort_line` / `last_abort_column`.

let abortLine: u32 = 0;
let abortColumn: u32 = 0;

export function onAbort(message: usize, fileName: usize, line: u32, column: u32): void {
  abortLine = line;
  abortColumn = column;
  unreachable();
}

export function lastAbortLine(): u32 {
  return abortLine;
}

export function lastAbortColumn(): u32 {
  return abortColumn;
}
