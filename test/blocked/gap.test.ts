// The blocked log-odds gap against the dense computation: same verdicts, and the same numbers to the
// last bit (every entry is the same gemm dot product in both; maxima are exact).
import { describe, it, expect, afterAll } from 'vitest';
import { rmSync } from 'node:fs';
import { blockedGap } from '../../src/engine/blocked/api.js';
import { sourceSpec } from '../../src/io/stream/open.js';
import { writePairs } from './pairs.js';
import { denseGap } from './dense-gap.js';
import { unembeddingNorms } from '../../src/engine/blocked/structure.js';

const f64 = writePairs(37, 301, 7, 3, 150, 1);
const f32 = writePairs(29, 203, 6, 2, 0, 2, 'f32');
afterAll(() => { for (const p of [f64, f32]) rmSync(p.dir, { recursive: true, force: true }); });

describe('blocked log-odds gap', () => {
  for (const [label, pairs] of [['f64', f64], ['f32', f32]] as const) {
    for (const other of ['same', 'wider', 'different'] as const) {
      it(`${label}, ${other}: equals the dense decision bit for bit`, async () => {
        const dense = denseGap(pairs.a, pairs[other]);
        const blocked = await blockedGap(sourceSpec(pairs.a), sourceSpec(pairs[other]), { blockTokens: 16 });
        expect(blocked.equivalent).toBe(other !== 'different');
        expect(dense.equivalent).toBe(other !== 'different');
        expect(blocked.ratio).toBe(dense.ratio);
        expect(blocked.relGap).toBe(dense.relGap);
        expect([blocked.x, blocked.y]).toEqual([dense.x, dense.y]);
      });
    }
  }

  it('brings each unembedding\'s norms, the same bits as their own pass, for any block size and number of workers', async () => {
    // compare-blocked.ts takes them from here instead of reading both unembeddings again.
    for (const [pairs, other] of [[f64, 'wider'], [f32, 'different']] as const) {
      const own = [unembeddingNorms(sourceSpec(pairs.a)), unembeddingNorms(sourceSpec(pairs[other]))];
      for (const [blockTokens, workers] of [[1, 1], [16, 2], [1000, 1]] as const) {
        const gap = await blockedGap(sourceSpec(pairs.a), sourceSpec(pairs[other]), { blockTokens, workers });
        expect(gap.unembedding, `blocks of ${blockTokens}, ${workers} workers`).toEqual(own);
      }
    }
  });

  it('the block size changes nothing', async () => {
    const r = await Promise.all([1, 5, 64, 1000].map((b) => blockedGap(sourceSpec(f64.a), sourceSpec(f64.different), { blockTokens: b })));
    for (const x of r) expect(x).toEqual(r[0]);
  });

  it('one and two workers give identical results', async () => {
    const one = await blockedGap(sourceSpec(f64.a), sourceSpec(f64.wider), { blockTokens: 16, workers: 1 });
    const two = await blockedGap(sourceSpec(f64.a), sourceSpec(f64.wider), { blockTokens: 16, workers: 2 });
    expect(two).toEqual(one);
  });
});
