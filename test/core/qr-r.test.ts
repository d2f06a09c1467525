// qrR (matrix/decompose.ts): the R of qr without forming Q — the same reflectors, so the same R bit for bit.
import { describe, it, expect } from 'vitest';
import { loadCore } from '../../src/wasm/loader.js';
import { fromArray } from '../../src/matrix/create.js';
import { qr, qrR } from '../../src/matrix/decompose.js';
import { randomMatrix, rng } from '../blocked/pairs.js';

describe('qrR', () => {
  const core = loadCore();
  for (const [m, n] of [[40, 7], [7, 40], [600, 520], [9, 9]] as const) {
    it(`is qr's R bit for bit (${m} × ${n})`, () => {
      core.scope(() => {
        const A = fromArray(core, m, n, randomMatrix(m, n, rng(m * 31 + n)).data);
        const R = qrR(A);
        expect([R.rows, R.cols]).toEqual([Math.min(m, n), n]);
        expect(Array.from(R.toFloat64Array())).toEqual(Array.from(qr(A).R.toFloat64Array()));
      });
    });
  }
});
