// A tiny, self-contained harness for the decomposition tests: instantiates build/release.wasm and
// build/scalar.wasm directly (the modules import nothing) and moves f64/i32 arrays in and out of their
// memory. Views are re-created on every access because a call may grow memory (which detaches them).
// Also holds the dense reference arithmetic and the acceptance checks shared by decomp.test.ts and
// derived.test.ts — the same check functions judge real results and deliberately corrupted ones.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { rng } from '../helpers/random.js';

export const BUILDS = ['release', 'scalar'] as const;
export type Build = (typeof BUILDS)[number];

/** Status codes of assembly/runtime/status.ts. */
export const S = {
  OK: 0, E_DIM: 1, E_BOUNDS: 2, E_ALIGN: 3, E_OVERLAP: 4, E_NONFINITE: 5,
  E_SINGULAR: 6, E_NOCONVERGE: 7, E_NOMEM: 8, E_ARG: 9,
} as const;

/** Unit roundoff as LAPACK's eps: 2^-52. */
export const EPS = 2 ** -52;

type Fn = (...args: number[]) => number;

export class Raw {
  constructor(
    readonly build: Build,
    readonly x: Record<string, Fn>,
    readonly memory: WebAssembly.Memory,
  ) {}

  call(name: string, ...args: number[]): number {
    const f = this.x[name];
    if (!f) throw new Error(`no export ${name}`);
    return f(...args);
  }

  f64(): Float64Array { return new Float64Array(this.memory.buffer); }
  i32(): Int32Array { return new Int32Array(this.memory.buffer); }
  bytes(): Uint8Array { return new Uint8Array(this.memory.buffer); }

  alloc(bytes: number): number {
    const p = this.call('alloc', Math.max(bytes, 8)) >>> 0;
    if (p === 0) throw new Error(`alloc(${bytes}) failed`);
    return p;
  }
  allocF64(count: number): number { return this.alloc(count * 8); }
  mark(): number { return this.call('mark') >>> 0; }
  reset(m: number): void { if (this.call('reset', m) !== S.OK) throw new Error('reset failed'); }
  heapTop(): number { return this.call('heap_top') >>> 0; }

  /** Allocate and fill with data. */
  put(data: ArrayLike<number>): number {
    const p = this.allocF64(data.length);
    this.f64().set(data, p >>> 3);
    return p;
  }
  write(p: number, data: ArrayLike<number>): void { this.f64().set(data, p >>> 3); }
  get(p: number, count: number): Float64Array { return this.f64().slice(p >>> 3, (p >>> 3) + count); }
  getI32(p: number, count: number): Int32Array { return this.i32().slice(p >>> 2, (p >>> 2) + count); }

  /** Run fn and restore the arena afterwards, so long test loops do not accumulate memory. */
  scoped<T>(fn: () => T): T {
    const m = this.mark();
    try { return fn(); } finally { this.reset(m); }
  }
}

const cache = new Map<Build, Raw>();

export async function loadRaw(build: Build): Promise<Raw> {
  const hit = cache.get(build);
  if (hit) return hit;
  const file = fileURLToPath(new URL(`../../build/${build}.wasm`, import.meta.url));
  const instance = await WebAssembly.instantiate(await WebAssembly.compile(readFileSync(file)), {});
  const ex = instance.exports as Record<string, unknown>;
  const raw = new Raw(build, ex as Record<string, Fn>, ex['memory'] as WebAssembly.Memory);
  cache.set(build, raw);
  return raw;
}

// ------------------------------------------------------------------ random data

/** The seeded generator shared by every test (Mulberry32). */
export { rng };

/** Standard normal entries (Box–Muller). */
export function randn(next: () => number, count: number): Float64Array {
  const out = new Float64Array(count);
  for (let i = 0; i < count; i += 2) {
    const u = 1 - next(), v = next();
    const r = Math.sqrt(-2 * Math.log(u));
    out[i] = r * Math.cos(2 * Math.PI * v);
    if (i + 1 < count) out[i + 1] = r * Math.sin(2 * Math.PI * v);
  }
  return out;
}

// ------------------------------------------------------------------ dense reference arithmetic (row-major)

export type Mat = Float64Array;

/** C (m × n) = A (m × k) · B (k × n). */
export function mul(A: Mat, B: Mat, m: number, k: number, n: number): Mat {
  const C = new Float64Array(m * n);
  for (let i = 0; i < m; i++) {
    for (let p = 0; p < k; p++) {
      const a = A[i * k + p]!;
      if (a === 0) continue;
      const bo = p * n, co = i * n;
      for (let j = 0; j < n; j++) C[co + j]! += a * B[bo + j]!;
    }
  }
  return C;
}

export function tr(A: Mat, m: number, n: number): Mat {
  const T = new Float64Array(m * n);
  for (let i = 0; i < m; i++) for (let j = 0; j < n; j++) T[j * m + i] = A[i * n + j]!;
  return T;
}

