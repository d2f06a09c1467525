// Reading by row blocks (io/stream) against the whole-file readers: the same f64 values for every format
// and dtype, the same errors for bad data, and the size check before any work.
import { describe, it, expect, afterAll } from 'vitest';
import { mkdtempSync, rmSync, writeFileSync, readFileSync, truncateSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { deflateRawSync } from 'node:zlib';
import { readModelFile, writeModelJson, writeModelNpz, writeModelSafetensors, ModelFileError } from '../../src/io/index.js';
import { buildStoredZip } from '../../src/io/zip.js';
import { crc32 } from '../../src/io/crc32.js';
import { encodeNpyF64 } from '../../src/io/npy.js';
import { openModelSource } from '../../src/io/stream/open.js';
import { TooLargeError } from '../../src/io/stream/limits.js';
import { blockedGap } from '../../src/engine/blocked/api.js';
import { sourceSpec } from '../../src/io/stream/open.js';
import type { ModelSource } from '../../src/io/stream/source.js';
import { randomMatrix, rng, writeModel } from './pairs.js';

const dir = mkdtempSync(join(tmpdir(), 'aon-stream-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const next = rng(9);
const F = randomMatrix(13, 5, next), G = randomMatrix(41, 5, next);

function readAll(s: ModelSource, step: number): { F: Float64Array; G: Float64Array } {
  const f = new Float64Array(s.n * s.d), g = new Float64Array(s.V * s.d);
  for (let r = 0; r < s.n; r += step) s.readF(r, Math.min(s.n, r + step), f.subarray(r * s.d));
  for (let r = 0; r < s.V; r += step) s.readG(r, Math.min(s.V, r + step), g.subarray(r * s.d));
  return { F: f, G: g };
}

function expectSameAsWholeReader(path: string, streamed: boolean): ModelSource {
  const whole = readModelFile(path);
  const s = openModelSource(path);
  expect([s.n, s.V, s.d, s.pivot]).toEqual([whole.F.rows, whole.G.rows, whole.F.cols, whole.pivot]);
  expect(s.residentBytes === 0).toBe(streamed);
  for (const step of [1, 4, 100]) {
    const all = readAll(s, step);
    expect(Array.from(all.F)).toEqual(Array.from(whole.F.data));
    expect(Array.from(all.G)).toEqual(Array.from(whole.G.data));
  }
  s.close();
  return s;
}

/** A zip whose members are deflated (numpy.savez_compressed), by hand. */
function deflatedZip(entries: { name: string; data: Uint8Array }[]): Uint8Array {
  const locals: Buffer[] = [], centrals: Buffer[] = [];
  let offset = 0;
  for (const { name, data } of entries) {
    const comp = deflateRawSync(data), nameBuf = Buffer.from(name, 'latin1'), crc = crc32(data);
    const lh = Buffer.alloc(30);
    lh.writeUInt32LE(0x04034b50, 0); lh.writeUInt16LE(20, 4); lh.writeUInt16LE(8, 8);
    lh.writeUInt32LE(crc, 14); lh.writeUInt32LE(comp.length, 18); lh.writeUInt32LE(data.length, 22); lh.writeUInt16LE(nameBuf.length, 26);
    const ch = Buffer.alloc(46);
    ch.writeUInt32LE(0x02014b50, 0); ch.writeUInt16LE(20, 4); ch.writeUInt16LE(20, 6); ch.writeUInt16LE(8, 10);
    ch.writeUInt32LE(crc, 16); ch.writeUInt32LE(comp.length, 20); ch.writeUInt32LE(data.length, 24); ch.writeUInt16LE(nameBuf.length, 28); ch.writeUInt32LE(offset, 42);
    locals.push(lh, nameBuf, comp);
    centrals.push(ch, nameBuf);
    offset += 30 + nameBuf.length + comp.length;
  }
  const dirBuf = Buffer.concat(centrals), eocd = Buffer.alloc(22);
  eocd.writeUInt32LE(0x06054b50, 0); eocd.writeUInt16LE(entries.length, 8); eocd.writeUInt16LE(entries.length, 10);
  eocd.writeUInt32LE(dirBuf.length, 12); eocd.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, dirBuf, eocd]);
}

/** A big-endian '>f8' .npy of m, so the reader must swap bytes. */
function bigEndianNpy(m: { rows: number; cols: number; data: Float64Array }): Uint8Array {
  const le = encodeNpyF64(m);
  const text = Buffer.from(le).toString('latin1');
  const start = text.indexOf('{');
  const headerLen = Buffer.from(le).readUInt16LE(8);
  const out = Buffer.from(le);
  out.write("'descr': '>f8'", start + 1, 'latin1');
  const body = out.subarray(10 + headerLen);
  body.swap64();
  expect(text.slice(start + 1, start + 15)).toBe("'descr': '<f8'");
  return out;
}

describe('reading by row blocks', () => {
  it('safetensors f64, f32, bf16: the values the whole-file reader gives', () => {
    for (const kind of ['f64', 'f32', 'bf16'] as const) {
      const path = writeModel(join(dir, `m-${kind}.safetensors`), F, G, 17, kind);
      const s = expectSameAsWholeReader(path, true);
      expect([s.dtypeF, s.dtypeG]).toEqual([kind, kind]);
    }
    const path = join(dir, 'lib.safetensors');
    writeModelSafetensors(path, F, G, 3);
    expectSameAsWholeReader(path, true);
  });

  it('a block larger than the 4 MiB read chunk is read in several chunks, with the same values', () => {
    const big = randomMatrix(120_000, 5, next);
    const path = writeModel(join(dir, 'big.safetensors'), F, big, 0);
    const s = openModelSource(path);
    const out = new Float64Array(120_000 * 5);
    s.readG(0, 120_000, out);
    expect(out.every((v, i) => v === big.data[i])).toBe(true);
    s.close();
  });

  it('npz with stored members is read by offset, also big-endian; deflated members and JSON are read whole', () => {
    const stored = join(dir, 'm.npz');
    writeModelNpz(stored, F, G, 5);
    expectSameAsWholeReader(stored, true);
    const be = join(dir, 'be.npz');
    writeFileSync(be, buildStoredZip([{ name: 'F.npy', data: bigEndianNpy(F) }, { name: 'G.npy', data: bigEndianNpy(G) }], be));
    expectSameAsWholeReader(be, true);
    const deflated = join(dir, 'deflated.npz');
    writeFileSync(deflated, deflatedZip([{ name: 'F.npy', data: encodeNpyF64(F) }, { name: 'G.npy', data: encodeNpyF64(G) }]));
    expectSameAsWholeReader(deflated, false);
    const json = join(dir, 'm.json');
    writeModelJson(json, F, G, 2);
    expectSameAsWholeReader(json, false);
  });

  it('a non-finite entry is an input error naming the entry', () => {
    const G2 = { ...G, data: Float64Array.from(G.data) };
    G2.data[7 * 5 + 3] = NaN;
    const path = writeModel(join(dir, 'nan.safetensors'), F, G2, 0);
    const s = openModelSource(path);
    expect(() => s.readG(0, 41, new Float64Array(41 * 5))).toThrow(/G\[7\]\[3\].*expected a finite number, got NaN/);
    s.close();
  });

  it('a truncated file is an input error', () => {
    const path = writeModel(join(dir, 'cut.safetensors'), F, G, 0);
    truncateSync(path, statSync(path).size - 8);
    expect(() => openModelSource(path)).toThrow(ModelFileError);
    const stored = join(dir, 'cut.npz');
    writeFileSync(stored, readFileSync(join(dir, 'm.npz')).subarray(0, 300));
    expect(() => openModelSource(stored)).toThrow(ModelFileError);
  });
});

describe('the size check', () => {
  it('a computation that cannot fit one core stops before any work, with the size and the limit', async () => {
    const a = writeModel(join(dir, 'big-a.safetensors'), F, G, 0);
    const t = performance.now();
    const err = await blockedGap(sourceSpec(a), sourceSpec(a), { coreLimit: 1000 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(TooLargeError);
    expect(err).toBeInstanceOf(ModelFileError); // the CLI maps it to exit 2
    expect((err as Error).message).toMatch(/too large: the log-odds gap .* needs \d+(\.\d+)? (KiB|bytes|MiB) resident, above the limit of 1000 bytes/);
    expect(performance.now() - t).toBeLessThan(5000);
  });

  it('a model that must be read whole is refused above the cap, naming both', () => {
    const json = join(dir, 'm.json');
    expect(() => openModelSource(json, {}, 100)).toThrow(/too large: a JSON model \(read whole\) needs \d+ bytes resident, above the limit of 100 bytes \(store large models as \.safetensors/);
  });
});

describe('rows of G₀', () => {
  it('FactorRows gives the dense engine’s G₀ (pivot row left out, g_y − g_pivot) for any block split', async () => {
    const { FactorRows } = await import('../../src/engine/blocked/rows.js');
    const { loadCore } = await import('../../src/wasm/loader.js');
    const { toPredictor } = await import('../../src/engine/load.js');
    const { unembeddingDifferences } = await import('../../src/engine/predictor.js');
    const path = writeModel(join(dir, 'rows.safetensors'), F, G, 17);
    const core = loadCore();
    const dense = core.scope(() => unembeddingDifferences(toPredictor(core, readModelFile(path))).toFloat64Array());
    const s = openModelSource(path);
    const rows = new FactorRows(s, 'G0');
    expect(rows.count).toBe(40);
    for (const step of [1, 3, 17, 40]) {
      const out = new Float64Array(40 * 5);
      for (let i = 0; i < 40; i += step) rows.read(i, Math.min(40, i + step), out.subarray(i * 5));
      expect(Array.from(out)).toEqual(Array.from(dense));
    }
    s.close();
  });
});
