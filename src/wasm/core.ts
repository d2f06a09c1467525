// One instance of the Wasm core: its exports, typed views of its memory (re-created whenever memory
// grows, since growth detaches them), the arena, and scopes that free temporaries in bulk.
import type { CoreExports, ExportName } from './abi.js';
import type { BuildName } from './locate.js';
import { CoreError, check } from './status.js';

export class Core {
  private buffer: ArrayBuffer | null = null;
  private f64View = new Float64Array(0);
  private i32View = new Int32Array(0);
  private nextScopeId = 1;
  private readonly liveScopes = new Set<number>();
  private readonly scopeStack: number[] = [];

  constructor(
    readonly raw: CoreExports,
    readonly build: BuildName,
  ) {}

  /** Whether this instance runs the SIMD build. */
  get simd(): boolean {
    return (this.raw.build_flags() & 1) === 1;
  }

  private refresh(): void {
    const buf = this.raw.memory.buffer;
    if (buf !== this.buffer) {
      this.buffer = buf as ArrayBuffer;
      this.f64View = new Float64Array(buf);
      this.i32View = new Int32Array(buf);
    }
  }

  /** The whole memory as f64 (index = byte address / 8). Valid until the next call that may grow memory. */
  get f64(): Float64Array {
    this.refresh();
    return this.f64View;
  }

  /** The whole memory as i32 (index = byte address / 4). */
  get i32(): Int32Array {
    this.refresh();
    return this.i32View;
  }

  /** Reserve `bytes` in the arena, or throw 'nomem'. */
  allocBytes(bytes: number, op = 'alloc'): number {
    if (!Number.isSafeInteger(bytes) || bytes < 0 || bytes > 0xffff_ffff) {
      throw new CoreError('nomem', op, `cannot allocate ${bytes} bytes in 32-bit WebAssembly memory`);
    }
    const ptr = this.raw.alloc(bytes);
    if (ptr === 0) {
      throw new CoreError('nomem', op, `cannot allocate ${bytes} bytes: WebAssembly memory cannot grow further`);
    }
    return ptr >>> 0;
  }

  /** Invoke an export that returns a status; throw a typed error on failure or trap. */
  call<K extends ExportName>(name: K, ...args: Parameters<CoreExports[K]>): void {
    check(name, this.invoke(name, args));
  }

  /** Invoke an export and return its raw result, turning a trap into a typed error. */
  invoke<K extends ExportName>(name: K, args: Parameters<CoreExports[K]>): number {
    const fn = this.raw[name] as (...a: number[]) => number;
    try {
      return fn(...(args as number[]));
    } catch (e) {
      if (e instanceof WebAssembly.RuntimeError) {
        const line = this.raw.last_abort_line();
        throw new CoreError('trap', name, `${e.message}${line ? ` (core abort at line ${line})` : ''}`);
      }
      if (e instanceof RangeError) throw new CoreError('nomem', name, e.message);
      throw e;
    }
  }

  mark(): number {
    return this.raw.mark() >>> 0;
  }

  reset(mark: number): void {
    check('reset', this.raw.reset(mark));
  }

  heapTop(): number {
    return this.raw.heap_top() >>> 0;
  }

  /** The scope that allocations belong to now (0: no scope, freed only by an explicit reset). */
  get currentScope(): number {
    return this.scopeStack[this.scopeStack.length - 1] ?? 0;
  }

  isScopeLive(id: number): boolean {
    return id === 0 || this.liveScopes.has(id);
  }

  /**
   * Run `fn`; everything allocated in the arena while it runs is freed when it returns or throws.
   * Matrices created inside refuse to be used afterwards (error 'freed'): copy out what you keep.
   */
  scope<T>(fn: () => T): T {
    const id = this.nextScopeId++;
    const start = this.mark();
    this.liveScopes.add(id);
    this.scopeStack.push(id);
    try {
      const result = fn();
      if (result instanceof Promise) {
        throw new CoreError('input', 'scope', 'scope() takes a synchronous function: the arena is reset when it returns');
      }
      return result;
    } finally {
      this.scopeStack.pop();
      this.liveScopes.delete(id);
      this.reset(start);
    }
  }
}
