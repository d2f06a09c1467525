// Formatting shared by the Markdown and HTML renderers, so both documents say the same thing in the same
// words and digits. Everything here is a pure function of its input: the renderers must be deterministic.
import type { ClaimStatus, MatrixRecord, Report } from './types.js';

/** What each status means to a reviewer, in one line. */
export const STATUS_LABEL: Record<ClaimStatus, string> = {
  held: 'held',
  falsified: 'FALSIFIED',
  'counterexample-certified': 'counterexample certified',
  'counterexample-not-found': 'counterexample not found',
  numerical: 'numerical artefact',
  inconclusive: 'inconclusive',
  'insufficient-evidence': 'insufficient evidence',
  error: 'error',
  'not-run': 'not run',
};

/** Every status in a stable order (for legends and counts). */
export const STATUSES: readonly ClaimStatus[] = [
  'held',
  'counterexample-certified',
  'falsified',
  'counterexample-not-found',
  'numerical',
  'inconclusive',
  'insufficient-evidence',
  'error',
  'not-run',
];

/** Shortest round-trip decimal, keeping the sign of −0 (String(-0) is "0", which would hide it). */
export function decimal(x: number): string {
  return Object.is(x, -0) ? '-0' : String(x);
}

/**
 * A measured quantity (residual, tolerance, κ) for reading, not for replay: four significant digits in
 * the ordinary range, otherwise scientific. The JSON keeps the full double.
 */
export function sci(x: number | null): string {
  if (x === null) return '—';
  if (!Number.isFinite(x)) return String(x);
  if (x === 0) return '0';
  const a = Math.abs(x);
  if (a >= 1e-3 && a < 1e5) return String(Number(x.toPrecision(4)));
  const [m = '', e = ''] = x.toExponential(2).split('e');
  return `${m.replace(/\.?0+$/, '')}e${e.replace('+', '')}`;
}

/** How far past its tolerance a residual is, as "×1.3" or "×4.5e8"; null when either is unknown. */
export function ratio(residual: number | null, tolerance: number | null): string | null {
  if (residual === null || tolerance === null || tolerance <= 0) return null;
  return `×${sci(residual / tolerance)}`;
}

/** Matrices are shown up to this size; shrunk counterexamples are far smaller, the rest is in the JSON. */
export const MAX_SHOWN_ROWS = 12;
export const MAX_SHOWN_COLS = 8;

export interface ShownMatrix {
  rows: string[][];
  truncated: boolean;
  /** "showing 12 of 40 rows and 8 of 9 columns", or null when everything is shown. */
  note: string | null;
}

/** The top-left block of a matrix as decimal strings, with a note saying what was left out. */
export function shownMatrix(m: MatrixRecord): ShownMatrix {
  const r = Math.min(m.rows, MAX_SHOWN_ROWS), c = Math.min(m.cols, MAX_SHOWN_COLS);
  const rows = m.decimal.slice(0, r).map((row) => row.slice(0, c).map(decimal));
  const parts: string[] = [];
  if (r < m.rows) parts.push(`${r} of ${m.rows} rows`);
  if (c < m.cols) parts.push(`${c} of ${m.cols} columns`);
  const truncated = parts.length > 0;
  return { rows, truncated, note: truncated ? `showing ${parts.join(' and ')}; the full matrix (exact and bit patterns) is in the JSON report` : null };
}

/** Numerical rank of a spectrum: the singular values above its rounding floor (src/engine/rank.ts). */
export function numericalRank(spectrum: readonly number[], floor: number): number {
  return spectrum.filter((s) => s > floor).length;
}

/** Quote a command-line argument only when the shell would otherwise mangle it. */
export function shellArg(s: string): string {
  return /^[A-Za-z0-9_./:=@%+,-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`;
}

/** The command that replays one claim's counterexample from this report's JSON file. */
export function replayCommand(reportFile: string, key: string): string {
  return `aon replay ${shellArg(reportFile)} --claim ${shellArg(key)}`;
}

export function shardText(shard: Report['campaign']['shard']): string {
  return shard === null ? 'none (whole campaign)' : `index ${shard.index} of ${shard.count}`;
}

export function runsText(runs: number | null): string {
  return runs === null ? "each claim's default budget" : `${runs} per claim`;
}

export function wasmText(w: Report['wasm']): string {
  return `${w.build} (${w.simd ? 'SIMD' : 'scalar'}), ABI ${w.abiVersion}`;
}

/** Options both renderers take. */
export interface RenderOptions {
  /** The JSON report's file name as a reviewer will have it, for the replay commands. */
  reportFile?: string;
}

export const DEFAULT_REPORT_FILE = 'report.json';

/** Escape text for HTML and SVG content and attribute values (both quote styles). */
export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}
