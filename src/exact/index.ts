/** Exact rational arithmetic: the independent reference for the f64 kernels and the certifier of counterexamples. */
export { Rational, bigintGcd, bigintLcm } from './rational.js';
export { RationalMatrix, SingularMatrixError } from './rational-matrix.js';
export type { MatrixEntry, RrefResult } from './rational-matrix.js';
