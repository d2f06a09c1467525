// Shape checks done on the host before a call, so a mismatch is reported with both shapes named.
import { CoreError } from '../wasm/status.js';
import type { Matrix } from './matrix.js';

export const fmt = (m: Matrix): string => `${m.rows}×${m.cols}`;

export function expectShape(op: string, what: string, m: Matrix, rows: number, cols: number): void {
  if (m.rows !== rows || m.cols !== cols) {
    throw new CoreError('shape', op, `${what} must be ${rows}×${cols}, got ${fmt(m)}`);
  }
}

export function expectSquare(op: string, m: Matrix): void {
  if (m.rows !== m.cols) throw new CoreError('shape', op, `needs a square matrix, got ${fmt(m)}`);
}

export function alive(op: string, ...ms: Matrix[]): void {
  for (const m of ms) m.assertAlive(op);
  const core = ms[0]?.core;
  for (const m of ms) {
    if (m.core !== core) throw new CoreError('input', op, 'matrices belong to different core instances');
  }
}
