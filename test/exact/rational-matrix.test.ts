import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { Rational, RationalMatrix, SingularMatrixError } from '../../src/exact/index.js';

// ------------------------------------------------------------------ generators

/** Small integers with extra zeros, so that rank-deficient and singular matrices are common. */
const smallInt = fc.oneof({ arbitrary: fc.constant(0), weight: 1 }, { arbitrary: fc.integer({ min: -4, max: 4 }), weight: 3 });
const smallRational = fc
  .tuple(fc.integer({ min: -6, max: 6 }), fc.integer({ min: 1, max: 5 }))
  .map(([n, d]) => Rational.of(n, d));
/** Dyadic doubles like the ones the f64 kernels produce exactly. */
const dyadic = fc.integer({ min: -32, max: 32 }).map((k) => k / 8);

function matrixOf(rows: number, cols: number, entry: fc.Arbitrary<number | Rational> = smallInt): fc.Arbitrary<RationalMatrix> {
  return fc
    .array(entry, { minLength: rows * cols, maxLength: rows * cols })
    .map((xs) => matrixFromFlat(rows, cols, xs));
}

/** Builds through Rational entries so that 0-row and 0-column shapes are representable. */
function matrixFromFlat(rows: number, cols: number, xs: ReadonlyArray<number | Rational>): RationalMatrix {
  const entries = xs.map((x) => (x instanceof Rational ? x : Rational.fromF64(x)));
  const values = entries.map((q) => q.toF64());
  const m = RationalMatrix.fromF64Array(rows, cols, values);
  // fromF64Array is exact only for doubles; rebuild through fromRows when entries are general rationals.
  if (entries.every((q, k) => Rational.fromF64(values[k]!).eq(q))) return m;
  return RationalMatrix.fromRows(Array.from({ length: rows }, (_, i) => entries.slice(i * cols, (i + 1) * cols)));
}

const dim = fc.integer({ min: 1, max: 5 });
const anyEntry = fc.oneof(smallInt, smallRational, dyadic);
const anyMatrix = fc.tuple(dim, dim).chain(([r, c]) => matrixOf(r, c, anyEntry));
const squareMatrix = dim.chain((n) => matrixOf(n, n, anyEntry));
const squarePair = dim.chain((n) => fc.tuple(matrixOf(n, n, anyEntry), matrixOf(n, n, anyEntry)));
/** A with a right-hand side B of matching row count. */
const systemArb = fc
  .tuple(dim, dim, fc.integer({ min: 1, max: 3 }))
  .chain(([r, c, k]) => fc.tuple(matrixOf(r, c, anyEntry), matrixOf(c, k, smallInt), matrixOf(r, k, smallInt)));

const permutation = (n: number) => fc.uniqueArray(fc.nat(Math.max(0, n - 1)), { minLength: n, maxLength: n });

/**
 * A = L·R with rank exactly r: L (n×r) is a row-shuffled [unit lower triangular; random], so it has full
 * column rank, and R (r×m) is a column-shuffled [unit upper triangular, random], so it has full row rank.
 */
const knownRank = fc
  .tuple(fc.integer({ min: 1, max: 6 }), fc.integer({ min: 1, max: 6 }))
  .chain(([n, m]) => fc.tuple(fc.constant(n), fc.constant(m), fc.integer({ min: 0, max: Math.min(n, m) })))
  .chain(([n, m, r]) =>
    fc.record({
      n: fc.constant(n),
      m: fc.constant(m),
      r: fc.constant(r),
      lower: fc.array(smallInt, { minLength: n * r, maxLength: n * r }),
      upper: fc.array(smallInt, { minLength: r * m, maxLength: r * m }),
      rowPerm: permutation(n),
      colPerm: permutation(m),
    }),
  )
  .map(({ n, m, r, lower, upper, rowPerm, colPerm }) => {
    const l = Array.from({ length: n }, (_, i) =>
      Array.from({ length: r }, (_, j) => {
        const src = rowPerm[i]!;
        if (src < r) return src === j ? 1 : src > j ? lower[src * r + j]! : 0;
        return lower[src * r + j]!;
      }),
    );
    const u = Array.from({ length: r }, (_, i) =>
      Array.from({ length: m }, (_, j) => {
        const src = colPerm[j]!;
        if (src < r) return src === i ? 1 : src > i ? upper[i * m + src]! : 0;
        return upper[i * m + src]!;
      }),
    );
    const a = matrixFromFlat(n, r, l.flat()).mul(matrixFromFlat(r, m, u.flat()));
    return { a, r };
  });

