import { describe, it, expect } from 'vitest';
import { stageProgress, formatDuration } from '../../src/cli/stage-progress.js';

function sink(isTTY: boolean) {
  const out: string[] = [];
  return { out, stream: { isTTY, columns: 200, write: (s: string) => out.push(s) } };
}

describe('stage progress', () => {
  it('plain output: a line at the start, at most one per 10 s, and one at the end of each stage', () => {
    const { out, stream } = sink(false);
    let t = 0;
    const p = stageProgress(stream, () => t);
    p.update('log-odds gap', 0, 10);
    for (let i = 1; i <= 10; i++) { t += 3000; p.update('log-odds gap', i, 10); }
    p.update('QR of G0', 1, 4);
    expect(out).toEqual([
      'log-odds gap: 0/10 blocks\n',
      'log-odds gap: 4/10 blocks, ETA 18s\n',
      'log-odds gap: 8/10 blocks, ETA 6s\n',
      'log-odds gap: 10/10 blocks, done in 30s\n',
      'QR of G0: 1/4 blocks, ETA 0s\n',
    ]);
  });

  it('on a terminal: one line rewritten in place with a bar and the ETA, cleared at the end', () => {
    const { out, stream } = sink(true);
    let t = 0;
    const p = stageProgress(stream, () => t);
    t = 60_000;
    p.update('QR of G0', 1, 4);
    expect(out.at(-1)).toMatch(/^\r\x1b\[2KQR of G0 {2}█{6}░{18} {2}1\/4 blocks {2}ETA 0s$/);
    t = 120_000;
    p.update('QR of G0', 2, 4);
    p.end();
    expect(out.at(-1)).toBe('\r\x1b[2K');
  });

  it('formats durations', () => {
    expect([formatDuration(5), formatDuration(83), formatDuration(7260), formatDuration(NaN)]).toEqual(['5s', '1m23s', '2h01m', '?']);
  });
});
