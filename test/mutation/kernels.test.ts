// The kernel checks have teeth: each deliberately broken build below fails the very check that the
// real builds pass in test/core/blas.test.ts.
import { describe, it, expect } from 'vitest';
import { loadMutant, type Mutation } from '../helpers/mutant.js';
import { checkGemm, checkGemmExactIntegers, checkLogSoftmax, checkLogOdds } from '../core/checks.js';
import type { Core } from '../../src/wasm/core.js';

interface Mutant {
  name: string;
  mutation: Mutation;
  target: 'release' | 'scalar';
  check: (core: Core) => string[];
}

const mutants: Mutant[] = [
  {
    name: 'SIMD micro-kernel drops one accumulator update',
    mutation: { file: 'assembly/blas/microkernel.ts', from: 'c13 = f64x2.add(c13, f64x2.mul(a1, b3));', to: '' },
    target: 'release',
    check: (c) => checkGemmExactIntegers(c, 2),
  },
  {
    name: 'scalar micro-kernel reads the wrong column of B',
    mutation: { file: 'assembly/blas/microkernel.ts', from: 'c12 += a1 * b2;', to: 'c12 += a1 * b1;' },
    target: 'scalar',
    check: (c) => checkGemm(c, 1),
  },
  {
    name: 'packing of a transposed A swaps its indices',
    mutation: {
      file: 'assembly/blas/pack.ts',
      from: 'const idx = trans ? <usize>(p0 + p) * <usize>lda + <usize>i',
      to: 'const idx = trans ? <usize>i * <usize>lda + <usize>(p0 + p)',
    },
    target: 'release',
    check: (c) => checkGemm(c, 1),
  },
  {
    name: 'log-softmax forgets the max shift (overflows at logit scale 1e3)',
    mutation: { file: 'assembly/dist/softmax.ts', from: 'const x0 = f64x2.sub(v128.load(p), vmx), x1 = f64x2.sub(v128.load(p, 16), vmx);', to: 'const x0 = v128.load(p), x1 = v128.load(p, 16);' },
    target: 'release',
    check: (c) => checkLogSoftmax(c, 4),
  },
  {
    name: 'log-odds subtract the wrong way round',
    mutation: { file: 'assembly/abi/dist.ts', from: 'store<f64>(dst, load<f64>(row + (<usize>j << 3)) - zp);', to: 'store<f64>(dst, zp - load<f64>(row + (<usize>j << 3)));' },
    target: 'release',
    check: (c) => checkLogOdds(c, 5),
  },
];

describe('mutated kernels are caught', () => {
  for (const m of mutants) {
    it(m.name, async () => {
      const core = await loadMutant(m.mutation, m.target);
      expect(m.check(core).length).toBeGreaterThan(0);
    });
  }
});
