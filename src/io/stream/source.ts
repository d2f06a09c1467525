// A model read by row blocks instead of whole: the interface the blocked engine consumes. A source never
// holds F or G; readF/readG convert the requested rows to f64 into the caller's buffer.
import type { FloatKind } from '../decode.js';

/** How to open the same source again (in a worker thread): everything is re-read from the file. */
export interface SourceSpec {
  path: string;
  fName: string;
  gName: string;
}

export interface ModelSource {
  readonly spec: SourceSpec;
  /** Contexts (rows of F), tokens (rows of G), representation dimension. */
  readonly n: number;
  readonly V: number;
  readonly d: number;
  /** Storage types of F and G in the file ('f64' for JSON). */
  readonly dtypeF: FloatKind;
  readonly dtypeG: FloatKind;
  readonly pivot: number;
  /** Bytes this source keeps resident itself (0 for files read by offset; the whole model for JSON). */
  readonly residentBytes: number;
  /** Rows [r0, r1) of F, row-major f64, into out[0 … (r1 − r0)·d). Throws ModelFileError on NaN/∞. */
  readF(r0: number, r1: number, out: Float64Array): void;
  /** Rows [r0, r1) of G, likewise. */
  readG(r0: number, r1: number, out: Float64Array): void;
  close(): void;
}

const ORDER: FloatKind[] = ['f64', 'f32', 'f16', 'bf16'];

/** The coarser of the two storage types: the one whose rounding bounds the model's (unit roundoff). */
export function coarserDtype(a: FloatKind, b: FloatKind): FloatKind {
  return ORDER.indexOf(a) >= ORDER.indexOf(b) ? a : b;
}
