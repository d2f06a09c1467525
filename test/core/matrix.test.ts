// The host layer: loader choices, views across memory growth, scopes, and the typed errors.
import { describe, it, expect } from 'vitest';
import { loadCore, resolveBuild, simdSupported } from '../../src/wasm/loader.js';
import { Core } from '../../src/wasm/core.js';
import { CoreError } from '../../src/wasm/status.js';
import type { CoreExports } from '../../src/wasm/abi.js';
import { fromRows, zeros, identity, fromArray, empty } from '../../src/matrix/create.js';
import { multiply } from '../../src/matrix/blas.js';
import { mul, transposed, minus } from '../../src/matrix/convenience.js';

describe('loader', () => {
  it('picks the SIMD build where SIMD validates, and can be forced to either', () => {
    expect(simdSupported()).toBe(true); // Node 20 has Wasm SIMD
    expect(resolveBuild('auto')).toBe('release');
    expect(loadCore().simd).toBe(true);
    expect(loadCore({ build: 'scalar' }).simd).toBe(false);
    expect(loadCore({ build: 'simd' }).build).toBe('release');
  });

  it('rejects bytes that are not a module with a load error naming the cause', () => {
    expect(() => loadCore({ bytes: new Uint8Array([0, 97, 115, 109, 9, 9, 9, 9]) })).toThrow();
  });
});

describe('Matrix in Wasm memory', () => {
  const core = loadCore();

  it('A·B and friends in a few lines', () => {
    core.scope(() => {
      const A = fromRows(core, [[1, 2], [3, 4]]);
      expect(mul(A, A).toArray()).toEqual([[7, 10], [15, 22]]);
      expect(transposed(A).toArray()).toEqual([[1, 3], [2, 4]]);
      expect(minus(A, identity(core, 2)).toArray()).toEqual([[0, 2], [3, 3]]);
    });
  });

  it('views stay correct after the memory grows', () => {
    core.scope(() => {
      const A = fromRows(core, [[1, 2], [3, 4]]);
      const before = core.raw.memory.buffer.byteLength;
      const big = zeros(core, 1024, 1024); // 8 MiB: forces growth
      expect(core.raw.memory.buffer.byteLength).toBeGreaterThan(before);
      expect(A.get(1, 0)).toBe(3);
      expect(A.data[3]).toBe(4);
      expect(big.get(1023, 1023)).toBe(0);
    });
  });

  it('a scope frees everything allocated in it, and its matrices refuse later use', () => {
    const top = core.heapTop();
    let leaked: ReturnType<typeof zeros> | undefined;
    core.scope(() => {
      leaked = zeros(core, 10, 10);
      core.scope(() => zeros(core, 100, 100));
      expect(leaked.get(0, 0)).toBe(0);
    });
    expect(core.heapTop()).toBe(top);
    expect(() => leaked!.data).toThrow(CoreError);
    expect(() => leaked!.data).toThrow(/freed/);
  });

  it('a scope is reset even when its function throws', () => {
    const top = core.heapTop();
    expect(() => core.scope(() => { zeros(core, 5, 5); throw new Error('boom'); })).toThrow('boom');
    expect(core.heapTop()).toBe(top);
  });

  it('shapes that do not fit are named in the error', () => {
    core.scope(() => {
      const A = zeros(core, 2, 3), B = zeros(core, 4, 5);
      expect(() => mul(A, B)).toThrow(/inner dimensions differ: op\(a\) is 2×3, op\(b\) is 4×5/);
      expect(() => multiply(zeros(core, 3, 3), A, zeros(core, 3, 2))).toThrow(/out must be 2×2, got 3×3/);
      expect(() => fromRows(core, [[1, 2], [3]], 'model.json: F')).toThrow(/model.json: F\[1\] has 1 entries, row 0 has 2/);
      expect(() => fromRows(core, [[1, 'x' as unknown as number]], 'G')).toThrow(/G\[0\]\[1\]: expected a number/);
      expect(() => fromArray(core, 2, 2, [1, 2, 3])).toThrow(/needs 4 values, got 3/);
      expect(() => A.get(2, 0)).toThrow(/outside a 2×3 matrix/);
    });
  });

  it('memory exhaustion is a typed error, and the arena is intact afterwards', () => {
    const top = core.heapTop();
    expect(() => empty(core, 0x10000, 0x2000)).toThrow(/nomem|cannot allocate/);
    expect(core.heapTop()).toBe(top);
    core.scope(() => expect(mul(identity(core, 2), identity(core, 2)).get(1, 1)).toBe(1));
  });

  it('matrices of two cores do not mix', () => {
    const other = loadCore();
    core.scope(() => other.scope(() => {
      expect(() => mul(zeros(core, 2, 2), zeros(other, 2, 2))).toThrow(/different core instances/);
    }));
  });

  it('a trap inside the core becomes a typed error naming the export', () => {
    const real = loadCore().raw;
    const raw = { ...real, gemm: () => { throw new WebAssembly.RuntimeError('unreachable'); } } as unknown as CoreExports;
    const trapping = new Core(raw, 'release');
    expect(() => trapping.call('gemm', 0, 0, 1, 1, 1, 1, 0, 1, 0, 1, 0, 0, 1)).toThrow(/gemm: unreachable.*\[trap\]/);
  });
});
