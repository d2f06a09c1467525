// Browser runner: served from the repository root by conformance/run.mjs (localhost only).
// ?build=release&build=scalar chooses the builds; the results land in window.__conformance.
import { runConformance } from '../harness.mjs';

const out = document.getElementById('out');
try {
  const params = new URLSearchParams(location.search);
  const builds = params.getAll('build').length ? params.getAll('build') : ['release', 'scalar'];
  const vectors = await (await fetch('../vectors/v1.json')).json();
  const results = [];
  for (const build of builds) {
    const bytes = await (await fetch(`../../build/${build}.wasm`)).arrayBuffer();
    results.push(await runConformance(bytes, vectors, { runtime: params.get('runtime') || navigator.userAgent, build }));
  }
  out.textContent = JSON.stringify(results, null, 2);
  window.__conformance = results;
} catch (e) {
  out.textContent = String(e && e.stack ? e.stack : e);
  window.__conformance = { error: String(e) };
}