// ------------------------------------------------------------------ independent references

/**
 * Plain rational Gaussian elimination written only with Rational arithmetic, independent of the library's
 * fraction-free code. `skipStep` is a mutation hook: when set, the first pivot is not eliminated from the
 * last row, a one-step omission of the kind a real bug would make.
 */
function referenceRank(a: RationalMatrix, skipStep = false): number {
  const m = Array.from({ length: a.rows }, (_, i) => a.row(i));
  let rank = 0;
  for (let c = 0; c < a.cols && rank < a.rows; c++) {
    const p = m.findIndex((row, i) => i >= rank && !row[c]!.isZero());
    if (p < 0) continue;
    [m[p], m[rank]] = [m[rank]!, m[p]!];
    const pivotRow = m[rank]!;
    for (let i = rank + 1; i < a.rows; i++) {
      if (skipStep && rank === 0 && i === a.rows - 1) continue;
      const f = m[i]![c]!.div(pivotRow[c]!);
      m[i] = m[i]!.map((x, j) => x.sub(f.mul(pivotRow[j]!)));
    }
    rank++;
  }
  return rank;
}

/** Laplace expansion along the first row: exponential, but unmistakably the definition. */
function laplaceDet(a: RationalMatrix): Rational {
  const rows = Array.from({ length: a.rows }, (_, i) => a.row(i));
  const go = (m: Rational[][]): Rational => {
    if (m.length === 0) return Rational.ONE;
    let s = Rational.ZERO;
    m[0]!.forEach((x, j) => {
      if (x.isZero()) return;
      const minor = m.slice(1).map((row) => row.filter((_, k) => k !== j));
      const term = x.mul(go(minor));
      s = j % 2 === 0 ? s.add(term) : s.sub(term);
    });
    return s;
  };
  return go(rows);
}

function sumOfSquares(v: RationalMatrix): Rational {
  let s = Rational.ZERO;
  for (let i = 0; i < v.rows; i++) for (let j = 0; j < v.cols; j++) s = s.add(v.get(i, j).mul(v.get(i, j)));
  return s;
}

// ------------------------------------------------------------------ tests

describe('RationalMatrix: construction and structure', () => {
  it('converts numbers exactly and rejects NaN/∞ naming the entry', () => {
    const m = RationalMatrix.fromRows([
      [0.1, -2],
      [3, 2 ** -1074],
    ]);
    expect(m.get(0, 0).eq(Rational.fromF64(0.1))).toBe(true);
    expect(m.get(1, 1).eq(Rational.of(1n, 2n ** 1074n))).toBe(true);
    expect(() => RationalMatrix.fromRows([[1, 2, 3], [4, 5, Number.NaN]])).toThrow(/row 1, column 2/);
    expect(() => RationalMatrix.fromRows([[Infinity]])).toThrow(/row 0, column 0.*Infinity/);
    expect(() => RationalMatrix.fromF64Array(2, 2, [1, 2, -Infinity, 4])).toThrow(/row 1, column 0/);
    expect(() => RationalMatrix.fromF64Array(2, 2, [1, 2, 3])).toThrow(RangeError);
    expect(() => RationalMatrix.fromRows([[1, 2], [3]])).toThrow(/row 1/);
    expect(RationalMatrix.fromRows([[1n, Rational.of(1, 3)]]).toStrings()).toEqual([['1', '1/3']]);
  });

  it('round-trips f64 buffers exactly', () => {
    fc.assert(
      fc.property(
        fc.tuple(dim, dim).chain(([r, c]) =>
          fc.tuple(fc.constant(r), fc.constant(c), fc.array(fc.double({ noNaN: true, noDefaultInfinity: true }), { minLength: r * c, maxLength: r * c })),
        ),
        ([r, c, xs]) => {
          const m = RationalMatrix.fromF64Array(r, c, Float64Array.from(xs));
          expect(m.toF64Rows().flat()).toEqual(xs.map((x) => (x === 0 ? 0 : x)));
          expect(RationalMatrix.fromRows(m.toF64Rows()).equals(m)).toBe(true);
        },
      ),
    );
  });

  it('reports both shapes on a product mismatch', () => {
    const a = RationalMatrix.zeros(2, 3);
    const b = RationalMatrix.zeros(4, 2);
    expect(() => a.mul(b)).toThrow(/2x3.*4x2/);
    expect(() => a.add(b)).toThrow(/2x3.*4x2/);
    expect(() => a.get(2, 0)).toThrow(RangeError);
    expect(() => a.slice(0, 3, 0, 1)).toThrow(RangeError);
  });

  it('satisfies the ring identities and the stacking/slicing laws', () => {
    const triple = fc
      .tuple(dim, dim, dim, dim)
      .chain(([p, q, r, s]) => fc.tuple(matrixOf(p, q, anyEntry), matrixOf(q, r, anyEntry), matrixOf(r, s, anyEntry), matrixOf(q, r, anyEntry)));
    fc.assert(
      fc.property(triple, ([a, b, c, b2]) => {
        expect(a.mul(b).mul(c).equals(a.mul(b.mul(c)))).toBe(true);
        expect(a.mul(b.add(b2)).equals(a.mul(b).add(a.mul(b2)))).toBe(true);
        expect(a.mul(b).transpose().equals(b.transpose().mul(a.transpose()))).toBe(true);
        expect(RationalMatrix.identity(a.rows).mul(a).equals(a)).toBe(true);
        expect(a.transpose().transpose().equals(a)).toBe(true);
        expect(b.sub(b).isZero()).toBe(true);
        expect(b.scale(Rational.of(-1)).equals(b.neg())).toBe(true);
        const h = b.hstack(b2);
        expect(h.slice(0, b.rows, 0, b.cols).equals(b)).toBe(true);
        expect(h.slice(0, b.rows, b.cols, h.cols).equals(b2)).toBe(true);
        const v = b.vstack(b2);
        expect(v.slice(b.rows, v.rows, 0, b.cols).equals(b2)).toBe(true);
        expect(v.row(b.rows)).toEqual(b2.row(0));
      }),
    );
  });
});

