// Status codes returned by every exported function of the core. 0 is success; everything else means
// nothing was written to any output. The host-side names live in src/wasm/status.ts and the ABI
// manifest (abi/manifest.json); keep the three in step.

export const OK: i32 = 0;
/** A dimension is negative, or zero where the operation needs at least one row or column. */
export const E_DIM: i32 = 1;
/** A buffer lies (partly) outside the arena: below the heap base or past the end of memory. */
export const E_BOUNDS: i32 = 2;
/** A pointer is not aligned to its element size (8 bytes for f64, 4 for i32). */
export const E_ALIGN: i32 = 3;
/** An output overlaps an input (or another output) where the operation does not allow it. */
export const E_OVERLAP: i32 = 4;
/** An input holds NaN or ±Infinity where the operation needs finite numbers. */
export const E_NONFINITE: i32 = 5;
/** The matrix is exactly singular (a zero pivot) where an inverse or a solve was asked for. */
export const E_SINGULAR: i32 = 6;
/** An iterative method (Jacobi sweeps) did not converge within its sweep limit. */
export const E_NOCONVERGE: i32 = 7;
/** The arena could not grow for the workspace this call needs. */
export const E_NOMEM: i32 = 8;
/** A scalar argument is out of its domain (a flag other than 0/1, a negative tolerance, a pivot index out of range). */
export const E_ARG: i32 = 9;