export function fro(A: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < A.length; i++) s += A[i]! * A[i]!;
  return Math.sqrt(s);
}

export function diff(A: ArrayLike<number>, B: ArrayLike<number>): Mat {
  const D = new Float64Array(A.length);
  for (let i = 0; i < A.length; i++) D[i] = A[i]! - B[i]!;
  return D;
}

export function eye(n: number): Mat {
  const I = new Float64Array(n * n);
  for (let i = 0; i < n; i++) I[i * n + i] = 1;
  return I;
}

/** Column j of a row-major m × n matrix scaled: B[:, j] = A[:, j] · s[j]. */
export function scaleCols(A: Mat, m: number, n: number, s: ArrayLike<number>): Mat {
  const B = new Float64Array(m * n);
  for (let i = 0; i < m; i++) for (let j = 0; j < n; j++) B[i * n + j] = A[i * n + j]! * s[j]!;
  return B;
}

/** Columns [c0, c1) of a row-major m × n matrix. */
export function cols(A: Mat, m: number, n: number, c0: number, c1: number): Mat {
  const w = c1 - c0, B = new Float64Array(m * w);
  for (let i = 0; i < m; i++) for (let j = 0; j < w; j++) B[i * w + j] = A[i * n + c0 + j]!;
  return B;
}

/** Entrywise largest |QᵀQ − I| for Q (m × k): the orthonormality defect of Q's columns. */
export function orthoDefect(Q: Mat, m: number, k: number): number {
  const G = mul(tr(Q, m, k), Q, k, m, k);
  let d = 0;
  for (let i = 0; i < k; i++) for (let j = 0; j < k; j++) d = Math.max(d, Math.abs(G[i * k + j]! - (i === j ? 1 : 0)));
  return d;
}

/** A random m × k matrix with orthonormal columns (k ≤ m), from the core's QR of a Gaussian matrix. */
export function randomOrthonormal(core: Raw, next: () => number, m: number, k: number): Mat {
  return core.scoped(() => {
    const A = core.put(randn(next, m * k));
    const Q = core.allocF64(m * k), R = core.allocF64(k * k);
    const st = core.call('qr', m, k, A, Q, R);
    if (st !== S.OK) throw new Error(`qr failed: ${st}`);
    return core.get(Q, m * k);
  });
}

/** U (m × k) diag(s) Vᵀ (V n × k) with random orthonormal U, V: a matrix with known singular values. */
export function withSingularValues(core: Raw, next: () => number, m: number, n: number, s: ArrayLike<number>): Mat {
  const k = s.length;
  const U = randomOrthonormal(core, next, m, k), V = randomOrthonormal(core, next, n, k);
  return mul(scaleCols(U, m, k, s), tr(V, n, k), m, k, n);
}

// ------------------------------------------------------------------ acceptance checks
//
// Tolerances are backward-error bounds of the form c · size · ε · scale. The rounding-error analyses
// (Higham, "Accuracy and Stability of Numerical Algorithms": Householder QR Thm 19.4, LU Thm 9.3,
// Jacobi methods in Demmel–Veselić 1992) give worst-case constants growing like m·n·ε; observed errors
// grow like √size·ε because rounding errors are random. c = 4 with a linear size factor is therefore
// one to two orders of magnitude above what correct kernels produce and still ten orders below the
// effect of any real bug (a wrong sign, a missing reflector, an off-by-one row): a corrupted entry of
// relative size 1e-6 is caught (see the broken-kernel test).

export const C_TOL = 4;

/** ‖A − Q R‖_F ≤ C_TOL · max(m, n) · ε · ‖A‖_F (A m × n, Q m × k, R k × n). */
export function reconstructs(A: Mat, Q: Mat, R: Mat, m: number, k: number, n: number): { ok: boolean; err: number; tol: number } {
  const err = fro(diff(A, mul(Q, R, m, k, n)));
  const tol = C_TOL * Math.max(m, n) * EPS * fro(A);
  return { ok: err <= tol, err, tol };
}

/** max |QᵀQ − I| ≤ C_TOL · max(m, k) · ε: orthonormal columns to working precision. */
export function orthonormal(Q: Mat, m: number, k: number): { ok: boolean; err: number; tol: number } {
  const err = orthoDefect(Q, m, k);
  const tol = C_TOL * Math.max(m, k) * EPS;
  return { ok: err <= tol, err, tol };
}

/** A with its columns permuted: (A P)[:, j] = A[:, perm[j]]. */
export function permuteCols(A: Mat, m: number, n: number, perm: ArrayLike<number>): Mat {
  const B = new Float64Array(m * n);
  for (let i = 0; i < m; i++) for (let j = 0; j < n; j++) B[i * n + j] = A[i * n + perm[j]!]!;
  return B;
}

