// Public API of the model-file layer.
export type { DenseMatrix, ModelData, ReadOptions } from './types.js';
export { ModelFileError } from './errors.js';
export { readModelFile, parseModel, describeModel, SUPPORTED_EXTENSIONS } from './read-model.js';
export { writeModelJson, writeModelNpz, writeModelSafetensors } from './write-model.js';
