// The property list of the real-size audit trial (issue 13, on the GPT-2-sized generated model of
// issue 12: n = 4096, V = 50257, d = 768): a C10 pair, a C11 pair, a relational string of 800 context
// pairs (more than d + 10, so the fit is not vacuous), a probe and a steering vector, with fixed
// pseudo-random W and v. Usage:
//   node bench/audit-real/props.mjs > props.json
//   /usr/bin/time -v node bin/aon.js audit /work/bigdata/a.safetensors --properties props.json --workers 2
let s = 12345;
const r = () => { s = (s * 1103515245 + 12345) % 2147483648; return s / 2147483648 - 0.5; };
const d = 768;
const pairs = Array.from({ length: 800 }, (_, i) => [i, i + 2048]);
const properties = [
  { kind: 'unembedding-difference', name: 'C10: g(10)−g(20) vs g(30)−g(40)', pairs: [[10, 20], [30, 40]] },
  { kind: 'embedding-difference', name: 'C11: f(0)−f(1) vs f(2)−f(3)', pairs: [[0, 1], [2, 3]] },
  { kind: 'relational', name: 'C12: s ↦ s+2048 over 800 contexts', pairs },
  { kind: 'probe', name: 'C13: probe on answers 100/200/300', pairs: pairs.slice(0, 40), answers: [100, 200, 300], W: [Array.from({ length: d }, r), Array.from({ length: d }, r)], b: [0.1, -0.2] },
  { kind: 'steering', name: 'C14: a random steering vector', v: Array.from({ length: d }, r) },
];
process.stdout.write(JSON.stringify({ properties }));
