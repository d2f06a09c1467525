// Shapes of the data the model-file layer hands to the rest of the tool.

/** A dense f64 matrix in row-major order: entry (i, j) is data[i * cols + j]. */
export interface DenseMatrix {
  rows: number;
  cols: number;
  data: Float64Array;
}

/** A next-token predictor read from a file: contexts F (n × d), unembeddings G (V × d), a pivot token. */
export interface ModelData {
  F: DenseMatrix;
  G: DenseMatrix;
  /** Index of the pivot token in [0, V); 0 when the file names none (the theory's default). */
  pivot: number;
  /** The path or name the data came from, as the caller gave it; every error message starts with it. */
  source: string;
  /** Storage type in the file: 'json', 'f64', 'f32', 'f16', 'bf16' (or 'F f32, G f64' when they differ). */
  dtype: string;
}

export interface ReadOptions {
  /** Name of the array/tensor/key holding F (default "F"). */
  fName?: string;
  /** Name of the array/tensor/key holding G (default "G"). */
  gName?: string;
  /** Largest file and decompressed size accepted, in bytes (default: limits.ts, or AON_MAX_INPUT_BYTES). */
  maxInputBytes?: number;
}

/** A matrix decoded from a binary container, before model-level validation. */
export interface DecodedMatrix {
  matrix: DenseMatrix;
  dtype: string;
}

/** What a format reader extracts before the shared model checks: the pivot is still unvalidated. */
export interface RawModel {
  F: DecodedMatrix;
  G: DecodedMatrix;
  /** undefined when the file names no pivot. */
  pivot: unknown;
}