export function isPermutation(p: ArrayLike<number>, n: number): boolean {
  if (p.length !== n) return false;
  const seen = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    const v = p[i]!;
    if (!(v >= 0 && v < n) || seen[v]) return false;
    seen[v] = 1;
  }
  return true;
}

/** Byte snapshot of the arena in use (heap base to heap top): a rejected call must leave it identical. */
export function snapshot(core: Raw): { top: number; bytes: Uint8Array } {
  const base = core.call('heap_base') >>> 0, top = core.heapTop();
  return { top, bytes: core.bytes().slice(base, top) };
}

export function sameSnapshot(core: Raw, s: { top: number; bytes: Uint8Array }): boolean {
  if (core.heapTop() !== s.top) return false;
  const base = core.call('heap_base') >>> 0;
  const now = core.bytes().subarray(base, s.top);
  if (now.length !== s.bytes.length) return false;
  for (let i = 0; i < now.length; i++) if (now[i] !== s.bytes[i]) return false;
  return true;
}

// ------------------------------------------------------------------ bad-argument campaigns

/** One pointer argument of an export: its position, element type, element count, and role. */
export interface PtrArg { at: number; type: 'f64' | 'i32'; count: number; role: 'in' | 'out' }
export interface ExportCase {
  name: string;
  /** A valid argument list with placeholder 0 for every pointer (filled in by the harness). */
  args: number[];
  dims: number[];
  ptrs: PtrArg[];
  rtol?: number;
}

/** Fill a pointer table: inputs get well-conditioned finite data, outputs a sentinel byte pattern. */
export function materialize(core: Raw, c: ExportCase, seed: number): number[] {
  const next = rng(seed);
  const args = c.args.slice();
  for (const p of c.ptrs) {
    const bytes = p.count * (p.type === 'f64' ? 8 : 4);
    const ptr = core.alloc(bytes);
    if (p.role === 'in') {
      // Gaussian data plus a dominant diagonal-ish shift keeps square inputs comfortably non-singular.
      const d = randn(next, p.count);
      for (let i = 0; i < p.count; i++) d[i] = d[i]! + (i % 7 === 0 ? 4 : 0);
      core.f64().set(d, ptr >>> 3);
    } else {
      core.bytes().fill(0xa5, ptr, ptr + bytes);
    }
    args[p.at] = ptr;
  }
  return args;
}

export interface Rejection { label: string; args: number[]; want: number }

/** Every way the brief requires a call to be rejected, for one export. */
export function rejections(core: Raw, c: ExportCase, args: number[]): Rejection[] {
  const out: Rejection[] = [];
  const memEnd = core.memory.buffer.byteLength;
  for (const d of c.dims) {
    for (const bad of [0, -1, -7]) {
      const a = args.slice(); a[d] = bad;
      out.push({ label: `${c.name}: dim arg ${d} = ${bad}`, args: a, want: S.E_DIM });
    }
  }
  for (const p of c.ptrs) {
    const a = args.slice(); a[p.at] = memEnd;
    out.push({ label: `${c.name}: pointer arg ${p.at} at memory end`, args: a, want: S.E_BOUNDS });
    const b = args.slice(); b[p.at] = args[p.at]! + (p.type === 'f64' ? 4 : 2);
    out.push({ label: `${c.name}: pointer arg ${p.at} misaligned`, args: b, want: S.E_ALIGN });
  }
  for (const o of c.ptrs.filter((p) => p.role === 'out')) {
    for (const other of c.ptrs) {
      if (other === o) continue;
      // Same start, and a partial overlap (one element in): both must be refused.
      const a = args.slice(); a[o.at] = args[other.at]!;
      out.push({ label: `${c.name}: out arg ${o.at} = arg ${other.at}`, args: a, want: S.E_OVERLAP });
      if (other.count > 1) {
        const b = args.slice(); b[o.at] = args[other.at]! + 8;
        out.push({ label: `${c.name}: out arg ${o.at} inside arg ${other.at}`, args: b, want: S.E_OVERLAP });
      }
    }
  }
  if (c.rtol !== undefined) {
    const a = args.slice(); a[c.rtol] = NaN;
    out.push({ label: `${c.name}: rtol NaN`, args: a, want: S.E_ARG });
  }
  return out;
}

/** Inputs that hold NaN / ±∞ (one at a time, in the last entry of each input). */
export function nonfiniteInputs(core: Raw, c: ExportCase, args: number[]): { label: string; set: () => () => void }[] {
  return c.ptrs.filter((p) => p.role === 'in' && p.type === 'f64').flatMap((p) =>
    [NaN, Infinity, -Infinity].map((v) => ({
      label: `${c.name}: ${v} in arg ${p.at}`,
      set: () => {
        const idx = (args[p.at]! >>> 3) + p.count - 1;
        const old = core.f64()[idx]!;
        core.f64()[idx] = v;
        return () => { core.f64()[idx] = old; };
      },
    })),
  );
}
