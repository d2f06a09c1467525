// Which classes and positions the committed fixture keeps. A softmax restricted to a subset of classes is
// the same model on that subset: every log-odds between kept classes is unchanged, so the fixture is real
// data, only less of it. 175 classes keep V − 1 = 174 ≥ d = 121 (g-diversity stays possible).
const LATIN = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
const PUNCT = '.,;:!?\'"()-';
const CJK = '的一是不了在人有我他这个们中来上大为和国地到以说时要就出会可也你对生能而子那得于着下自之年过发后作里用道行所然家种事成方多经么去法学如都同现当没动面起看定天分还进好小部其些主样理心她本前开但因只从想实';

export const FIXTURE_TOKENS: string[] = ['<blank>', '<space>', ...LATIN, ...PUNCT, ...CJK];

export const FIXTURE_POSITIONS = 400;

export function fixturePositions(n: number): number[] {
  const stride = Math.max(1, Math.floor(n / FIXTURE_POSITIONS));
  return Array.from({ length: Math.min(FIXTURE_POSITIONS, n) }, (_, i) => i * stride);
}
