// `npm run hard-set`: the whole hard set of issue 10, with the counts per regime and storage.
import { hardSet, REGIMES } from './pairs.js';
import { evaluate, tally } from './evaluate.js';

const perCell = Number(process.argv[2] ?? 3);
const outcomes = hardSet(10, perCell).map((p) => evaluate(p));
const all = tally(outcomes);
const pct = (a: number, b: number) => (b === 0 ? '—' : `${((100 * a) / b).toFixed(1)}%`);
console.log(`hard set: ${all.pairs} pairs (${perCell} per regime × storage × kind), ${all.clear} clear questions`);
console.log('');
console.log('| regime | storage | pairs | dist. wrong | dist. inconcl. (clear) | within precision | ~EL wrong | ~EL inconcl. | r wrong | r inconcl. |');
console.log('|---|---|--:|--:|--:|--:|--:|--:|--:|--:|');
for (const regime of REGIMES) {
  for (const s of ['f64', 'f32', 'f16', 'bf16']) {
    const t = tally(outcomes.filter((o) => o.pair.regime === regime && o.pair.a.dtype === s));
    console.log(`| ${regime} | ${s} | ${t.pairs} | ${t.distributionWrong} | ${t.distributionInconclusiveClear} | ${t.withinPrecision} | ${t.elWrong} | ${t.elInconclusive}/${t.elJudged} | ${t.rWrong} | ${t.rInconclusive}/${t.rJudged} |`);
  }
}
console.log('');
console.log(`distribution verdicts conclusive and wrong: ${all.distributionWrong}`);
console.log(`equivalent pairs stored in f32/f16/bf16 called "not equivalent": ${all.coarseEquivalentCalledNot}`);
console.log(`clear questions inconclusive: ${all.distributionInconclusiveClear} of ${all.clear} (${pct(all.distributionInconclusiveClear, all.clear)})`);
console.log(`~EL conclusive and wrong: ${all.elWrong}; inconclusive ${all.elInconclusive} of ${all.elJudged} (${pct(all.elInconclusive, all.elJudged)})`);
console.log(`r conclusive and wrong: ${all.rWrong}; inconclusive ${all.rInconclusive} of ${all.rJudged} (${pct(all.rInconclusive, all.rJudged)})`);
for (const f of all.failures.slice(0, 40)) console.log(`  ${f}`);
process.exitCode = all.distributionWrong + all.elWrong + all.rWrong > 0 || all.distributionInconclusiveClear > 0.02 * all.clear ? 1 : 0;
