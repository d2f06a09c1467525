import { afterAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { readModelFile, parseModel, describeModel, writeModelJson, writeModelNpz, writeModelSafetensors, type DenseMatrix } from '../../src/io/index.js';
import { dense, expectBitExact, expectModelError, makeTempDir } from './fixtures.js';

const tmp = makeTempDir();
afterAll(() => tmp.remove());

// Values where lossy formatting or decoding would show: signed zero, subnormals, extremes, non-dyadic decimals.
const special = fc.constantFrom(
  0, -0, 5e-324, -5e-324, 2.225073858507201e-308, 2.2250738585072014e-308, 1.7976931348623157e308,
  -1.7976931348623157e308, 1e-300, 1e300, 0.1, 1 / 3, -2 / 3, 2 ** 53 + 2, 123456789.12345679,
);
const value = fc.oneof(fc.double({ noNaN: true, noDefaultInfinity: true }), special);

function matrix(rows: fc.Arbitrary<number>, cols: fc.Arbitrary<number>): fc.Arbitrary<DenseMatrix> {
  return fc
    .tuple(rows, cols)
    .chain(([r, c]) => fc.array(value, { minLength: r * c, maxLength: r * c }).map((xs) => ({ rows: r, cols: c, data: Float64Array.from(xs) })));
}

const model = fc
  .tuple(fc.integer({ min: 1, max: 5 }), fc.integer({ min: 2, max: 6 }), fc.integer({ min: 1, max: 4 }))
  .chain(([n, V, d]) =>
    fc.record({
      F: matrix(fc.constant(n), fc.constant(d)),
      G: matrix(fc.constant(V), fc.constant(d)),
      pivot: fc.integer({ min: 0, max: V - 1 }),
    }),
  );

const writers = [
  { ext: 'json', write: writeModelJson, dtype: 'json' },
  { ext: 'npz', write: writeModelNpz, dtype: 'f64' },
  { ext: 'safetensors', write: writeModelSafetensors, dtype: 'f64' },
] as const;

describe('round trips are bit-exact', () => {
  for (const { ext, write, dtype } of writers) {
    it(`${ext}: write then read gives back every bit, shape and pivot`, () => {
      let run = 0;
      fc.assert(
        fc.property(model, ({ F, G, pivot }) => {
          const path = tmp.path(`rt-${run++}.${ext}`);
          write(path, F, G, pivot);
          const m = readModelFile(path);
          expect([m.F.rows, m.F.cols, m.G.rows, m.G.cols]).toEqual([F.rows, F.cols, G.rows, G.cols]);
          expectBitExact(m.F.data, F.data);
          expectBitExact(m.G.data, G.data);
          expect(m.pivot).toBe(pivot);
          expect(m.dtype).toBe(dtype);
          expect(m.source).toBe(path);
        }),
        { numRuns: 60 },
      );
    });
  }

  it('keeps -0 in JSON, which JSON.stringify alone would turn into 0', () => {
    const path = tmp.path('negzero.json');
    writeModelJson(path, dense([[-0, 5e-324]]), dense([[1e308, -0], [-1e-308, 0]]), 1);
    expect(readFileSync(path, 'utf8')).toContain('-0');
    const m = readModelFile(path);
    expect(Object.is(m.F.data[0], -0)).toBe(true);
    expect(m.F.data[1]).toBe(5e-324);
  });

  it('parseModel reads the same bytes as readModelFile and describeModel summarises the model', () => {
    const path = tmp.path('same.safetensors');
    writeModelSafetensors(path, dense([[1, 2, 3]]), dense([[4, 5, 6], [7, 8, 9]]), 1);
    const m = parseModel(readFileSync(path), 'mem.safetensors');
    expect(m.source).toBe('mem.safetensors');
    expect(Array.from(m.G.data)).toEqual([4, 5, 6, 7, 8, 9]);
    expect(describeModel(m)).toBe('mem.safetensors: n = 1 contexts, V = 2 tokens, d = 3 (F 1×3, G 2×3, f64), pivot 1');
  });

  it('defaults the pivot to 0', () => {
    const path = tmp.write('nopivot.json', JSON.stringify({ F: [[1]], G: [[1], [2]] }));
    expect(readModelFile(path).pivot).toBe(0);
  });
});

describe('writers refuse what the readers would reject, and lose nothing', () => {
  const F = dense([[1, 2]]);
  const G = dense([[1, 2], [3, 4]]);
  for (const { ext, write } of writers) {
    it(`${ext}: a NaN is reported and no file is created`, () => {
      const path = tmp.path(`bad-nan.${ext}`);
      expectModelError(() => write(path, dense([[1, NaN]]), G, 0), { file: path, field: 'F[0][1]', message: 'expected a finite number, got NaN' });
      expect(existsSync(path)).toBe(false);
    });

    it(`${ext}: a bad pivot leaves an existing file untouched`, () => {
      const path = tmp.path(`keep.${ext}`);
      writeFileSync(path, 'previous contents');
      expectModelError(() => write(path, F, G, 2), { file: path, field: 'pivot', message: 'expected an integer token index in [0, 2)' });
      expect(readFileSync(path, 'utf8')).toBe('previous contents');
    });
  }

  it('an unwritable path is a ModelFileError naming it', () => {
    const path = tmp.path('no-such-dir/m.json');
    expectModelError(() => writeModelJson(path, F, G, 0), { file: path, field: 'file', message: 'cannot write the model file: ENOENT' });
  });

  it('rejects a matrix whose data length disagrees with rows × cols', () => {
    const path = tmp.path('len.npz');
    expectModelError(() => writeModelNpz(path, { rows: 2, cols: 2, data: new Float64Array(3) }, G, 0), {
      file: path,
      field: 'F',
      message: 'rows × cols = 4 entries, got 3 entries',
    });
  });
});
