import { runClaim } from './src/campaign/run-claim.js';
import c5 from './properties/c05-effective-complexity.js';
import c9 from './properties/c09-projection-form.js';
import c15 from './properties/c15-equivalence-relation.js';
for (const c of [c5, c9, c15]) {
  const r = runClaim(c, { seed: 20261124 });
  console.log(c.id, r.status, r.failure?.message, JSON.stringify(r.size));
}
