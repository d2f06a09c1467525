// Runs the conformance harness in a command-line JavaScript runtime (Node, Bun or Deno):
//   <runtime> conformance/runners/cli.mjs VECTORS.json BUILD=FILE.wasm [BUILD=FILE.wasm …]
// Prints one JSON result per build, one per line. Uses only node:fs/promises, which all three provide
// (Deno needs --allow-read).
import { readFile } from 'node:fs/promises';
import { runConformance } from '../harness.mjs';

const runtime = globalThis.Deno
  ? `deno ${globalThis.Deno.version.deno}`
  : globalThis.Bun
    ? `bun ${globalThis.Bun.version}`
    : `node ${globalThis.process.version}`;
const [vectorsPath, ...pairs] = globalThis.Deno ? globalThis.Deno.args : globalThis.process.argv.slice(2);
const vectors = JSON.parse(await readFile(vectorsPath, 'utf8'));
for (const pair of pairs) {
  const eq = pair.indexOf('=');
  const build = pair.slice(0, eq);
  const bytes = await readFile(pair.slice(eq + 1));
  let result;
  try {
    result = await runConformance(bytes, vectors, { runtime, build });
  } catch (e) {
    result = { runtime, build, passed: 0, failed: 1, failures: [{ what: 'instantiate', got: String(e) }] };
  }
  console.log(JSON.stringify(result));
}
