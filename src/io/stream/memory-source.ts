// A model that must be read whole (JSON; an .npz with deflated or column-major members): read once, with
// a size cap checked on the file before reading, then served by rows like the offset readers.
import { statSync } from 'node:fs';
import { readModelFile } from '../read-model.js';
import type { FloatKind } from '../decode.js';
import { requireResident } from './limits.js';
import type { ModelSource, SourceSpec } from './source.js';

/** JSON text takes ~20 bytes per number and decodes to 8: a cap on the file bounds what is resident. */
export function openMemorySource(spec: SourceSpec, capBytes: number): ModelSource {
  let size = 0;
  try { size = statSync(spec.path).size; } catch { /* readModelFile reports it */ }
  const isJson = spec.path.toLowerCase().endsWith('.json');
  // npz members inflate up to 4× (f16 → f64) beyond their stored bytes; JSON shrinks. Both are then held as f64.
  const estimate = isJson ? size : size * 4;
  requireResident(spec.path, isJson ? 'a JSON model (read whole)' : 'an .npz model with compressed or column-major members (read whole)', estimate, capBytes,
    isJson ? 'store large models as .safetensors or an uncompressed .npz, which are read by row blocks' : 'save it with numpy.savez (not savez_compressed) so it is read by row blocks');
  const m = readModelFile(spec.path, { fName: spec.fName, gName: spec.gName });
  const kind = (m.dtype === 'json' ? 'f64' : ['f64', 'f32', 'f16', 'bf16'].includes(m.dtype) ? m.dtype : 'f64') as FloatKind;
  const d = m.F.cols;
  return {
    spec,
    n: m.F.rows,
    V: m.G.rows,
    d,
    dtypeF: kind,
    dtypeG: kind,
    pivot: m.pivot,
    residentBytes: (m.F.data.length + m.G.data.length) * 8,
    readF: (r0, r1, out) => out.set(m.F.data.subarray(r0 * d, r1 * d)),
    readG: (r0, r1, out) => out.set(m.G.data.subarray(r0 * d, r1 * d)),
    close: () => undefined,
  };
}
