/**
 * Exact rational numbers over BigInt.
 *
 * This is the independent reference for the f64 WebAssembly kernels and the arbiter for counterexamples:
 * an f64 witness is converted losslessly with `fromF64` and every identity is re-checked exactly, so no
 * rounding can make a false claim look true (or a true one look false).
 */

/** Greatest common divisor, always non-negative; gcd(0, 0) = 0. */
export function bigintGcd(a: bigint, b: bigint): bigint {
  let x = a < 0n ? -a : a;
  let y = b < 0n ? -b : b;
  while (y !== 0n) {
    const t = x % y;
    x = y;
    y = t;
  }
  return x;
}

/** Least common multiple of non-zero values, always positive. */
export function bigintLcm(a: bigint, b: bigint): bigint {
  const g = bigintGcd(a, b);
  const l = (a / g) * b;
  return l < 0n ? -l : l;
}

function toBigInt(x: bigint | number, what: string): bigint {
  if (typeof x === 'bigint') return x;
  // Unsafe integers are already rounded, so accepting them would silently build the wrong rational.
  if (!Number.isSafeInteger(x)) {
    throw new RangeError(`Rational.of: ${what} must be a bigint or a safe integer, got ${String(x)}`);
  }
  return BigInt(x);
}

function bitLength(x: bigint): number {
  return x === 0n ? 0 : x.toString(2).length;
}

const F64_SCRATCH = new DataView(new ArrayBuffer(8));
const MANTISSA_MASK = (1n << 52n) - 1n;
const TWO_POW_53 = 1n << 53n;

/** x · 2^k for a double x, exact whenever the result is a normal double; avoids Math.pow's unspecified accuracy. */
function scaleByPow2(x: number, k: number): number {
  let y = x;
  let e = k;
  while (e > 1023) {
    y *= pow2(1023);
    e -= 1023;
  }
  while (e < -1022) {
    y *= pow2(-1022);
    e += 1022;
  }
  return y * pow2(e);
}

/** 2^k for -1022 ≤ k ≤ 1023, built from its bit pattern. */
function pow2(k: number): number {
  F64_SCRATCH.setBigUint64(0, BigInt(k + 1023) << 52n);
  return F64_SCRATCH.getFloat64(0);
}

