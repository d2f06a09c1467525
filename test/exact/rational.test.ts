import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { Rational, bigintGcd } from '../../src/exact/index.js';

const finiteDouble = fc.double({ noNaN: true, noDefaultInfinity: true });

const bigRational = fc
  .tuple(fc.bigInt(-(10n ** 30n), 10n ** 30n), fc.bigInt(1n, 10n ** 30n))
  .map(([n, d]) => Rational.of(n, d));
const smallRational = fc
  .tuple(fc.integer({ min: -20, max: 20 }), fc.integer({ min: 1, max: 12 }))
  .map(([n, d]) => Rational.of(n, d));
const rational = fc.oneof(smallRational, bigRational, finiteDouble.map((x) => Rational.fromF64(x)));
const nonZeroRational = rational.filter((q) => !q.isZero());

function isCanonical(q: Rational): boolean {
  return q.den > 0n && bigintGcd(q.num, q.den) === 1n && (q.num !== 0n || q.den === 1n);
}

/**
 * The value of a finite double computed without looking at its bits: doubling a non-integer double is exact
 * (it is below 2^52, so it cannot overflow), and it becomes an integer after at most 1074 doublings.
 */
function referenceFromF64(x: number): Rational {
  let y = x;
  let k = 0n;
  while (!Number.isInteger(y)) {
    y *= 2;
    k++;
  }
  return Rational.of(BigInt(y), 2n ** k);
}

const BITS = new DataView(new ArrayBuffer(8));
/** The adjacent double towards +∞ (dir = 1) or -∞ (dir = -1), for finite non-zero or zero x. */
function adjacent(x: number, dir: 1 | -1): number {
  if (x === 0) return dir * Number.MIN_VALUE;
  BITS.setFloat64(0, x);
  const bits = BITS.getBigUint64(0);
  const awayFromZero = (x > 0) === (dir > 0);
  BITS.setBigUint64(0, awayFromZero ? bits + 1n : bits - 1n);
  return BITS.getFloat64(0);
}

function mantissaIsEven(x: number): boolean {
  BITS.setFloat64(0, x);
  return (BITS.getBigUint64(0) & 1n) === 0n;
}

describe('Rational: construction and canonical form', () => {
  it('reduces and normalizes the sign of the denominator', () => {
    expect(Rational.of(6, -4).toString()).toBe('-3/2');
    expect(Rational.of(-6n, -4n).toString()).toBe('3/2');
    expect(Rational.of(0, -7).toString()).toBe('0');
    expect(Rational.of(10, 5).toString()).toBe('2');
    expect(Rational.ZERO.toString()).toBe('0');
    expect(Rational.ONE.eq(Rational.of(3, 3))).toBe(true);
  });

  it('rejects unsafe numbers and zero denominators', () => {
    expect(() => Rational.of(0.5)).toThrow(RangeError);
    expect(() => Rational.of(2 ** 53)).toThrow(/safe integer/);
    expect(() => Rational.of(1, Number.NaN)).toThrow(RangeError);
    expect(() => Rational.of(1, 0)).toThrow(RangeError);
    expect(() => Rational.of(1n, 0n)).toThrow(/division by zero/);
  });

  it('is canonical, so equal values have equal representations', () => {
    fc.assert(
      fc.property(fc.bigInt(-(10n ** 20n), 10n ** 20n), fc.bigInt(1n, 10n ** 20n), fc.bigInt(-1000n, 1000n), (n, d, k) => {
        fc.pre(k !== 0n);
        const q = Rational.of(n, d);
        expect(isCanonical(q)).toBe(true);
        expect(Rational.of(n * k, d * k).eq(q)).toBe(true);
      }),
    );
  });
});

describe('Rational: field axioms', () => {
  it('addition is an abelian group', () => {
    fc.assert(
      fc.property(rational, rational, rational, (a, b, c) => {
        expect(a.add(b).eq(b.add(a))).toBe(true);
        expect(a.add(b).add(c).eq(a.add(b.add(c)))).toBe(true);
        expect(a.add(Rational.ZERO).eq(a)).toBe(true);
        expect(a.add(a.neg()).isZero()).toBe(true);
        expect(a.sub(b).eq(a.add(b.neg()))).toBe(true);
        expect(isCanonical(a.add(b)) && isCanonical(a.sub(b))).toBe(true);
      }),
    );
  });

  it('multiplication is an abelian group on non-zero values and distributes over addition', () => {
    fc.assert(
      fc.property(rational, rational, rational, nonZeroRational, (a, b, c, z) => {
        expect(a.mul(b).eq(b.mul(a))).toBe(true);
        expect(a.mul(b).mul(c).eq(a.mul(b.mul(c)))).toBe(true);
        expect(a.mul(Rational.ONE).eq(a)).toBe(true);
        expect(a.mul(Rational.ZERO).isZero()).toBe(true);
        expect(z.mul(z.inv()).eq(Rational.ONE)).toBe(true);
        expect(a.div(z).mul(z).eq(a)).toBe(true);
        expect(a.mul(b.add(c)).eq(a.mul(b).add(a.mul(c)))).toBe(true);
        expect(isCanonical(a.mul(b)) && isCanonical(a.div(z)) && isCanonical(z.inv())).toBe(true);
      }),
    );
  });

  it('has a total order compatible with the field operations', () => {
    fc.assert(
      fc.property(rational, rational, rational, (a, b, c) => {
        expect(a.cmp(b)).toBe(a.sub(b).sign());
        expect(a.cmp(b) + b.cmp(a)).toBe(0);
        expect(a.eq(b)).toBe(a.cmp(b) === 0);
        expect(a.add(c).cmp(b.add(c))).toBe(a.cmp(b));
        expect(a.abs().sign()).toBe(a.isZero() ? 0 : 1);
        expect(a.abs().eq(a.sign() < 0 ? a.neg() : a)).toBe(true);
      }),
    );
  });

  it('throws RangeError on division by zero', () => {
    expect(() => Rational.ONE.div(Rational.ZERO)).toThrow(RangeError);
    expect(() => Rational.ZERO.inv()).toThrow(RangeError);
  });
});

