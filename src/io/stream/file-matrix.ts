// One row-major matrix inside a file, read by row blocks at byte offsets (fs.readSync at a position): the
// file is never loaded whole; a scratch buffer of one block is reused.
import { readSync } from 'node:fs';
import type { FloatKind } from '../decode.js';
import { ModelFileError } from '../errors.js';
import { ITEM_SIZE, convertLE, firstNonFinite, swapBytes } from './convert.js';

/** Up to `bytes` bytes at `position` (fewer only at the end of the file): readSync may return short counts. */
export function readExactly(fd: number, bytes: number, position: number): Buffer {
  const buf = Buffer.alloc(bytes);
  let done = 0;
  while (done < bytes) {
    const got = readSync(fd, buf, done, bytes - done, position + done);
    if (got === 0) break;
    done += got;
  }
  return buf.subarray(0, done);
}

export interface MatrixLayout {
  rows: number;
  cols: number;
  kind: FloatKind;
  littleEndian: boolean;
  /** Absolute byte offset of entry (0, 0) in the file. */
  offset: number;
}

/** Bytes of file data read and converted per system call. */
const CHUNK = 4 * 1024 * 1024;

export class FileMatrix {
  private scratch = new Uint8Array(0);

  constructor(
    private readonly fd: number,
    readonly layout: MatrixLayout,
    private readonly file: string,
    private readonly name: string,
  ) {}

  private buffer(bytes: number): Uint8Array {
    // A fresh ArrayBuffer starts 8-aligned, so typed views of any float type fit it.
    if (this.scratch.length < bytes) this.scratch = new Uint8Array(new ArrayBuffer(Math.max(bytes, 2 * this.scratch.length)));
    return this.scratch.subarray(0, bytes);
  }

  read(r0: number, r1: number, out: Float64Array): void {
    const { rows, cols } = this.layout;
    if (!(Number.isInteger(r0) && Number.isInteger(r1) && 0 <= r0 && r0 <= r1 && r1 <= rows)) {
      throw new RangeError(`${this.file}: rows [${r0}, ${r1}) are outside ${this.name} (${rows} rows)`);
    }
    // At most CHUNK bytes of file data at a time: the scratch stays small whatever the block size.
    const step = Math.max(1, Math.floor(CHUNK / (cols * ITEM_SIZE[this.layout.kind])));
    for (let a = r0; a < r1; a += step) {
      const b = Math.min(r1, a + step);
      this.readChunk(a, b, out.subarray((a - r0) * cols, (b - r0) * cols));
    }
  }

  private readChunk(r0: number, r1: number, out: Float64Array): void {
    const { rows, cols, kind, littleEndian, offset } = this.layout;
    const count = (r1 - r0) * cols;
    if (count === 0) return;
    const size = ITEM_SIZE[kind];
    const buf = this.buffer(count * size);
    let done = 0;
    const start = offset + r0 * cols * size;
    while (done < buf.length) {
      const got = readSync(this.fd, buf, done, buf.length - done, start + done);
      if (got === 0) {
        throw new ModelFileError({
          file: this.file,
          field: this.name,
          expected: `${rows * cols * size} bytes of data from offset ${offset}`,
          received: `end of file at ${start + done}`,
          detail: `${this.name}: truncated: the file ends at byte ${start + done}, inside row ${r0 + Math.floor(done / (cols * size))}`,
        });
      }
      done += got;
    }
    if (!littleEndian) swapBytes(buf, kind);
    convertLE(buf, count, kind, out);
    const bad = firstNonFinite(out, count);
    if (bad >= 0) {
      const i = r0 + Math.floor(bad / cols);
      throw new ModelFileError({ file: this.file, field: `${this.name}[${i}][${bad % cols}]`, expected: 'a finite number', received: String(out[bad]) });
    }
  }
}