describe('RationalMatrix.rank', () => {
  const rankIsKnown = (rankFn: (a: RationalMatrix) => number) =>
    fc.property(knownRank, ({ a, r }) => rankFn(a) === r);

  it('equals r for products of n×r and r×m factors of rank r', () => {
    fc.assert(rankIsKnown((a) => a.rank()), { numRuns: 200 });
    fc.assert(rankIsKnown((a) => a.transpose().rank()), { numRuns: 100 });
    fc.assert(rankIsKnown((a) => referenceRank(a)), { numRuns: 100 });
  });

  it('the same property catches a rank that skips one elimination step', () => {
    const details = fc.check(rankIsKnown((a) => referenceRank(a, true)), { numRuns: 200 });
    expect(details.failed).toBe(true);
  });

  it('agrees with plain rational elimination and with the rref on arbitrary rational matrices', () => {
    fc.assert(
      fc.property(anyMatrix, (a) => {
        const r = a.rank();
        expect(r).toBe(referenceRank(a));
        expect(r).toBe(a.rref().pivots.length);
        expect(r).toBe(a.transpose().rank());
      }),
      { numRuns: 200 },
    );
  });

  it('handles empty shapes', () => {
    expect(RationalMatrix.zeros(0, 3).rank()).toBe(0);
    expect(RationalMatrix.zeros(3, 0).rank()).toBe(0);
    expect(RationalMatrix.identity(0).det().eq(Rational.ONE)).toBe(true);
    expect(RationalMatrix.zeros(2, 3).nullSpace().equals(RationalMatrix.identity(3))).toBe(true);
    expect(RationalMatrix.identity(3).nullSpace().cols).toBe(0);
  });
});