describe('Rational.fromF64: lossless conversion', () => {
  it('gives the exact binary value of 0.1', () => {
    expect(Rational.fromF64(0.1).toString()).toBe('3602879701896397/36028797018963968');
    expect(Rational.fromF64(0.1).eq(Rational.parse('0.1'))).toBe(false);
  });

  it('handles the extremes, subnormals and signed zeros', () => {
    expect(Rational.fromF64(Number.MIN_VALUE).eq(Rational.of(1n, 2n ** 1074n))).toBe(true);
    expect(Rational.fromF64(-Number.MIN_VALUE).eq(Rational.of(-1n, 2n ** 1074n))).toBe(true);
    expect(Rational.fromF64(Number.MAX_VALUE).eq(Rational.of((2n ** 53n - 1n) * 2n ** 971n))).toBe(true);
    expect(Rational.fromF64(2 ** -1022).eq(Rational.of(1n, 2n ** 1022n))).toBe(true);
    const largestSubnormal = 2 ** -1022 - Number.MIN_VALUE;
    expect(Rational.fromF64(largestSubnormal).eq(Rational.of(2n ** 52n - 1n, 2n ** 1074n))).toBe(true);
    expect(Rational.fromF64(-0).eq(Rational.ZERO)).toBe(true);
    expect(Rational.fromF64(-0).sign()).toBe(0);
    expect(Object.is(Rational.fromF64(-0).toF64(), 0)).toBe(true);
    expect(Rational.fromF64(-3.5).toString()).toBe('-7/2');
    expect(Rational.fromF64(2 ** 60).toString()).toBe((2n ** 60n).toString());
  });

  it('rejects NaN and infinities, naming the value', () => {
    expect(() => Rational.fromF64(Number.NaN)).toThrow(RangeError);
    expect(() => Rational.fromF64(Number.NaN)).toThrow(/NaN/);
    expect(() => Rational.fromF64(Infinity)).toThrow(/Infinity/);
    expect(() => Rational.fromF64(-Infinity)).toThrow(/-Infinity/);
  });

  it('agrees with an independent bit-free decomposition and round-trips exactly', () => {
    const interesting = fc.oneof(
      finiteDouble,
      fc.double({ min: -(2 ** -1022), max: 2 ** -1022, noNaN: true }), // subnormal range
      fc.constantFrom(0, -0, Number.MIN_VALUE, -Number.MIN_VALUE, Number.MAX_VALUE, -Number.MAX_VALUE, 2 ** -1022, 1, -1),
    );
    fc.assert(
      fc.property(interesting, (x) => {
        const q = Rational.fromF64(x);
        expect(isCanonical(q)).toBe(true);
        expect(q.eq(referenceFromF64(x))).toBe(true);
        expect(Object.is(q.toF64(), x === 0 ? 0 : x)).toBe(true);
      }),
      { numRuns: 300 },
    );
  });
});