// Bounds the work `parse` will do: "1e999999999" would otherwise allocate a gigantic power of ten.
const MAX_DECIMAL_EXPONENT = 100_000;
const FRACTION_RE = /^([+-]?\d+)\s*\/\s*(\d+)$/;
const DECIMAL_RE = /^([+-]?)(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?$/;

export class Rational {
  static readonly ZERO: Rational = new Rational(0n, 1n);
  static readonly ONE: Rational = new Rational(1n, 1n);

  /** Callers guarantee den > 0 and gcd(num, den) = 1; every public path goes through `normalize`. */
  private constructor(
    readonly num: bigint,
    readonly den: bigint,
  ) {}

  private static normalize(num: bigint, den: bigint): Rational {
    if (den === 0n) throw new RangeError(`Rational: division by zero (${num}/0)`);
    if (num === 0n) return Rational.ZERO;
    let n = num;
    let d = den;
    if (d < 0n) {
      n = -n;
      d = -d;
    }
    if (d === 1n) return new Rational(n, 1n);
    const g = bigintGcd(n, d);
    return g === 1n ? new Rational(n, d) : new Rational(n / g, d / g);
  }

  /** num/den reduced; number arguments must be safe integers (use `fromF64` for arbitrary doubles). */
  static of(num: bigint | number, den: bigint | number = 1n): Rational {
    return Rational.normalize(toBigInt(num, 'numerator'), toBigInt(den, 'denominator'));
  }

  /** The exact value of a finite double, read from its IEEE-754 bits so nothing is rounded. */
  static fromF64(x: number): Rational {
    if (!Number.isFinite(x)) {
      throw new RangeError(`Rational.fromF64: ${String(x)} is not a finite double`);
    }
    F64_SCRATCH.setFloat64(0, x);
    const bits = F64_SCRATCH.getBigUint64(0);
    const negative = bits >> 63n === 1n;
    const biasedExp = Number((bits >> 52n) & 0x7ffn);
    let mantissa = bits & MANTISSA_MASK;
    // Subnormals have no implicit leading 1 and share the exponent of the smallest normal.
    let exp: number;
    if (biasedExp === 0) {
      exp = -1074;
    } else {
      mantissa |= 1n << 52n;
      exp = biasedExp - 1075;
    }
    if (mantissa === 0n) return Rational.ZERO; // ±0
    // Strip the factors of two shared with the power-of-two denominator: cheaper than a general gcd.
    while (exp < 0 && (mantissa & 1n) === 0n) {
      mantissa >>= 1n;
      exp += 1;
    }
    const signed = negative ? -mantissa : mantissa;
    return exp >= 0
      ? new Rational(signed << BigInt(exp), 1n)
      : new Rational(signed, 1n << BigInt(-exp));
  }

  /**
   * Accepts "p/q", integers ("-7") and finite decimals ("0.125", "-.5", "1e-3", "2.5E+4"), all exactly.
   * Surrounding whitespace is ignored.
   */
  static parse(s: string): Rational {
    const text = s.trim();
    const frac = FRACTION_RE.exec(text);
    if (frac) return Rational.normalize(BigInt(frac[1]!), BigInt(frac[2]!));
    const dec = DECIMAL_RE.exec(text);
    const intDigits = dec?.[2] ?? '';
    const fracDigits = dec?.[3] ?? '';
    if (!dec || intDigits.length + fracDigits.length === 0) {
      throw new SyntaxError(`Rational.parse: cannot parse ${JSON.stringify(s)}`);
    }
    const exp = dec[4] === undefined ? 0 : Number(dec[4]);
    if (!Number.isSafeInteger(exp) || Math.abs(exp) > MAX_DECIMAL_EXPONENT) {
      throw new RangeError(`Rational.parse: exponent of ${JSON.stringify(s)} is out of range`);
    }
    let num = BigInt(intDigits + fracDigits || '0');
    if (dec[1] === '-') num = -num;
    const shift = exp - fracDigits.length;
    return shift >= 0
      ? Rational.normalize(num * 10n ** BigInt(shift), 1n)
      : Rational.normalize(num, 10n ** BigInt(-shift));
  }

  add(o: Rational): Rational {
    if (this.den === o.den) return Rational.normalize(this.num + o.num, this.den);
    return Rational.normalize(this.num * o.den + o.num * this.den, this.den * o.den);
  }

  sub(o: Rational): Rational {
    if (this.den === o.den) return Rational.normalize(this.num - o.num, this.den);
    return Rational.normalize(this.num * o.den - o.num * this.den, this.den * o.den);
  }

  mul(o: Rational): Rational {
    if (this.num === 0n || o.num === 0n) return Rational.ZERO;
    // Cross-cancelling first keeps the intermediate products (and the final gcd) small.
    const g1 = bigintGcd(this.num, o.den);
    const g2 = bigintGcd(o.num, this.den);
    return new Rational((this.num / g1) * (o.num / g2), (this.den / g2) * (o.den / g1));
  }

  div(o: Rational): Rational {
    if (o.num === 0n) throw new RangeError(`Rational: division by zero (${this.toString()} / 0)`);
    return this.mul(o.inv());
  }

  neg(): Rational {
    return this.num === 0n ? this : new Rational(-this.num, this.den);
  }

  abs(): Rational {
    return this.num < 0n ? new Rational(-this.num, this.den) : this;
  }

  inv(): Rational {
    if (this.num === 0n) throw new RangeError('Rational: division by zero (1 / 0)');
    return this.num < 0n ? new Rational(-this.den, -this.num) : new Rational(this.den, this.num);
  }

  cmp(o: Rational): -1 | 0 | 1 {
    const l = this.num * o.den;
    const r = o.num * this.den;
    return l < r ? -1 : l > r ? 1 : 0;
  }

  /** Reduced form is canonical, so equality is componentwise. */
  eq(o: Rational): boolean {
    return this.num === o.num && this.den === o.den;
  }

  isZero(): boolean {
    return this.num === 0n;
  }

  isInteger(): boolean {
    return this.den === 1n;
  }

  sign(): -1 | 0 | 1 {
    return this.num < 0n ? -1 : this.num > 0n ? 1 : 0;
  }

  /**
   * The nearest double (ties to even), as IEEE-754 arithmetic would round the exact value; magnitudes
   * beyond the double range give ±Infinity, and negative values that underflow give -0.
   */
  toF64(): number {
    const p0 = this.num;
    const q = this.den;
    if (p0 === 0n) return 0;
    const negative = p0 < 0n;
    const p = negative ? -p0 : p0;
    // Both operands exact as doubles: one IEEE division is already correctly rounded.
    if (p <= TWO_POW_53 && q <= TWO_POW_53) {
      const r = Number(p) / Number(q);
      return negative ? -r : r;
    }
    // e = floor(log2(p/q)); the bit-length difference is off by at most one.
    const d = bitLength(p) - bitLength(q);
    const atLeast = d >= 0 ? p >= q << BigInt(d) : p << BigInt(-d) >= q;
    const e = atLeast ? d : d - 1;
    let out: number;
    if (e > 1023) {
      out = Infinity;
    } else if (e < -1076) {
      out = 0; // below half the smallest subnormal
    } else if (e < -1022) {
      // Subnormal result: the quantum is fixed at 2^-1074, so round p/q · 2^1074 to an integer directly.
      const scaled = p << 1074n;
      let n = scaled / q;
      const twiceRem = 2n * (scaled - n * q);
      if (twiceRem > q || (twiceRem === q && (n & 1n) === 1n)) n += 1n;
      out = Number(n) * Number.MIN_VALUE; // n ≤ 2^52, so both the conversion and the product are exact
    } else {
      // Take 55 significant bits and fold the remainder into the last one (a sticky bit); Number(bigint)
      // then rounds to 53 bits, ties to even, exactly as a single correctly-rounded operation would.
      const s = 54 - e;
      let n: bigint;
      let exact: boolean;
      if (s >= 0) {
        const scaled = p << BigInt(s);
        n = scaled / q;
        exact = n * q === scaled;
      } else {
        const scaledQ = q << BigInt(-s);
        n = p / scaledQ;
        exact = n * scaledQ === p;
      }
      if (!exact) n |= 1n;
      out = scaleByPow2(Number(n), -s);
    }
    return negative ? -out : out;
  }

  /** "p/q", or "p" for integers. */
  toString(): string {
    return this.den === 1n ? this.num.toString() : `${this.num}/${this.den}`;
  }

  /**
   * The value rounded (half away from zero) to `digits` fractional digits, trailing zeros dropped:
   * 1/2 → "0.5", 1/3 → "0.333333", 5 → "5". For display only; use `toString` when exactness matters.
   */
  toDecimal(digits = 6): string {
    if (!Number.isSafeInteger(digits) || digits < 0) {
      throw new RangeError(`Rational.toDecimal: digits must be a non-negative integer, got ${digits}`);
    }
    const negative = this.num < 0n;
    const a = negative ? -this.num : this.num;
    const scale = 10n ** BigInt(digits);
    const scaled = (2n * a * scale + this.den) / (2n * this.den);
    const intPart = (scaled / scale).toString();
    const fracPart = (scaled % scale).toString().padStart(digits, '0').replace(/0+$/, '');
    const body = fracPart === '' ? intPart : `${intPart}.${fracPart}`;
    return negative && scaled !== 0n ? `-${body}` : body;
  }

  toJSON(): string {
    return this.toString();
  }
}
