// A dense f64 matrix whose data lives in Wasm memory (row-major). The object holds only the address;
// `data` is a fresh view on every access because memory growth detaches old views.
import type { Core } from '../wasm/core.js';
import { CoreError } from '../wasm/status.js';

export class Matrix {
  constructor(
    readonly core: Core,
    readonly rows: number,
    readonly cols: number,
    readonly ptr: number,
    readonly scopeId: number,
  ) {}

  get length(): number {
    return this.rows * this.cols;
  }

  get shape(): [number, number] {
    return [this.rows, this.cols];
  }

  /** Throws 'freed' when the scope that allocated this matrix has ended or the arena was reset below it. */
  assertAlive(op: string): void {
    if (!this.core.isScopeLive(this.scopeId) || this.ptr + this.length * 8 > this.core.heapTop()) {
      throw new CoreError('freed', op, `a ${this.rows}×${this.cols} matrix was used after its scope ended`);
    }
  }

  /** A view of the entries in Wasm memory; re-read it after any core call. */
  get data(): Float64Array {
    this.assertAlive('data');
    const start = this.ptr >>> 3;
    return this.core.f64.subarray(start, start + this.length);
  }

  get(i: number, j: number): number {
    this.checkIndex(i, j);
    return this.core.f64[(this.ptr >>> 3) + i * this.cols + j] as number;
  }

  set(i: number, j: number, v: number): this {
    this.checkIndex(i, j);
    this.core.f64[(this.ptr >>> 3) + i * this.cols + j] = v;
    return this;
  }

  private checkIndex(i: number, j: number): void {
    if (!Number.isInteger(i) || !Number.isInteger(j) || i < 0 || j < 0 || i >= this.rows || j >= this.cols) {
      throw new CoreError('shape', 'index', `(${i}, ${j}) is outside a ${this.rows}×${this.cols} matrix`);
    }
  }

  /** A copy of the entries, row-major, in JavaScript memory. */
  toFloat64Array(): Float64Array {
    return this.data.slice();
  }

  toArray(): number[][] {
    const d = this.data;
    const out: number[][] = [];
    for (let i = 0; i < this.rows; i++) out.push(Array.from(d.subarray(i * this.cols, (i + 1) * this.cols)));
    return out;
  }

  toString(): string {
    return `Matrix ${this.rows}×${this.cols} ${JSON.stringify(this.toArray())}`;
  }
}