describe('Rational.toF64: correct rounding', () => {
  /** One IEEE operation is correctly rounded, so exact arithmetic followed by toF64 must reproduce it. */
  function matchesIeee(exact: Rational, ieee: number): boolean {
    const got = exact.toF64();
    // An exactly-zero rational has no sign to give back; otherwise even the sign of an underflow must match.
    return exact.isZero() ? got === ieee : Object.is(got, ieee);
  }

  it('reproduces IEEE-754 +, -, *, / on arbitrary doubles (including overflow and underflow)', () => {
    fc.assert(
      fc.property(finiteDouble, finiteDouble, (x, y) => {
        const a = Rational.fromF64(x);
        const b = Rational.fromF64(y);
        expect(matchesIeee(a.add(b), x + y)).toBe(true);
        expect(matchesIeee(a.sub(b), x - y)).toBe(true);
        expect(matchesIeee(a.mul(b), x * y)).toBe(true);
        if (y !== 0) expect(matchesIeee(a.div(b), x / y)).toBe(true);
      }),
      { numRuns: 500 },
    );
  });

  it('rounds ties to even at the top of the range and in the subnormal range', () => {
    const max = Rational.fromF64(Number.MAX_VALUE);
    expect(max.add(Rational.of(2n ** 970n)).toF64()).toBe(Infinity); // exactly half an ulp past MAX_VALUE
    expect(max.add(Rational.of(2n ** 969n)).toF64()).toBe(Number.MAX_VALUE);
    expect(Rational.of(1n, 2n ** 1075n).toF64()).toBe(0); // half of MIN_VALUE: tie, 0 is even
    expect(Rational.of(3n, 2n ** 1075n).toF64()).toBe(2 * Number.MIN_VALUE); // 1.5 MIN_VALUE: tie, 2 is even
    expect(Rational.of(1n, 2n ** 1075n).add(Rational.of(1n, 2n ** 2000n)).toF64()).toBe(Number.MIN_VALUE);
    expect(Object.is(Rational.of(-1n, 10n ** 400n).toF64(), -0)).toBe(true);
    expect(Rational.of(-(10n ** 400n)).toF64()).toBe(-Infinity);
    expect(Rational.of(1, 3).toF64()).toBe(1 / 3);
  });

  it('returns a nearest double for arbitrary large fractions (checked against both neighbours)', () => {
    // Magnitudes are built from 32-bit chunks: shrinking a 400-bit fc.bigInt takes quadratically many steps,
    // which turns a failing run into an apparent hang, while an array of chunks shrinks quickly.
    const magnitude = fc
      .array(fc.nat({ max: 0xffffffff }), { minLength: 1, maxLength: 13 })
      .map((chunks) => chunks.reduce((acc, c) => (acc << 32n) | BigInt(c), 0n));
    const hugeRational = fc
      .tuple(fc.boolean(), magnitude, magnitude, fc.integer({ min: -1200, max: 1100 }))
      .map(([negative, n, d0, e]) => {
        const num = negative ? -n : n;
        const d = d0 + 1n;
        return e >= 0 ? Rational.of(num << BigInt(e), d) : Rational.of(num, d << BigInt(-e));
      });
    fc.assert(
      fc.property(hugeRational, (q) => {
        const f = q.toF64();
        fc.pre(Number.isFinite(f));
        const err = (g: number) => q.sub(Rational.fromF64(g)).abs();
        const e = err(f);
        for (const g of [adjacent(f, 1), adjacent(f, -1)]) {
          if (!Number.isFinite(g)) continue;
          const c = e.cmp(err(g));
          expect(c).toBeLessThanOrEqual(0);
          if (c === 0) expect(mantissaIsEven(f)).toBe(true);
        }
      }),
      { numRuns: 300 },
    );
  });
});

describe('Rational: parsing and printing', () => {
  it('parses fractions, integers and decimals exactly', () => {
    expect(Rational.parse('3/4').toString()).toBe('3/4');
    expect(Rational.parse('-6/8').toString()).toBe('-3/4');
    expect(Rational.parse(' 7 ').toString()).toBe('7');
    expect(Rational.parse('-12').toString()).toBe('-12');
    expect(Rational.parse('0.125').toString()).toBe('1/8');
    expect(Rational.parse('1e-3').toString()).toBe('1/1000');
    expect(Rational.parse('-.5').toString()).toBe('-1/2');
    expect(Rational.parse('2.5E+2').toString()).toBe('250');
    expect(Rational.parse('5.').toString()).toBe('5');
    expect(Rational.parse('0.1').toString()).toBe('1/10');
  });

  it('rejects malformed or non-finite input', () => {
    for (const s of ['', '.', 'abc', '1e', '1/2/3', 'NaN', 'Infinity', '1/-2', '0x10', '--1']) {
      expect(() => Rational.parse(s), s).toThrow();
    }
    expect(() => Rational.parse('1/0')).toThrow(RangeError);
    expect(() => Rational.parse('1e999999999')).toThrow(RangeError);
  });

  it('round-trips toString and agrees with Number() on JavaScript number strings', () => {
    fc.assert(fc.property(rational, (q) => Rational.parse(q.toString()).eq(q)));
    // String(x) round-trips in JS, and Number(String(x)) is correctly rounded, so exact parsing followed by
    // correct rounding must land on x again.
    fc.assert(
      fc.property(finiteDouble, (x) => {
        expect(Rational.parse(String(x)).toF64()).toBe(x === 0 ? 0 : x); // String(-0) is "0"
      }),
      { numRuns: 300 },
    );
  });

  it('prints readable decimals', () => {
    expect(Rational.of(1, 3).toDecimal()).toBe('0.333333');
    expect(Rational.of(2, 3).toDecimal(2)).toBe('0.67');
    expect(Rational.of(-1, 8).toDecimal(2)).toBe('-0.13');
    expect(Rational.of(1, 2).toDecimal()).toBe('0.5');
    expect(Rational.of(5).toDecimal()).toBe('5');
    expect(Rational.of(-1, 10 ** 9).toDecimal(3)).toBe('0');
    expect(Rational.of(1, 2).toDecimal(0)).toBe('1');
    expect(Rational.of(-7, 2).toDecimal(0)).toBe('-4');
    expect(() => Rational.ONE.toDecimal(-1)).toThrow(RangeError);
  });
});