describe('RationalMatrix.det', () => {
  const detMatchesLaplace = (detFn: (a: RationalMatrix) => Rational) =>
    fc.property(squareMatrix, (a) => detFn(a).eq(laplaceDet(a)));
  const detIsMultiplicative = (detFn: (a: RationalMatrix) => Rational) =>
    fc.property(squarePair, ([a, b]) => detFn(a.mul(b)).eq(detFn(a).mul(detFn(b))));

  it('equals the Laplace expansion, is multiplicative and transpose-invariant', () => {
    fc.assert(detMatchesLaplace((a) => a.det()), { numRuns: 200 });
    fc.assert(detIsMultiplicative((a) => a.det()), { numRuns: 200 });
    fc.assert(
      fc.property(squareMatrix, (a) => {
        expect(a.transpose().det().eq(a.det())).toBe(true);
        expect(a.det().isZero()).toBe(a.rank() < a.rows);
      }),
    );
  });

  it('multiplicativity alone would miss a sign bug, which the Laplace comparison catches', () => {
    const absDet = (a: RationalMatrix) => a.det().abs();
    expect(fc.check(detIsMultiplicative(absDet), { numRuns: 100 }).failed).toBe(false);
    expect(fc.check(detMatchesLaplace(absDet), { numRuns: 200 }).failed).toBe(true);
  });

  it('rejects non-square matrices', () => {
    expect(() => RationalMatrix.zeros(2, 3).det()).toThrow(/2x3/);
  });
});

describe('RationalMatrix: solving', () => {
  it('A · inverse(A) = inverse(A) · A = I exactly, and singular matrices throw SingularMatrixError', () => {
    fc.assert(
      fc.property(squareMatrix, (a) => {
        const id = RationalMatrix.identity(a.rows);
        if (a.det().isZero()) {
          expect(() => a.inverse()).toThrow(SingularMatrixError);
        } else {
          const inv = a.inverse();
          expect(a.mul(inv).equals(id)).toBe(true);
          expect(inv.mul(a).equals(id)).toBe(true);
        }
      }),
      { numRuns: 200 },
    );
    expect(() => RationalMatrix.fromRows([[1, 2], [2, 4]]).solve(RationalMatrix.zeros(2, 1))).toThrow(SingularMatrixError);
    expect(() => RationalMatrix.fromRows([[1, 2], [2, 4]]).inverse()).toThrow(/singular/);
  });

  it('solve returns X with AX = B', () => {
    fc.assert(
      fc.property(
        dim.chain((n) => fc.tuple(matrixOf(n, n, anyEntry), matrixOf(n, 2, anyEntry))),
        ([a, b]) => {
          fc.pre(!a.det().isZero());
          expect(a.mul(a.solve(b)).equals(b)).toBe(true);
        },
      ),
      { numRuns: 200 },
    );
  });

  it('particularSolution / isConsistent agree with the rank test and solve when consistent', () => {
    fc.assert(
      fc.property(systemArb, ([a, x0, bRandom]) => {
        const bReachable = a.mul(x0);
        const x = a.particularSolution(bReachable);
        expect(x).not.toBeNull();
        expect(a.mul(x!).equals(bReachable)).toBe(true);
        expect(a.columnSpaceContains(bReachable)).toBe(true);

        const consistent = referenceRank(a.hstack(bRandom)) === referenceRank(a);
        expect(a.isConsistent(bRandom)).toBe(consistent);
        expect(a.columnSpaceContains(bRandom)).toBe(consistent);
        const y = a.particularSolution(bRandom);
        expect(y !== null).toBe(consistent);
        if (y) expect(a.mul(y).equals(bRandom)).toBe(true);
      }),
      { numRuns: 200 },
    );
  });

  it('solveLeastNorm returns the solution in the row space, which has the smallest norm', () => {
    fc.assert(
      fc.property(systemArb, ([a, x0]) => {
        const b = a.mul(x0);
        const x = a.solveLeastNorm(b)!;
        expect(a.mul(x).equals(b)).toBe(true);
        expect(a.rowSpaceContains(x.transpose())).toBe(true);
        expect(x.transpose().mul(a.nullSpace()).isZero()).toBe(true);
        for (let j = 0; j < b.cols; j++) {
          const xj = x.slice(0, x.rows, j, j + 1);
          const x0j = x0.slice(0, x0.rows, j, j + 1);
          expect(sumOfSquares(xj).cmp(sumOfSquares(x0j))).toBeLessThanOrEqual(0);
        }
      }),
      { numRuns: 150 },
    );
    const a = RationalMatrix.fromRows([[1, 1], [1, 1]]);
    expect(a.solveLeastNorm(RationalMatrix.fromRows([[1], [2]]))).toBeNull();
    expect(a.solveLeastNorm(RationalMatrix.fromRows([[2], [2]]))!.equals(RationalMatrix.fromRows([[1], [1]]))).toBe(true);
  });
});

