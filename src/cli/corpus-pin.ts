// npm run corpus:pin -- KEY [SEED]: run a claim and pin its counterexample (if it finds one) in
// properties/corpus, so every later test run replays it.
import { CATALOGUE } from './catalogue-root.js';
import { runClaim } from '../campaign/run-claim.js';
import { claimSeed } from '../campaign/seeds.js';
import { pin } from '../campaign/corpus.js';

const [key, seedArg] = process.argv.slice(2);
const entry = CATALOGUE.entries.find((e) => e.key === key);
if (!entry) {
  process.stderr.write(`usage: npm run corpus:pin -- KEY [SEED]  (keys: ${CATALOGUE.entries.map((e) => e.key).join(', ')})\n`);
  process.exit(2);
}
// The same rule as `aon verify --seed`: an integer a double holds exactly ("abc" or 1e30 would pin nonsense).
if (seedArg !== undefined && (!/^-?\d+$/.test(seedArg) || !Number.isSafeInteger(Number(seedArg)))) {
  process.stderr.write(`corpus:pin: SEED must be an integer in ±(2^53 − 1), got '${seedArg}'\n`);
  process.exit(2);
}
const seed = claimSeed(Number(seedArg ?? 20261124), entry.key);
const r = runClaim(entry.claim, { seed });
if (!r.failure || r.counterexample === null) {
  process.stdout.write(`${key}: no counterexample with seed ${seed} (status ${r.status}); nothing pinned\n`);
  process.exit(0);
}
const why = `${entry.claim.direction === 'refutable' ? 'counterexample' : 'failure'} found with seed ${seed}: ${r.failure.message}`;
const added = pin(entry.key, { why, expect: entry.claim.direction === 'refutable' ? 'fails' : 'passes', input: r.counterexample });
process.stdout.write(`${key}: ${added ? 'pinned' : 'already pinned'} (${why})\n`);
