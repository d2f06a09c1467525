// The models inside a claim's input, found by walking it: every object with dense F and G and a pivot
// is a predictor instance. Names are their paths in the input (a, b, fam.members[1], …).
import type { NamedInstance } from '../claims.js';
import type { DenseMatrix } from '../dense.js';

function isDense(x: unknown): x is DenseMatrix {
  return typeof x === 'object' && x !== null && (x as DenseMatrix).data instanceof Float64Array
    && Number.isInteger((x as DenseMatrix).rows) && Number.isInteger((x as DenseMatrix).cols);
}

function isInstance(x: unknown): x is NamedInstance {
  const o = x as Record<string, unknown>;
  return typeof x === 'object' && x !== null && isDense(o.F) && isDense(o.G) && typeof o.pivot === 'number';
}

export function findModels(input: unknown): NamedInstance[] {
  const out: NamedInstance[] = [];
  const seen = new Set<unknown>();
  const walk = (x: unknown, path: string): void => {
    if (typeof x !== 'object' || x === null || seen.has(x) || x instanceof Float64Array) return;
    seen.add(x);
    if (isInstance(x)) {
      out.push({ name: path || 'model', F: x.F, G: x.G, pivot: x.pivot });
      return;
    }
    if (Array.isArray(x)) x.forEach((v, i) => walk(v, `${path}[${i}]`));
    else for (const [k, v] of Object.entries(x)) walk(v, path ? `${path}.${k}` : k);
  };
  walk(input, '');
  return out;
}
