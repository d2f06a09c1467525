/**
 * Exact dense matrices over the rationals, for checking the f64 kernels and certifying counterexamples.
 *
 * Elimination runs fraction-free (Bareiss) on BigInt rows: every row is first scaled to integers by the lcm
 * of its denominators (a row operation, so rank, row space and solution sets are unchanged), and every
 * intermediate entry is then a minor of that integer matrix, so sizes grow linearly instead of through the
 * repeated gcds of naive rational elimination.
 */
import { Rational, bigintLcm } from './rational.js';

/** Thrown when an operation needs a nonsingular (or full-rank) matrix and the matrix is not. */
export class SingularMatrixError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SingularMatrixError';
  }
}

export type MatrixEntry = number | bigint | Rational;

export interface RrefResult {
  readonly rref: RationalMatrix;
  /** pivots[i] is the column of the leading 1 of row i; its length is the rank. */
  readonly pivots: number[];
}

function shape(rows: number, cols: number): string {
  return `${rows}x${cols}`;
}

function checkDim(n: number, what: string): void {
  if (!Number.isSafeInteger(n) || n < 0) throw new RangeError(`${what} must be a non-negative integer, got ${n}`);
}

function toRational(x: MatrixEntry, where: string): Rational {
  if (x instanceof Rational) return x;
  if (typeof x === 'bigint') return Rational.of(x);
  if (!Number.isFinite(x)) throw new RangeError(`${where} is ${String(x)}; only finite values are allowed`);
  return Rational.fromF64(x);
}

/** Mutable integer working copy, one bigint[] per row (so row swaps are O(1)). */
type IntRows = bigint[][];

/**
 * Forward Bareiss elimination in place. Returns the rank, the pivot columns, the parity of the row swaps
 * and the last pivot, which for a square nonsingular input is its determinant up to the swap sign.
 */
function bareissForward(m: IntRows, cols: number): { rank: number; swaps: number; last: bigint } {
  const rows = m.length;
  let prev = 1n;
  let rank = 0;
  let swaps = 0;
  for (let c = 0; c < cols && rank < rows; c++) {
    let p = rank;
    while (p < rows && m[p]![c] === 0n) p++;
    if (p === rows) continue;
    if (p !== rank) {
      const t = m[p]!;
      m[p] = m[rank]!;
      m[rank] = t;
      swaps++;
    }
    const pivotRow = m[rank]!;
    const pivot = pivotRow[c]!;
    for (let i = rank + 1; i < rows; i++) {
      const r = m[i]!;
      const f = r[c]!;
      for (let j = c + 1; j < cols; j++) {
        // Sylvester's identity makes this division exact.
        r[j] = (pivot * r[j]! - f * pivotRow[j]!) / prev;
      }
      r[c] = 0n;
    }
    prev = pivot;
    rank++;
  }
  return { rank, swaps, last: prev };
}

/**
 * Fraction-free Gauss-Jordan in place, choosing pivots only among the first `pivotCols` columns (the rest
 * are right-hand sides that are carried along). Afterwards rows [0, rank) have their pivot entry equal to
 * `divisor` and zeros elsewhere in pivot columns, rows [rank, m) are zero on the first `pivotCols` columns,
 * and dividing the pivot rows by `divisor` gives the reduced row echelon form.
 */
function fractionFreeGaussJordan(
  m: IntRows,
  cols: number,
  pivotCols: number,
): { pivots: number[]; divisor: bigint } {
  const rows = m.length;
  const pivots: number[] = [];
  let prev = 1n;
  for (let c = 0; c < pivotCols && pivots.length < rows; c++) {
    const k = pivots.length;
    let p = k;
    while (p < rows && m[p]![c] === 0n) p++;
    if (p === rows) continue;
    if (p !== k) {
      const t = m[p]!;
      m[p] = m[k]!;
      m[k] = t;
    }
    const pivotRow = m[k]!;
    const pivot = pivotRow[c]!;
    for (let i = 0; i < rows; i++) {
      if (i === k) continue;
      const r = m[i]!;
      const f = r[c]!;
      // Every row, eliminated or not, is rescaled so that all rows keep the common divisor `pivot`.
      if (f === 0n) {
        if (pivot !== prev) for (let j = 0; j < cols; j++) r[j] = (pivot * r[j]!) / prev;
        continue;
      }
      for (let j = 0; j < cols; j++) {
        if (j === c) continue;
        // Exact: every entry stays a minor of the input (Cramer's rule for rows above the pivot, Sylvester's
        // identity for rows below), so the quotient is an integer.
        r[j] = (pivot * r[j]! - f * pivotRow[j]!) / prev;
      }
      r[c] = 0n;
    }
    prev = pivot;
    pivots.push(c);
  }
  return { pivots, divisor: prev };
}

