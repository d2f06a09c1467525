// Files written by real numpy (when python3 with numpy is on this machine), and our .npz read back by numpy.
// Without numpy each case returns early with a note: the hand-built fixtures in the other suites still run.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync, writeFileSync } from 'node:fs';
import { readModelFile, writeModelNpz } from '../../src/io/index.js';
import { dense, expectBitExact, expectModelError, hasNumpy, makeTempDir, runPython } from './fixtures.js';

const tmp = makeTempDir();
afterAll(() => tmp.remove());

const F = [
  [0.1, -0, 5e-324, 1e300],
  [-2.5, 1 / 3, -1e-310, 65504],
  [3, -7, 2 ** -24, 1e-5],
];
const G = [
  [1, 2, 3, 4],
  [-0.5, 0.25, 1e-8, -1024.5],
  [0, 0, 0, 0],
  [9.75, -3.125, 0.3, 7],
  [1.5, 2.5, -3.5, 4.5],
];

// Each file, plus what numpy actually stored in F and G widened back to f64: the exact expected values.
const SCRIPT = String.raw`
import json, zipfile, numpy as np
inp = json.load(open('input.json'))
F = np.array(inp['F'], dtype=np.float64); G = np.array(inp['G'], dtype=np.float64)
expected = {}
Fh = F.copy(); Fh[0, 3] = 2.0  # 1e300 overflows float32 and float16
def record(name, f, g):
    expected[name] = {'F': np.asarray(f, dtype=np.float64).tolist(), 'G': np.asarray(g, dtype=np.float64).tolist()}
np.savez('plain.npz', F=F, G=G, pivot=2); record('plain', F, G)
np.savez_compressed('compressed.npz', F=F, G=G, pivot=np.int64(4)); record('compressed', F, G)
np.savez('fortran.npz', F=np.asfortranarray(F), G=np.asfortranarray(G)); record('fortran', F, G)
np.savez_compressed('fortran32.npz', F=np.asfortranarray(Fh.astype(np.float32)), G=G.astype(np.float32)); record('fortran32', Fh.astype(np.float32), G.astype(np.float32))
np.savez('f32.npz', F=Fh.astype(np.float32), G=G.astype(np.float32)); record('f32', Fh.astype(np.float32), G.astype(np.float32))
np.savez('f16.npz', F=Fh.astype(np.float16), G=G.astype(np.float16)); record('f16', Fh.astype(np.float16), G.astype(np.float16))
np.savez('bigendian.npz', F=F.astype('>f8'), G=G.astype('>f4')); record('bigendian', F, G.astype(np.float32))
np.savez('pivot32.npz', F=F, G=G, pivot=np.array([1], dtype=np.int32)); record('pivot32', F, G)
np.savez('named.npz', W=F, U=G, b=np.zeros(3)); record('named', F, G)
with zipfile.ZipFile('versions.npz', 'w') as z:
    with z.open('F.npy', 'w') as f: np.lib.format.write_array(f, F, version=(2, 0))
    with z.open('G.npy', 'w') as f: np.lib.format.write_array(f, np.asfortranarray(G), version=(3, 0))
record('versions', F, G)
np.savez('positional.npz', F, G)
with np.errstate(over='ignore'):
    np.savez('f16nan.npz', F=F.astype(np.float16), G=G)
json.dump(expected, open('expected.json', 'w'))
`;

type Expected = Record<string, { F: number[][]; G: number[][] }>;
let expected: Expected = {};

beforeAll(() => {
  if (!hasNumpy()) return;
  writeFileSync(tmp.path('input.json'), JSON.stringify({ F, G }));
  runPython(SCRIPT, tmp.dir);
  expected = JSON.parse(readFileSync(tmp.path('expected.json'), 'utf8')) as Expected;
});

/**
 * Without python3 and numpy the cross-checks are reported as skipped by vitest, never as passed. CI installs
 * Debian's python3-numpy (.ci/run), so there they run.
 */
const itNumpy = it.skipIf(!hasNumpy());

function expectMatches(name: string, dtype: string, pivot: number, opts: { fName?: string; gName?: string } = {}): void {
  const m = readModelFile(tmp.path(`${name}.npz`), opts);
  const want = expected[name]!;
  expectBitExact(m.F.data, dense(want.F).data);
  expectBitExact(m.G.data, dense(want.G).data);
  expect([m.F.rows, m.F.cols, m.G.rows, m.G.cols]).toEqual([3, 4, 5, 4]);
  expect(m.dtype).toBe(dtype);
  expect(m.pivot).toBe(pivot);
}

describe('npz written by numpy', () => {
  itNumpy('numpy.savez (stored entries, ZIP64 local headers) with an int64 0-d pivot', () => {
    expectMatches('plain', 'f64', 2);
  });

  itNumpy('numpy.savez_compressed (deflate)', () => {
    expectMatches('compressed', 'f64', 4);
  });

  itNumpy("fortran_order: True arrays are transposed into row-major", () => {
    expectMatches('fortran', 'f64', 0);
    expectMatches('fortran32', 'f32', 0);
  });

  itNumpy('float32 and float16 arrays widen exactly to f64', () => {
    expectMatches('f32', 'f32', 0);
    expectMatches('f16', 'f16', 0);
  });

  itNumpy("big-endian '>f8' and '>f4'", () => {
    expectMatches('bigendian', 'F f64, G f32', 0);
  });

  itNumpy('an int32 pivot of shape (1,)', () => {
    expectMatches('pivot32', 'f64', 1);
  });

  itNumpy('other array names via fName/gName', () => {
    expectMatches('named', 'f64', 0, { fName: 'W', gName: 'U' });
  });

  itNumpy('.npy format versions 2.0 and 3.0', () => {
    expectMatches('versions', 'f64', 0);
  });

  itNumpy('positional arrays (arr_0, arr_1) are reported with the names present', () => {
    const path = tmp.path('positional.npz');
    expectModelError(() => readModelFile(path), { file: path, field: 'F', message: 'missing array "F" (arrays present: arr_0, arr_1)' });
  });

  itNumpy('an overflow to inf in float16 is reported at its position', () => {
    // 1e300 does not fit in float16: numpy stored inf at F[0][3].
    const path = tmp.path('f16nan.npz');
    expectModelError(() => readModelFile(path), { file: path, field: 'F[0][3]', message: 'expected a finite number, got Infinity' });
  });
});

describe('npz written by us, read by numpy', () => {
  itNumpy('numpy.load sees the same f64 values, shapes and pivot', () => {
    const path = tmp.path('ours.npz');
    writeModelNpz(path, dense(F), dense(G), 3);
    const out = runPython(
      `import json, numpy as np\nd = np.load('ours.npz')\nprint(json.dumps({k: [str(d[k].dtype), list(d[k].shape), d[k].tolist()] for k in d.files}))`,
      tmp.dir,
    );
    const got = JSON.parse(out) as Record<string, [string, number[], unknown]>;
    expect(Object.keys(got).sort()).toEqual(['F', 'G', 'pivot']);
    expect(got['F']!.slice(0, 2)).toEqual(['float64', [3, 4]]);
    expect(got['G']!.slice(0, 2)).toEqual(['float64', [5, 4]]);
    expect(got['pivot']).toEqual(['int64', [], 3]);
    expectBitExact(dense(got['F']![2] as number[][]).data, dense(F).data);
    expectBitExact(dense(got['G']![2] as number[][]).data, dense(G).data);
  });
});
