// What the floors of G₀ need beyond its R factor, from the row norms ‖g_y‖ of a file's unembedding:
// ‖G‖_F, ‖g_pivot‖ and ‖ |G₀| ‖_F with |g_y − g_p| bounded by ‖g_y‖ + ‖g_p‖. One reduction, in token order,
// whether the norms come from a pass of their own (structure.ts unembeddingNorms) or from the gap pass,
// which forms every ‖g_y‖ anyway (gap.ts): the same numbers in the same order give the same bits.

/** ‖g_y‖-derived norms of a file's unembedding: what G₀'s floor needs beyond its R factor. */
export interface UnembeddingNorms { fro: number; pivot: number; g0Abs: number }

/** ‖v‖ of each row of a row-major rows × cols block (the order of the sum is part of the contract). */
export function rowNorms(data: Float64Array, rows: number, cols: number): Float64Array {
  const out = new Float64Array(rows);
  for (let i = 0; i < rows; i++) {
    let s = 0;
    const o = i * cols;
    for (let j = 0; j < cols; j++) {
      const v = data[o + j] as number;
      s += v * v;
    }
    out[i] = Math.sqrt(s);
  }
  return out;
}

/** The norms from every ‖g_y‖ (y = 0 … V − 1, in token order). */
export function unembeddingNormsOf(norms: Float64Array, pivot: number): UnembeddingNorms {
  const gp = norms[pivot] as number;
  let fro = 0, g0 = 0;
  for (let y = 0; y < norms.length; y++) {
    const g = norms[y] as number;
    fro += g * g;
    if (y !== pivot) g0 += (g + gp) * (g + gp);
  }
  return { fro: Math.sqrt(fro), pivot: gp, g0Abs: Math.sqrt(g0) };
}