export class RationalMatrix {
  /** Row-major; never mutated after construction, which is what makes sharing it safe. */
  private readonly data: readonly Rational[];

  private constructor(
    readonly rows: number,
    readonly cols: number,
    data: readonly Rational[],
  ) {
    this.data = data;
  }

  /**
   * From nested rows. Numbers are converted exactly (`Rational.fromF64`), so 0.1 becomes the double
   * nearest 0.1, not 1/10; pass `Rational.parse('0.1')` for the decimal. An empty array gives 0x0.
   */
  static fromRows(rows: ReadonlyArray<ReadonlyArray<MatrixEntry>>): RationalMatrix {
    const r = rows.length;
    const c = rows[0]?.length ?? 0;
    const data: Rational[] = [];
    for (let i = 0; i < r; i++) {
      const row = rows[i]!;
      if (row.length !== c) {
        throw new RangeError(`fromRows: row ${i} has ${row.length} entries, expected ${c} (as row 0)`);
      }
      for (let j = 0; j < c; j++) data.push(toRational(row[j]!, `fromRows: entry at row ${i}, column ${j}`));
    }
    return new RationalMatrix(r, c, data);
  }

  /** From a row-major f64 buffer, exactly, as handed over by the Wasm kernels. */
  static fromF64Array(rows: number, cols: number, values: Float64Array | ArrayLike<number>): RationalMatrix {
    checkDim(rows, 'fromF64Array: rows');
    checkDim(cols, 'fromF64Array: cols');
    if (values.length !== rows * cols) {
      throw new RangeError(`fromF64Array: expected ${rows * cols} values for ${shape(rows, cols)}, got ${values.length}`);
    }
    const data: Rational[] = new Array<Rational>(rows * cols);
    for (let k = 0; k < rows * cols; k++) {
      const x = values[k]!;
      if (!Number.isFinite(x)) {
        const i = Math.floor(k / cols);
        throw new RangeError(`fromF64Array: entry at row ${i}, column ${k - i * cols} is ${String(x)}; only finite values are allowed`);
      }
      data[k] = Rational.fromF64(x);
    }
    return new RationalMatrix(rows, cols, data);
  }

  static zeros(rows: number, cols: number): RationalMatrix {
    checkDim(rows, 'zeros: rows');
    checkDim(cols, 'zeros: cols');
    return new RationalMatrix(rows, cols, new Array<Rational>(rows * cols).fill(Rational.ZERO));
  }

  static identity(n: number): RationalMatrix {
    checkDim(n, 'identity: n');
    const data = new Array<Rational>(n * n).fill(Rational.ZERO);
    for (let i = 0; i < n; i++) data[i * n + i] = Rational.ONE;
    return new RationalMatrix(n, n, data);
  }

  private static build(rows: number, cols: number, f: (i: number, j: number) => Rational): RationalMatrix {
    const data = new Array<Rational>(rows * cols);
    for (let i = 0; i < rows; i++) for (let j = 0; j < cols; j++) data[i * cols + j] = f(i, j);
    return new RationalMatrix(rows, cols, data);
  }

  private at(i: number, j: number): Rational {
    return this.data[i * this.cols + j]!;
  }

  get shape(): string {
    return shape(this.rows, this.cols);
  }

  get(i: number, j: number): Rational {
    if (!Number.isInteger(i) || !Number.isInteger(j) || i < 0 || i >= this.rows || j < 0 || j >= this.cols) {
      throw new RangeError(`get(${i}, ${j}) is out of bounds for a ${this.shape} matrix`);
    }
    return this.at(i, j);
  }

  row(i: number): Rational[] {
    if (!Number.isInteger(i) || i < 0 || i >= this.rows) {
      throw new RangeError(`row(${i}) is out of bounds for a ${this.shape} matrix`);
    }
    return this.data.slice(i * this.cols, (i + 1) * this.cols);
  }

  col(j: number): Rational[] {
    if (!Number.isInteger(j) || j < 0 || j >= this.cols) {
      throw new RangeError(`col(${j}) is out of bounds for a ${this.shape} matrix`);
    }
    const out: Rational[] = [];
    for (let i = 0; i < this.rows; i++) out.push(this.at(i, j));
    return out;
  }

  transpose(): RationalMatrix {
    return RationalMatrix.build(this.cols, this.rows, (i, j) => this.at(j, i));
  }

