// Entry point for reading a model file: pick the format by extension, decode, then apply the shared checks.
import { closeSync, constants, fstatSync, openSync, readSync, statSync, type Stats } from 'node:fs';
import { extname } from 'node:path';
import { ModelFileError } from './errors.js';
import { readJsonModel } from './json-model.js';
import { readNpzModel } from './npz.js';
import { readSafetensorsModel } from './safetensors.js';
import { validateModel } from './validate.js';
import { bytesText, limitText, maxInputBytes } from './limits.js';
import type { ModelData, RawModel, ReadOptions } from './types.js';

const READERS: Record<string, (bytes: Uint8Array, file: string, fName: string, gName: string, opts: ReadOptions) => RawModel> = {
  '.json': readJsonModel,
  '.npz': readNpzModel,
  '.safetensors': readSafetensorsModel,
};

export const SUPPORTED_EXTENSIONS = Object.keys(READERS);

function readerFor(fileName: string): (typeof READERS)[string] {
  const ext = extname(fileName).toLowerCase();
  const reader = READERS[ext];
  if (reader === undefined) {
    const hint = ext === '.npy' ? ' (a single .npy holds one array; put F and G in one .npz with numpy.savez)' : '';
    throw new ModelFileError({
      file: fileName,
      field: 'extension',
      expected: `.json, .npz or .safetensors${hint}`,
      received: ext === '' ? 'no extension' : ext,
    });
  }
  return reader;
}

/** Decodes and validates a model held in memory; `fileName` picks the format and names the source in errors. */
export function parseModel(bytes: Uint8Array, fileName: string, opts: ReadOptions = {}): ModelData {
  const fName = opts.fName ?? 'F';
  const gName = opts.gName ?? 'G';
  const limit = maxInputBytes(opts.maxInputBytes);
  if (bytes.length > limit) {
    throw new ModelFileError({ file: fileName, field: 'file', expected: `at most ${bytesText(limit)}`, received: bytesText(bytes.length), detail: `too large: ${bytesText(bytes.length)}; ${limitText(limit)}` });
  }
  const raw = readerFor(fileName)(bytes, fileName, fName, gName, { ...opts, maxInputBytes: limit });
  // The theory's pivot defaults to token 0 when the file does not name one.
  const pivot = validateModel(raw.F.matrix, raw.G.matrix, raw.pivot === undefined ? 0 : raw.pivot, { file: fileName, fName, gName });
  const dtype = raw.F.dtype === raw.G.dtype ? raw.F.dtype : `F ${raw.F.dtype}, G ${raw.G.dtype}`;
  return { F: raw.F.matrix, G: raw.G.matrix, pivot, source: fileName, dtype };
}

const FS_REASONS: Record<string, string> = {
  ENOENT: 'no such file or directory',
  EISDIR: 'it is a directory',
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  ENOTDIR: 'a component of the path is not a directory',
};

function kindOf(st: Stats): string {
  if (st.isDirectory()) return 'a directory';
  if (st.isCharacterDevice()) return 'a character device (such as /dev/zero)';
  if (st.isBlockDevice()) return 'a block device';
  if (st.isFIFO()) return 'a named pipe (FIFO)';
  if (st.isSocket()) return 'a socket';
  return 'not a regular file';
}

function fsError(path: string, e: unknown): ModelFileError {
  const code = (e as NodeJS.ErrnoException).code ?? '';
  const reason = FS_REASONS[code] ?? (e as Error).message;
  return new ModelFileError({
    file: path,
    field: 'file',
    expected: 'an existing, readable file',
    received: code || reason,
    detail: `cannot read the model file: ${reason}${code && FS_REASONS[code] ? ` (${code})` : ''}`,
    cause: e,
  });
}

/**
 * The bytes of a regular file of at most `limit` bytes. Devices, pipes and sockets are refused from their
 * stat alone (a link to /dev/zero would otherwise be read forever, a FIFO would block); the file is opened
 * non-blocking and checked again on its descriptor, and never more than the size it had is read.
 */
function readRegularFile(path: string, limit: number): Uint8Array {
  const refuse = (st: Stats): never => {
    throw new ModelFileError({ file: path, field: 'file', expected: 'a regular file', received: kindOf(st), detail: `not a regular file: it is ${kindOf(st)}` });
  };
  const tooLarge = (size: number): never => {
    throw new ModelFileError({ file: path, field: 'file', expected: `at most ${bytesText(limit)}`, received: bytesText(size), detail: `too large: ${bytesText(size)}; ${limitText(limit)}` });
  };
  let st: Stats;
  try {
    st = statSync(path);
  } catch (e) {
    throw fsError(path, e);
  }
  if (!st.isFile()) refuse(st);
  if (st.size > limit) tooLarge(st.size);
  let fd: number;
  try {
    fd = openSync(path, constants.O_RDONLY | constants.O_NONBLOCK);
  } catch (e) {
    throw fsError(path, e);
  }
  try {
    const fst = fstatSync(fd);
    if (!fst.isFile()) refuse(fst);
    if (fst.size > limit) tooLarge(fst.size);
    const bytes = Buffer.allocUnsafe(fst.size);
    let got = 0;
    while (got < bytes.length) {
      const n = readSync(fd, bytes, got, bytes.length - got, got);
      if (n === 0) break; // the file shrank while we read it: parse what is there, the format checks catch the rest
      got += n;
    }
    return bytes.subarray(0, got);
  } catch (e) {
    if (e instanceof ModelFileError) throw e;
    throw fsError(path, e);
  } finally {
    closeSync(fd);
  }
}

export function readModelFile(path: string, opts: ReadOptions = {}): ModelData {
  readerFor(path); // an unsupported extension is reported before touching the file system
  return parseModel(readRegularFile(path, maxInputBytes(opts.maxInputBytes)), path, opts);
}

/** One line for logs and CLI output. */
export function describeModel(m: ModelData): string {
  return (
    `${m.source}: n = ${m.F.rows} contexts, V = ${m.G.rows} tokens, d = ${m.F.cols} ` +
    `(F ${m.F.rows}×${m.F.cols}, G ${m.G.rows}×${m.G.cols}, ${m.dtype}), pivot ${m.pivot}`
  );
}
