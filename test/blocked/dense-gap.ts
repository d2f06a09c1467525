// The gap decision of floors-contract.md computed densely: both full log-odds matrices from the
// project's dense path (predictor.ts logOdds through the core's gemm), then one scan. The reference the
// blocked pass must match bit for bit.
import { readModelFile } from '../../src/io/index.js';
import { loadCore } from '../../src/wasm/loader.js';
import { toPredictor } from '../../src/engine/load.js';
import { logOdds, unembeddingDifferences, tokenOfColumn } from '../../src/engine/predictor.js';
import { logOddsEntryCoefficient, unitRoundoff, type Dtype } from '../../src/engine/blocked/floor.js';
import { rowNorms } from '../../src/engine/blocked/unembedding-norms.js';

export function denseGap(pathA: string, pathB: string) {
  const ma = readModelFile(pathA), mb = readModelFile(pathB);
  const core = loadCore();
  return core.scope(() => {
    const A = toPredictor(core, ma), B = toPredictor(core, mb);
    const LA = logOdds(A, unembeddingDifferences(A)).toFloat64Array(), LB = logOdds(B, unembeddingDifferences(B)).toFloat64Array();
    const n = ma.F.rows, V = ma.G.rows, piv = ma.pivot;
    const cA = logOddsEntryCoefficient(ma.F.cols, unitRoundoff(ma.dtype as Dtype));
    const cB = logOddsEntryCoefficient(mb.F.cols, unitRoundoff(mb.dtype as Dtype));
    const nfA = rowNorms(ma.F.data, n, ma.F.cols), nfB = rowNorms(mb.F.data, n, mb.F.cols);
    const ngA = rowNorms(ma.G.data, V, ma.G.cols), ngB = rowNorms(mb.G.data, V, mb.G.cols);
    let ratio = 0, x0 = -1, y0 = -1, maxDiff = 0, maxA = 0, maxB = 0;
    for (let x = 0; x < n; x++) {
      for (let c = 0; c < V - 1; c++) {
        const y = tokenOfColumn(c, piv);
        const la = LA[x * (V - 1) + c]!, lb = LB[x * (V - 1) + c]!;
        const diff = Math.abs(la - lb);
        maxDiff = Math.max(maxDiff, diff);
        maxA = Math.max(maxA, Math.abs(la));
        maxB = Math.max(maxB, Math.abs(lb));
        const floor = cA * nfA[x]! * (ngA[y]! + ngA[piv]!) + cB * nfB[x]! * (ngB[y]! + ngB[piv]!);
        const r = diff === 0 ? 0 : floor === 0 ? Infinity : diff / floor;
        if (x0 < 0 || r > ratio) { ratio = r; x0 = x; y0 = y; }
      }
    }
    return { ratio, x: x0, y: y0, maxDiff, relGap: maxDiff / (1 + Math.max(maxA, maxB)), equivalent: ratio <= 1 };
  });
}
