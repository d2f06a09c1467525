// Inputs for C13 (linear probing): a relational family (src/gen/relational.ts) and the answer tokens
// whose log-odds after s⊕q a probe must read off f(s).
import fc from 'fast-check';
import { relationalRawArb, buildRelationalFamily, type RelationalFamily, type RelationalRaw } from './relational.js';

export interface ProbeInput {
  fam: RelationalFamily;
  /** Answer tokens y₁ … y_K (distinct, K ≥ 2). */
  answers: number[];
}

/** Drawn tokens reduced mod V and deduplicated, topped up with the smallest unused tokens to K ≥ 2. */
function answerTokens(drawn: readonly number[], V: number): number[] {
  const out = [...new Set(drawn.map((y) => y % V))];
  for (let y = 0; out.length < 2 && y < V; y++) if (!out.includes(y)) out.push(y);
  return out;
}

export function probeInputArb(raws: fc.Arbitrary<RelationalRaw>): fc.Arbitrary<ProbeInput> {
  return fc
    .record({ raw: raws, answers: fc.array(fc.nat({ max: 7 }), { minLength: 2, maxLength: 4 }) })
    .map(({ raw, answers }) => {
      const fam = buildRelationalFamily(raw);
      return { fam, answers: answerTokens(answers, fam.cls.V) };
    });
}

export const probeArb: fc.Arbitrary<ProbeInput> = probeInputArb(relationalRawArb());
