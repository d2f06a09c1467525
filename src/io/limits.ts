// Bounds on what a model file may make the reader do, so a hostile or broken file is refused in
// milliseconds and small memory instead of exhausting either. Every refusal names the size and the limit.

/**
 * Largest input accepted, in bytes: the file itself, each decompressed .npz member and all of them together.
 * 512 MiB holds a GPT-2-sized unembedding in f32 (154 MB) with room to spare, while a hostile archive can
 * cost no more than that; AON_MAX_INPUT_BYTES raises it for bigger models (the Wasm core's own ceiling is
 * 4 GiB of memory for everything).
 */
export const DEFAULT_MAX_INPUT_BYTES = 512 * 2 ** 20;
export const MAX_INPUT_ENV = 'AON_MAX_INPUT_BYTES';

/** numpy's own bound (numpy.lib.format, max_header_size = 10000): larger headers need allow_pickle there too. */
export const MAX_NPY_HEADER_BYTES = 10_000;

/** An .npy header is a flat dict with a tuple inside; 16 levels leave room for any numeric dtype. */
export const MAX_LITERAL_DEPTH = 16;

/** The safetensors format's own limit on its JSON header (100 MB, HeaderTooLarge in the reference reader). */
export const MAX_SAFETENSORS_HEADER_BYTES = 100_000_000;

export function maxInputBytes(override?: number): number {
  if (override !== undefined) return override;
  const env = process.env[MAX_INPUT_ENV];
  if (env !== undefined && /^\d+$/.test(env) && Number(env) > 0) return Number(env);
  return DEFAULT_MAX_INPUT_BYTES;
}

export function bytesText(n: number): string {
  if (n >= 2 ** 30) return `${n} bytes (${(n / 2 ** 30).toFixed(2)} GiB)`;
  if (n >= 2 ** 20) return `${n} bytes (${(n / 2 ** 20).toFixed(1)} MiB)`;
  return `${n} bytes`;
}

/** The sentence every "too large" refusal ends with. */
export function limitText(limit: number): string {
  return `the limit is ${bytesText(limit)} (set ${MAX_INPUT_ENV} to raise it)`;
}
