// Public API of all-or-none.
export { loadCore, simdSupported, type LoadOptions, type BuildChoice } from './wasm/loader.js';
export { Core } from './wasm/core.js';
export { CoreError, STATUS, type CoreIssueCode } from './wasm/status.js';
export { ABI, ABI_VERSION, type CoreExports, type ExportName } from './wasm/abi.js';
export { Matrix } from './matrix/matrix.js';
export { zeros, empty, identity, fromArray, fromRows } from './matrix/create.js';
export { multiply, transpose, copy, scale, add, subtract, addScaled, dot, normFro, relMaxDiff, type GemmOptions } from './matrix/blas.js';
export { qr, qrPivoted, svd, eigSym, lu, type QR, type PivotedQR, type SVD, type EigSym, type LU } from './matrix/decompose.js';
export { solve, inverse, det, logdet, pinv, lstsq, rank, colBasis, nullBasis, projector, principalAngles, cond2 } from './matrix/derived.js';
export { logSoftmaxRows, logSumExpRows, logOdds, klRows, tvRows } from './matrix/dist.js';
export { mul, transposed, plus, minus, scaled, logSoftmax, logOddsOf } from './matrix/convenience.js';
export { CLAIM_IDS, type ClaimId } from './claims.js';