describe('RationalMatrix: rref and subspaces', () => {
  it('rref is in reduced row echelon form and has the row space of A', () => {
    fc.assert(
      fc.property(anyMatrix, (a) => {
        const { rref: r, pivots } = a.rref();
        const rank = pivots.length;
        expect(r.rows).toBe(a.rows);
        expect(r.cols).toBe(a.cols);
        pivots.forEach((p, i) => {
          if (i > 0) expect(p).toBeGreaterThan(pivots[i - 1]!);
          for (let j = 0; j < p; j++) expect(r.get(i, j).isZero()).toBe(true);
          for (let k = 0; k < a.rows; k++) expect(r.get(k, p).eq(k === i ? Rational.ONE : Rational.ZERO)).toBe(true);
        });
        for (let i = rank; i < a.rows; i++) expect(r.row(i).every((x) => x.isZero())).toBe(true);
        expect(referenceRank(r)).toBe(referenceRank(a));
        expect(referenceRank(a.vstack(r))).toBe(referenceRank(a));
      }),
      { numRuns: 200 },
    );
  });

  it('nullSpace is a basis of {x : Ax = 0} of dimension cols - rank', () => {
    fc.assert(
      fc.property(anyMatrix, (a) => {
        const n = a.nullSpace();
        const rank = referenceRank(a);
        expect(n.rows).toBe(a.cols);
        expect(n.cols).toBe(a.cols - rank);
        expect(a.mul(n).isZero()).toBe(true);
        expect(referenceRank(n)).toBe(n.cols);
      }),
      { numRuns: 200 },
    );
  });

  it('rowSpaceBasis spans the row space with independent rows; containment tests are rank tests', () => {
    fc.assert(
      fc.property(anyMatrix, matrixOf(2, 5, smallInt), (a, probe) => {
        const basis = a.rowSpaceBasis();
        expect(basis.rows).toBe(referenceRank(a));
        expect(referenceRank(basis)).toBe(basis.rows);
        expect(basis.rowSpaceContains(a)).toBe(true);
        expect(a.rowSpaceContains(basis)).toBe(true);
        const b = probe.slice(0, 2, 0, a.cols);
        expect(a.rowSpaceContains(b)).toBe(referenceRank(a.vstack(b)) === referenceRank(a));
      }),
      { numRuns: 150 },
    );
  });

  it('pinv satisfies the four Moore-Penrose conditions; pinvFullColumnRank is a left inverse', () => {
    fc.assert(
      fc.property(anyMatrix, (a) => {
        const p = a.pinv();
        expect(a.mul(p).mul(a).equals(a)).toBe(true);
        expect(p.mul(a).mul(p).equals(p)).toBe(true);
        const ap = a.mul(p);
        const pa = p.mul(a);
        expect(ap.transpose().equals(ap)).toBe(true);
        expect(pa.transpose().equals(pa)).toBe(true);
        if (a.rank() === a.cols) {
          const left = a.pinvFullColumnRank();
          expect(left.equals(p)).toBe(true);
          expect(left.mul(a).equals(RationalMatrix.identity(a.cols))).toBe(true);
        } else {
          expect(() => a.pinvFullColumnRank()).toThrow(SingularMatrixError);
        }
      }),
      { numRuns: 150 },
    );
  });
});

describe('RationalMatrix: performance on 64×64', () => {
  // Speed is measured in benchmarks, not asserted here; this checks the 64×64 results are right.
  it('ranks, solves and inverts small-entry 64×64 matrices exactly', () => {
    const rng = fc.sample(fc.integer({ min: -9, max: 9 }), { numRuns: 64 * 64 * 3, seed: 42 });
    const a = RationalMatrix.fromF64Array(64, 64, rng.slice(0, 4096));
    const lowRank = RationalMatrix.fromF64Array(64, 32, rng.slice(4096, 6144)).mul(
      RationalMatrix.fromF64Array(32, 64, rng.slice(6144, 8192)),
    );
    const b = RationalMatrix.fromF64Array(64, 1, rng.slice(8192, 8256));
    expect(a.rank()).toBe(64);
    expect(lowRank.rank()).toBe(32);
    const x = a.solve(b);
    expect(a.mul(x).equals(b)).toBe(true);
    const inv = a.inverse();
    expect(lowRank.nullSpace().cols).toBe(32);
    expect(a.mul(inv).equals(RationalMatrix.identity(64))).toBe(true);
  });
});