  private requireSameShape(o: RationalMatrix, op: string): void {
    if (o.rows !== this.rows || o.cols !== this.cols) {
      throw new RangeError(`${op}: shapes differ: ${this.shape} vs ${o.shape}`);
    }
  }

  add(o: RationalMatrix): RationalMatrix {
    this.requireSameShape(o, 'add');
    return new RationalMatrix(this.rows, this.cols, this.data.map((x, k) => x.add(o.data[k]!)));
  }

  sub(o: RationalMatrix): RationalMatrix {
    this.requireSameShape(o, 'sub');
    return new RationalMatrix(this.rows, this.cols, this.data.map((x, k) => x.sub(o.data[k]!)));
  }

  neg(): RationalMatrix {
    return new RationalMatrix(this.rows, this.cols, this.data.map((x) => x.neg()));
  }

  scale(q: Rational): RationalMatrix {
    return new RationalMatrix(this.rows, this.cols, this.data.map((x) => x.mul(q)));
  }

  mul(o: RationalMatrix): RationalMatrix {
    if (this.cols !== o.rows) {
      throw new RangeError(`mul: cannot multiply ${this.shape} by ${o.shape} (inner dimensions ${this.cols} and ${o.rows} differ)`);
    }
    // Summing rationals term by term costs a big gcd per term; instead scale rows of A and columns of B to
    // integers, take integer dot products, and reduce once per entry.
    const { m: a, scales: sa } = this.integerRows();
    const { m: bt, scales: sb } = o.transpose().integerRows();
    return RationalMatrix.build(this.rows, o.cols, (i, j) => {
      const ai = a[i]!;
      const bj = bt[j]!;
      let s = 0n;
      for (let k = 0; k < this.cols; k++) {
        const x = ai[k]!;
        if (x !== 0n) s += x * bj[k]!;
      }
      return Rational.of(s, sa[i]! * sb[j]!);
    });
  }

  equals(o: RationalMatrix): boolean {
    return o.rows === this.rows && o.cols === this.cols && this.data.every((x, k) => x.eq(o.data[k]!));
  }

  isZero(): boolean {
    return this.data.every((x) => x.isZero());
  }

  isSquare(): boolean {
    return this.rows === this.cols;
  }

  /** [this | others...] side by side. */
  hstack(...others: RationalMatrix[]): RationalMatrix {
    let out: RationalMatrix = this;
    for (const o of others) {
      if (o.rows !== out.rows) throw new RangeError(`hstack: row counts differ: ${out.shape} vs ${o.shape}`);
      const left = out;
      out = RationalMatrix.build(left.rows, left.cols + o.cols, (i, j) =>
        j < left.cols ? left.at(i, j) : o.at(i, j - left.cols),
      );
    }
    return out;
  }

  /** this above others... */
  vstack(...others: RationalMatrix[]): RationalMatrix {
    const data = [...this.data];
    let rows = this.rows;
    for (const o of others) {
      if (o.cols !== this.cols) throw new RangeError(`vstack: column counts differ: ${this.shape} vs ${o.shape}`);
      data.push(...o.data);
      rows += o.rows;
    }
    return new RationalMatrix(rows, this.cols, data);
  }

  /** Rows [r0, r1) and columns [c0, c1). */
  slice(r0: number, r1: number, c0: number, c1: number): RationalMatrix {
    const ok = (a: number, b: number, n: number) => Number.isInteger(a) && Number.isInteger(b) && 0 <= a && a <= b && b <= n;
    if (!ok(r0, r1, this.rows) || !ok(c0, c1, this.cols)) {
      throw new RangeError(`slice(${r0}, ${r1}, ${c0}, ${c1}) is out of bounds for a ${this.shape} matrix`);
    }
    return RationalMatrix.build(r1 - r0, c1 - c0, (i, j) => this.at(r0 + i, c0 + j));
  }

  /** Nearest doubles, entrywise (see `Rational.toF64`). */
  toF64Rows(): number[][] {
    return Array.from({ length: this.rows }, (_, i) => Array.from({ length: this.cols }, (_, j) => this.at(i, j).toF64()));
  }

  toStrings(): string[][] {
    return Array.from({ length: this.rows }, (_, i) => Array.from({ length: this.cols }, (_, j) => this.at(i, j).toString()));
  }

  toString(): string {
    return `[${this.toStrings().map((r) => r.join(', ')).join('; ')}]`;
  }

  // ---------------------------------------------------------------- exact linear algebra

