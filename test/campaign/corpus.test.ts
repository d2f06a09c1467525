// Every pinned case in properties/corpus is replayed through fast-check's `examples`: a negative
// control's pinned counterexample must still fail, a pinned regression must still pass.
import { describe, it, expect } from 'vitest';
import { readCorpus, encodeInput, decodeInput } from '../../src/campaign/corpus.js';
import { CATALOGUE } from '../../properties/catalogue.js';
import { runClaim } from '../../src/campaign/run-claim.js';
import { loadCore } from '../../src/wasm/loader.js';

const corpus = readCorpus();
const core = loadCore();

describe('pinned corpus', () => {
  it('holds a pinned case for every negative control', () => {
    const refutable = CATALOGUE.filter((e) => e.claim.direction === 'refutable').map((e) => e.key);
    expect(corpus.map((c) => c.key).sort()).toEqual(expect.arrayContaining(refutable.sort()));
  });

  it('encodes inputs losslessly (bit patterns, -0, non-finite numbers)', () => {
    const input = { a: new Float64Array([-0, 5e-324, 1 / 3]), n: Infinity, list: [{ x: new Float64Array([NaN]) }] };
    const back = decodeInput(JSON.parse(JSON.stringify(encodeInput(input)))) as typeof input;
    expect(Object.is(back.a[0], -0)).toBe(true);
    expect(back.a[1]).toBe(5e-324);
    expect(back.a[2]).toBe(1 / 3);
    expect(back.n).toBe(Infinity);
    expect(Number.isNaN(back.list[0]!.x[0])).toBe(true);
  });

  for (const file of corpus) {
    const entry = CATALOGUE.find((e) => e.key === file.key);
    for (const [i, c] of file.cases.entries()) {
      it(`${file.key} #${i + 1} ${c.expect}: ${c.why.slice(0, 80)}`, () => {
        expect(entry, `corpus file for unknown claim ${file.key}`).toBeDefined();
        const r = runClaim(entry!.claim, { core, examples: [c.input], numRuns: 1, endOnFailure: true });
        if (c.expect === 'fails') {
          expect(r.failure).not.toBeNull();
          expect(r.runs).toBe(1);
          // A pinned counterexample is a genuine one: exact arithmetic confirms it.
          expect(entry!.claim.certify!(c.input).verified).toBe(true);
        } else {
          expect(r.failure).toBeNull();
          expect(r.error).toBeNull();
        }
      });
    }
  }
});
