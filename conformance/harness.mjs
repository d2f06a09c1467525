// Runtime-neutral conformance harness for the all-or-none Wasm core.
//
// Plain ES module: no imports, no Node/Deno/Bun/browser APIs — only WebAssembly, typed arrays and
// DataView, so the same file runs unchanged in every JavaScript runtime. It drives the core through the
// documented ABI only (assembly/README.md): alloc/mark/reset, write inputs into linear memory, call
// the export, read the outputs back — re-creating views after every call because memory may grow.
//
// Vector format: see conformance/README.md. Every f64 is a 16-hex-digit IEEE-754 bit pattern (big-endian
// text, i.e. the usual "3ff0000000000000" for 1.0); comparisons are on bits, with every NaN
// canonicalised to 7ff8000000000000 (Wasm leaves NaN payloads nondeterministic, nothing else).

export const HARNESS_VERSION = 1;

/** Bit pattern (16 hex) of an f64, NaNs canonicalised. */
export function f64ToHex(x) {
  if (x !== x) return '7ff8000000000000';
  const dv = new DataView(new ArrayBuffer(8));
  dv.setFloat64(0, x);
  return dv.getUint32(0).toString(16).padStart(8, '0') + dv.getUint32(4).toString(16).padStart(8, '0');
}

/** The f64 with the given 16-hex-digit bit pattern. */
export function hexToF64(h) {
  const dv = new DataView(new ArrayBuffer(8));
  dv.setUint32(0, parseInt(h.slice(0, 8), 16));
  dv.setUint32(4, parseInt(h.slice(8, 16), 16));
  return dv.getFloat64(0);
}

/** Canonical form of a stored bit pattern: lower case, NaNs → 7ff8000000000000. */
export function canonHex(h) {
  const s = String(h).toLowerCase();
  const hi = parseInt(s.slice(0, 8), 16);
  const lo = parseInt(s.slice(8, 16), 16);
  const expAll = (hi & 0x7ff00000) === 0x7ff00000;
  const mant = (hi & 0x000fffff) !== 0 || lo !== 0;
  return expAll && mant ? '7ff8000000000000' : s;
}

/** Sentinel written into outputs without an explicit initial value (a finite, recognisable pattern). */
export const SENTINEL = '4badc0de4badc0de';
const SENTINEL_I32 = -559038737; // 0xdeadbeef

function u32Words(mem, ptr, count) {
  // A fresh view every time: memory.grow detaches the old buffer.
  return new Uint32Array(mem.buffer, ptr, count * 2);
}

function writeF64Bits(mem, ptr, hexes) {
  const w = u32Words(mem, ptr, hexes.length);
  for (let i = 0; i < hexes.length; i++) {
    const h = hexes[i];
    w[2 * i] = parseInt(h.slice(8, 16), 16); // little-endian memory: low word first
    w[2 * i + 1] = parseInt(h.slice(0, 8), 16);
  }
}

function readF64Bits(mem, ptr, count) {
  const w = u32Words(mem, ptr, count);
  const out = new Array(count);
  for (let i = 0; i < count; i++) {
    const h = w[2 * i + 1].toString(16).padStart(8, '0') + w[2 * i].toString(16).padStart(8, '0');
    out[i] = canonHex(h);
  }
  return out;
}

function bufCount(b) {
  return b.init ? b.init.length : b.len;
}

/**
 * Run one case on an instantiated core and return what it produced: { ret, out: {name: values} }.
 * `start` is the arena mark every case starts from (the harness resets to it before each case).
 */