  /** Integer rows, each scaled by the lcm of its denominators; also returns those scale factors. */
  private integerRows(): { m: IntRows; scales: bigint[] } {
    const m: IntRows = [];
    const scales: bigint[] = [];
    for (let i = 0; i < this.rows; i++) {
      let l = 1n;
      for (let j = 0; j < this.cols; j++) {
        const d = this.at(i, j).den;
        if (d !== 1n) l = bigintLcm(l, d);
      }
      const r: bigint[] = new Array<bigint>(this.cols);
      for (let j = 0; j < this.cols; j++) {
        const x = this.at(i, j);
        r[j] = x.num * (l / x.den);
      }
      m.push(r);
      scales.push(l);
    }
    return { m, scales };
  }

  rank(): number {
    return bareissForward(this.integerRows().m, this.cols).rank;
  }

  det(): Rational {
    if (!this.isSquare()) throw new RangeError(`det: matrix must be square, got ${this.shape}`);
    if (this.rows === 0) return Rational.ONE;
    const { m, scales } = this.integerRows();
    const { rank, swaps, last } = bareissForward(m, this.cols);
    if (rank < this.rows) return Rational.ZERO;
    // Row scaling multiplied the determinant by the product of the scales; undo it.
    const denom = scales.reduce((a, b) => a * b, 1n);
    return Rational.of(swaps % 2 === 0 ? last : -last, denom);
  }

  private gaussJordan(): { m: IntRows; pivots: number[]; divisor: bigint } {
    const { m } = this.integerRows();
    const { pivots, divisor } = fractionFreeGaussJordan(m, this.cols, this.cols);
    return { m, pivots, divisor };
  }

  /**
   * Eliminates [A | B] with pivots in A only. Rows are scaled by the lcm of A's denominators alone and B's
   * columns separately by `colScales`, so that B's denominators never enter the pivots (they would multiply
   * into every minor). Row i of the result, divided by divisor · colScales[j] in column n + j, is the rref.
   */
  private augmentedGaussJordan(b: RationalMatrix): {
    m: IntRows;
    pivots: number[];
    divisor: bigint;
    colScales: bigint[];
  } {
    const n = this.cols;
    const { m, scales } = this.integerRows();
    const scaledB = RationalMatrix.build(b.rows, b.cols, (i, j) => b.at(i, j).mul(Rational.of(scales[i]!)));
    const { m: bt, scales: colScales } = scaledB.transpose().integerRows();
    for (let i = 0; i < this.rows; i++) {
      const row = m[i]!;
      for (let j = 0; j < b.cols; j++) row.push(bt[j]![i]!);
    }
    const { pivots, divisor } = fractionFreeGaussJordan(m, n + b.cols, n);
    return { m, pivots, divisor, colScales };
  }

  rref(): RrefResult {
    const { m, pivots, divisor } = this.gaussJordan();
    const rank = pivots.length;
    const rref = RationalMatrix.build(this.rows, this.cols, (i, j) => (i < rank ? Rational.of(m[i]![j]!, divisor) : Rational.ZERO));
    return { rref, pivots };
  }

  /** The nonzero rows of the rref: a canonical basis of the row space, rank x cols. */
  rowSpaceBasis(): RationalMatrix {
    const { rref, pivots } = this.rref();
    return rref.slice(0, pivots.length, 0, this.cols);
  }

  /** A basis of {x : Ax = 0} as the columns of a cols x (cols - rank) matrix, one per free column. */
  nullSpace(): RationalMatrix {
    const { rref, pivots } = this.rref();
    const isPivot = new Array<boolean>(this.cols).fill(false);
    for (const p of pivots) isPivot[p] = true;
    const free: number[] = [];
    for (let j = 0; j < this.cols; j++) if (!isPivot[j]) free.push(j);
    const data = new Array<Rational>(this.cols * free.length).fill(Rational.ZERO);
    free.forEach((f, k) => {
      data[f * free.length + k] = Rational.ONE;
      pivots.forEach((p, i) => {
        data[p * free.length + k] = rref.at(i, f).neg();
      });
    });
    return new RationalMatrix(this.cols, free.length, data);
  }

  private requireRhs(b: RationalMatrix, op: string): void {
    if (b.rows !== this.rows) {
      throw new RangeError(`${op}: right-hand side has ${b.rows} rows but the matrix is ${this.shape} (got ${b.shape})`);
    }
  }

