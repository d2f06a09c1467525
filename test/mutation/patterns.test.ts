// Every mutant of mutants.json still plants: its pattern occurs exactly once in its file. A refactor that
// moves the mutated line otherwise turns the mutant stale, and the harness (run by hand, 40 min) skips it
// silently until someone reads its report — A01 and A04 went stale so when the approximate bounds were
// split into pieces.
import { describe, it, expect } from 'vitest';
import { readFileSync } from 'node:fs';

interface Mutant { id: string; file: string; find: string }
const raw = JSON.parse(readFileSync('test/mutation/mutants.json', 'utf8')) as Mutant[] | { mutants: Mutant[] };
const mutants = Array.isArray(raw) ? raw : raw.mutants;

describe('mutation patterns', () => {
  it('each occurs exactly once in its file', () => {
    const stale = mutants.filter((m) => readFileSync(m.file, 'utf8').split(m.find).length !== 2).map((m) => m.id);
    expect(mutants.length).toBeGreaterThan(50);
    expect(stale).toEqual([]);
  });
});