export function runCase(core, c, start) {
  const mem = core.memory;
  if (core.reset(start) !== 0) throw new Error('reset to the start mark failed');
  const ptrs = {};
  for (const b of c.bufs || []) {
    const n = bufCount(b);
    const size = b.type === 'i32' ? 4 : 8;
    const p = core.alloc(n * size);
    if (p === 0) throw new Error(`alloc(${n * size}) failed for buffer ${b.name}`);
    ptrs[b.name] = p;
    if (b.type === 'i32') {
      const v = new Int32Array(mem.buffer, p, n);
      for (let i = 0; i < n; i++) v[i] = b.init ? b.init[i] : SENTINEL_I32;
    } else {
      writeF64Bits(mem, p, b.init ? b.init : new Array(n).fill(SENTINEL));
    }
  }
  const fn = core[c.export];
  if (typeof fn !== 'function') throw new Error(`the module has no export ${c.export}`);
  const args = c.args.map((a) => {
    if (typeof a === 'number') return a;
    if ('f64' in a) return hexToF64(a.f64);
    if ('buf' in a) return ptrs[a.buf] + (a.add || 0);
    if ('rel' in a) return start + a.rel;
    if ('abs' in a) return a.abs;
    if ('memEnd' in a) return mem.buffer.byteLength + a.memEnd;
    throw new Error(`unknown argument ${JSON.stringify(a)}`);
  });
  const r = fn(...args);
  const ret = typeof r === 'number' && !Number.isInteger(r) ? { f64: f64ToHex(r) } : r;
  const out = {};
  for (const b of c.bufs || []) {
    const n = bufCount(b);
    if (b.type === 'i32') out[b.name] = Array.from(new Int32Array(mem.buffer, ptrs[b.name], n));
    else out[b.name] = readF64Bits(mem, ptrs[b.name], n);
  }
  return { ret, out, memBytes: mem.buffer.byteLength, start };
}

/** The expectation of case `c` for `build` ('release' | 'scalar'): shared, or per build. */
export function expectationFor(c, build) {
  if (c.expect) return c.expect;
  if (c.expectBuild && c.expectBuild[build]) return c.expectBuild[build];
  return null;
}

function retMatches(exp, got, res) {
  if (exp && typeof exp === 'object') {
    if ('rel' in exp) return got === res.start + exp.rel;
    if ('memBytes' in exp) return got === res.memBytes;
    if ('f64' in exp) return got && typeof got === 'object' ? canonHex(exp.f64) === got.f64 : canonHex(exp.f64) === f64ToHex(got);
  }
  return exp === got;
}

function describeRet(r) {
  return r && typeof r === 'object' ? JSON.stringify(r) : String(r);
}

/** Compare one result with its expectation; returns null or the first mismatch. */
export function compare(c, exp, res) {
  if (!retMatches(exp.ret, res.ret, res)) {
    return { what: 'return', expected: describeRet(exp.ret), got: describeRet(res.ret) };
  }
  for (const name of Object.keys(exp.out || {})) {
    const e = exp.out[name];
    const g = res.out[name];
    if (!g) return { what: name, expected: 'buffer', got: 'missing' };
    const n = Math.min(e.length, g.length);
    if (e.length > g.length) return { what: name, expected: `${e.length} values`, got: `${g.length}` };
    for (let i = 0; i < n; i++) {
      const ev = typeof e[i] === 'string' ? canonHex(e[i]) : e[i];
      if (ev !== g[i]) return { what: `${name}[${i}]`, expected: String(ev), got: String(g[i]) };
    }
  }
  return null;
}

/**
 * Run every vector against `wasmBytes`. Options: runtime (a label), build ('release' | 'scalar', the
 * expectation set to use; defaults from the module's build_flags), maxFailures (kept in the report).
 * Returns { runtime, build, simd, abiVersion, passed, failed, skipped, failures: [...] }.
 */
export async function runConformance(wasmBytes, vectors, options = {}) {
  const runtime = options.runtime || 'unknown';
  const maxFailures = options.maxFailures ?? 10;
  const { instance } = await WebAssembly.instantiate(wasmBytes, {});
  const core = instance.exports;
  const simd = (core.build_flags() & 1) === 1;
  const build = options.build || (simd ? 'release' : 'scalar');
  const start = core.mark();
  let passed = 0;
  let failed = 0;
  let skipped = 0;
  const failures = [];
  for (const c of vectors.cases) {
    const exp = expectationFor(c, build);
    if (!exp) {
      skipped++;
      continue;
    }
    let mismatch;
    try {
      mismatch = compare(c, exp, runCase(core, c, start));
    } catch (e) {
      mismatch = { what: 'trap', expected: 'no trap', got: String(e && e.message ? e.message : e) };
    }
    if (mismatch) {
      failed++;
      if (failures.length < maxFailures) failures.push({ export: c.export, case: c.id, ...mismatch });
    } else {
      passed++;
    }
  }
  return {
    runtime,
    build,
    simd,
    abiVersion: core.abi_version(),
    vectorsVersion: vectors.version,
    passed,
    failed,
    skipped,
    failures,
  };
}