  /** X with AX = B for square nonsingular A. */
  solve(b: RationalMatrix): RationalMatrix {
    if (!this.isSquare()) throw new RangeError(`solve: matrix must be square, got ${this.shape}`);
    this.requireRhs(b, 'solve');
    const n = this.cols;
    const { m, pivots, divisor, colScales } = this.augmentedGaussJordan(b);
    if (pivots.length < n) throw new SingularMatrixError(`solve: ${this.shape} matrix is singular (rank ${pivots.length})`);
    return RationalMatrix.build(n, b.cols, (i, j) => Rational.of(m[i]![n + j]!, divisor * colScales[j]!));
  }

  inverse(): RationalMatrix {
    if (!this.isSquare()) throw new RangeError(`inverse: matrix must be square, got ${this.shape}`);
    return this.solve(RationalMatrix.identity(this.rows));
  }

  /**
   * One solution of AX = B (free variables set to 0), or null when some column of B is outside the column
   * space. A single elimination of [A | B] answers both questions.
   */
  particularSolution(b: RationalMatrix): RationalMatrix | null {
    this.requireRhs(b, 'particularSolution');
    const n = this.cols;
    const { m, pivots, divisor, colScales } = this.augmentedGaussJordan(b);
    for (let i = pivots.length; i < this.rows; i++) {
      for (let j = 0; j < b.cols; j++) if (m[i]![n + j] !== 0n) return null;
    }
    const data = new Array<Rational>(n * b.cols).fill(Rational.ZERO);
    pivots.forEach((p, i) => {
      for (let j = 0; j < b.cols; j++) data[p * b.cols + j] = Rational.of(m[i]![n + j]!, divisor * colScales[j]!);
    });
    return new RationalMatrix(n, b.cols, data);
  }

  isConsistent(b: RationalMatrix): boolean {
    return this.particularSolution(b) !== null;
  }

  /**
   * The minimum-Euclidean-norm solution of AX = B (columnwise), or null if inconsistent. It is the unique
   * solution inside the row space, i.e. X = Rᵀ Y with R a row-space basis, and A Rᵀ has full column rank.
   */
  solveLeastNorm(b: RationalMatrix): RationalMatrix | null {
    this.requireRhs(b, 'solveLeastNorm');
    const r = this.rowSpaceBasis();
    if (r.rows === 0) return b.isZero() ? RationalMatrix.zeros(this.cols, b.cols) : null;
    const rt = r.transpose();
    const y = this.mul(rt).particularSolution(b);
    return y === null ? null : rt.mul(y);
  }

  /**
   * Whether every column of B lies in the column space of A, i.e. rank([A | B]) = rank(A). Decided by the
   * consistency of AX = B, which is the same rank test but keeps B's denominators out of the pivots.
   */
  columnSpaceContains(b: RationalMatrix): boolean {
    this.requireRhs(b, 'columnSpaceContains');
    return this.isConsistent(b);
  }

  /** Whether every row of B lies in the row space of A (rank([A; B]) = rank(A)). */
  rowSpaceContains(b: RationalMatrix): boolean {
    if (b.cols !== this.cols) {
      throw new RangeError(`rowSpaceContains: column counts differ: ${this.shape} vs ${b.shape}`);
    }
    return this.vstack(b).rank() === this.rank();
  }

  /** (AᵀA)⁻¹Aᵀ, the left inverse; throws SingularMatrixError unless the columns are independent. */
  pinvFullColumnRank(): RationalMatrix {
    const at = this.transpose();
    try {
      return at.mul(this).solve(at);
    } catch (e) {
      if (e instanceof SingularMatrixError) {
        throw new SingularMatrixError(`pinvFullColumnRank: ${this.shape} matrix does not have full column rank`);
      }
      throw e;
    }
  }

  /**
   * The Moore-Penrose pseudo-inverse, exactly. With the full-rank factorization A = C R (C the pivot columns
   * of A, R the nonzero rref rows), A⁺ = Rᵀ (R Rᵀ)⁻¹ (CᵀC)⁻¹ Cᵀ.
   */
  pinv(): RationalMatrix {
    const { rref, pivots } = this.rref();
    const k = pivots.length;
    if (k === 0) return RationalMatrix.zeros(this.cols, this.rows);
    const r = rref.slice(0, k, 0, this.cols);
    const c = RationalMatrix.build(this.rows, k, (i, j) => this.at(i, pivots[j]!));
    const rt = r.transpose();
    const ct = c.transpose();
    const left = r.mul(rt).solve(ct.mul(c).solve(ct)); // (R Rᵀ)⁻¹ (CᵀC)⁻¹ Cᵀ
    return rt.mul(left);
  }
}
