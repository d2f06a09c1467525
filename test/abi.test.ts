// The ABI is a contract: both builds import nothing and export exactly the manifest, with the
// manifest's signatures; both validate fully under binaryen (which, unlike wasm-parser, decodes SIMD).
import { describe, it, expect } from 'vitest';
import { readFileSync } from 'node:fs';
import { decode } from '@webassemblyjs/wasm-parser';
import binaryen from 'binaryen';
import { ABI } from '../src/wasm/abi.js';
import { manifestText } from '../src/wasm/write-manifest.js';
import { wasmPath, type BuildName } from '../src/wasm/locate.js';

interface Sig { params: string[]; results: string[] }

/** Exports of a module as name → signature, read without decoding code (wasm-parser cannot decode SIMD). */
function readAbi(bytes: Uint8Array): { imports: number; exports: Map<string, Sig | 'memory'> } {
  const fields = decode(bytes, { ignoreCodeSection: true, ignoreDataSection: true, ignoreCustomNameSection: true }).body[0]!.fields;
  const funcs = fields.filter((f) => f.type === 'Func');
  const imports = fields.filter((f) => f.type === 'ModuleImport').length;
  const exports = new Map<string, Sig | 'memory'>();
  for (const f of fields.filter((x) => x.type === 'ModuleExport')) {
    const name = f.name as string;
    if (f.descr!.exportType === 'Memory') {
      exports.set(name, 'memory');
    } else if (f.descr!.exportType === 'Func') {
      const sig = funcs[f.descr!.id.value - imports]!.signature!;
      exports.set(name, { params: sig.params.map((p) => p.valtype), results: sig.results });
    } else {
      exports.set(name, { params: [f.descr!.exportType], results: [] });
    }
  }
  return { imports, exports };
}

/** Differences between a module's exports and the ABI table, as readable lines (empty: they agree). */
export function abiMismatches(actual: Map<string, Sig | 'memory'>): string[] {
  const problems: string[] = [];
  if (actual.get('memory') !== 'memory') problems.push('memory is not exported as "memory"');
  for (const [name, spec] of Object.entries(ABI)) {
    const got = actual.get(name);
    const want: Sig = { params: spec.params.map((p) => p[1]), results: [...spec.results] };
    if (!got || got === 'memory') problems.push(`missing export ${name}`);
    else if (JSON.stringify(got) !== JSON.stringify(want)) {
      problems.push(`${name}: module has (${got.params}) → (${got.results}), manifest says (${want.params}) → (${want.results})`);
    }
  }
  for (const name of actual.keys()) {
    if (name !== 'memory' && !(name in ABI)) problems.push(`export ${name} is not in the manifest`);
  }
  return problems;
}

const builds: BuildName[] = ['release', 'scalar', 'debug'];

describe('ABI contract', () => {
  it('assembly/manifest.json is the ABI table as written by npm run abi:manifest', () => {
    expect(readFileSync('assembly/manifest.json', 'utf8')).toBe(manifestText());
  });

  for (const build of builds) {
    describe(build, () => {
      const bytes = readFileSync(wasmPath(build));

      it('imports nothing (checked by wasm-parser and by the engine itself)', () => {
        expect(readAbi(bytes).imports).toBe(0);
        expect(WebAssembly.Module.imports(new WebAssembly.Module(bytes))).toEqual([]);
      });

      it('exports exactly the manifest, with its signatures', () => {
        expect(abiMismatches(readAbi(bytes).exports)).toEqual([]);
      });

      it('validates fully under binaryen', () => {
        const mod = binaryen.readBinary(bytes);
        mod.setFeatures(binaryen.Features.All);
        try {
          expect(mod.validate()).toBeTruthy();
        } finally {
          mod.dispose();
        }
      });
    });
  }

  it('the SIMD build uses SIMD and the scalar build does not', () => {
    const text = (b: BuildName) => {
      const mod = binaryen.readBinary(readFileSync(wasmPath(b)));
      mod.setFeatures(binaryen.Features.All);
      const t = mod.emitText();
      mod.dispose();
      return t;
    };
    expect(text('release')).toMatch(/f64x2\.mul/);
    expect(text('scalar')).not.toMatch(/v128|f64x2/);
  });

  it('the check catches a module whose signature drifted from the manifest', () => {
    const exports = readAbi(readFileSync(wasmPath('release'))).exports;
    const drifted = new Map(exports);
    drifted.set('gemm', { params: ['i32'], results: ['i32'] });
    drifted.set('surprise', { params: [], results: [] });
    drifted.delete('dot');
    const problems = abiMismatches(drifted);
    expect(problems.some((p) => p.startsWith('gemm:'))).toBe(true);
    expect(problems).toContain('export surprise is not in the manifest');
    expect(problems).toContain('missing export dot');
  });
});
