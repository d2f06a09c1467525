// The rounding floor of one log-odds entry, the same functions as the dense engine's (src/engine/tolerance.ts),
// so the blocked gap and the dense one decide by one rule.
export { unitRoundoff, gamma, logOddsEntryCoefficient, type Dtype } from '../tolerance.js';
