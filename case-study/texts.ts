// The contexts of the case study: text lines in Latin letters (words, sentences, mixed case, capitals,
// letter strings), drawn from a seeded generator so that a run is reproducible.
import { mulberry32 } from '../src/gen/prng.js';
const WORDS = (
  'the of and to in is was he for it with as his on be at by had are but from or have an they which one you ' +
  'were her all she there would their we him been has when who will more no if out so said what up its about ' +
  'into than them can only other new some could time these two may then do first any my now such like our over ' +
  'man me even most made after also did many before must through back years where much your way well down ' +
  'should because each just those people how too little state good very make world still own see men work long ' +
  'get here between both life being under never day same another know while last might great old year off come ' +
  'since against go came right used take three house zebra quartz jovial vexing kiwi fjord sphinx wizard boxing ' +
  'yacht quick brown fox jumps lazy dog Paris London Berlin Quebec Xavier Yvonne Zurich Oslo Kyoto Uganda'
).split(' ');


const LETTERS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';

export interface Line {
  text: string;
  font: string;
  size: number;
}

/** `count` lines cycling through five kinds, fonts and sizes 26–36 px. */
export function makeLines(count: number, fonts: string[], seed: number): Line[] {
  const rnd = mulberry32(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)] as T;
  const words = (k: number) => Array.from({ length: k }, () => pick(WORDS));
  const cap = (w: string) => (w[0] ?? '').toUpperCase() + w.slice(1);
  const lines: Line[] = [];
  for (let i = 0; i < count; i++) {
    let text: string;
    switch (i % 5) {
      case 0: text = cap(words(3 + Math.floor(rnd() * 4)).join(' ')) + '.'; break; // a sentence
      case 1: text = words(2 + Math.floor(rnd() * 3)).map(cap).join(' '); break; // Title Case
      case 2: text = words(2 + Math.floor(rnd() * 3)).join(' ').toUpperCase(); break; // CAPITALS
      case 3: text = Array.from({ length: 6 + Math.floor(rnd() * 8) }, () => pick([...LETTERS])).join(''); break; // letter string
      default: text = words(3 + Math.floor(rnd() * 3)).map((w) => (rnd() < 0.5 ? cap(w) : w)).join(' '); // mixed
    }
    lines.push({ text, font: pick(fonts), size: 26 + Math.floor(rnd() * 11) });
  }
  return lines;
}
