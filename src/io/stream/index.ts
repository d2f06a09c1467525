export type { ModelSource, SourceSpec } from './source.js';
export { coarserDtype } from './source.js';
export { openModelSource, openSpec, sourceSpec, withSpec, WHOLE_READ_CAP } from './open.js';
export { TooLargeError, requireResident, WASM32_LIMIT, formatBytes } from './limits.js';
