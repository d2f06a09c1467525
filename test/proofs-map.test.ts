/**
 * The theorem map of proofs/README.md against the Coq sources of proofs/.
 *
 * Fails when the map names a statement that no .v file defines (or that the row's files do not define), a
 * file that does not exist, a claim id outside CLAIM_IDS and THEORY_ONLY_IDS, an unknown Wasm export or a
 * property module of another claim; when a claim has no row; when one of the claims that must be
 * formalised (C1..C7, C10, C15) has no statement; when the main theorem of a row (its FIRST statement) does
 * not mention the claim's objects (MAIN_MENTIONS: for C6, C7 and C15 the models (F, G0) and the reduced
 * models built from them, not arbitrary factorisations); when the definitions that tie ~EL to the models
 * lose that tie (MODEL_DEFINITIONS); or when a .v file admits a proof or declares an axiom. Does not need
 * coqc: the Coq build (`bash proofs/build.sh`, run by `npm run proofs` and CI) runs `Print Assumptions` on
 * every name of the map; the last test checks that the build's list of names is exactly the map's.
 */
import { describe, it, expect } from 'vitest';
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CLAIM_IDS } from '../src/claims.js';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const PROOFS_DIR = join(ROOT, 'proofs');
const README = join(PROOFS_DIR, 'README.md');

/** The columns of the map, exactly. */
export const MAP_HEADER = ['claim', 'statement', 'file', 'property module', 'wasm exports', 'covers'] as const;

/** Claims that must have a formal statement. */
export const REQUIRED_FORMAL = ['C1', 'C2', 'C3', 'C4', 'C5', 'C6', 'C7', 'C10', 'C15'] as const;

/**
 * Claims of theory.md (section 6) that src/claims.ts does not list (yet): they need a row, which may name
 * no property module and no Wasm export ("—") as long as the claim is not in CLAIM_IDS.
 */
export const THEORY_ONLY_IDS = ['C17', 'C18'] as const;

/**
 * What the main theorem of a claim (the first statement of its row) must mention, as whole words of its
 * Coq statement: the claim's own objects. C6, C7 and C15 are about the models (F, G0) and the reduced
 * models the theory builds from them (el_equiv, R_basis), so a statement about arbitrary factorisations
 * (reduced_model, ext_lin_equiv) cannot be their main theorem.
 */
export const MAIN_MENTIONS: Readonly<Record<string, { must: readonly string[]; mustNot: readonly string[] }>> = {
  C3: { must: ['L_of Fm G0', 'lin_equiv Fm G0'], mustNot: [] },
  C4: { must: ['L_of Fm G0'], mustNot: [] },
  C5: { must: ['Fm', 'G0'], mustNot: [] },
  C6: { must: ['L_of Fm G0', 'el_equiv Fm G0'], mustNot: ['reduced_model', 'ext_lin_equiv'] },
  C7: { must: ['R_basis Fm G0', 'L_of Fm G0'], mustNot: ['reduced_model'] },
  C9: { must: ['L_of Fm G0', 'ident_space Fm G0'], mustNot: [] },
  C15: { must: ['el_equiv F1 G1', 'red_alpha F1 G1'], mustNot: ['ext_lin_equiv'] },
  C16: { must: ['log_odds Fm G', 'centred G'], mustNot: [] },
};

/**
 * The definitions that make el_equiv a statement about models: ~EL compares the reduced models built on
 * bases of R, R is P_Gamma(E) with the orthogonal projector of G0.
 */
export const MODEL_DEFINITIONS: Readonly<Record<string, readonly string[]>> = {
  el_equiv: ['R_basis Fm G0 Q', 'red_alpha_Q Fm Q', 'red_beta_Q G0 Q', 'lin_equiv'],
  R_basis: ['ident_space Fm G0', 'row_free Q^T'],
  ident_space: ['Fm *m oproj G0'],
  red_alpha_Q: ['Fm *m dual_basis Q'],
  red_beta_Q: ['G0 *m Q'],
};

/** Exports of the Wasm core that the float checks use. */
export const WASM_EXPORTS: ReadonlySet<string> = new Set([
  'gemm', 'gemv', 'dot', 'axpy', 'scal', 'transpose', 'copy', 'norm_fro', 'rel_max_diff', 'qr_pivoted',
  'svd_thin', 'eig_sym', 'lu', 'solve', 'inverse', 'det', 'logdet', 'pinv', 'lstsq', 'rank', 'col_basis',
  'null_basis', 'projector', 'principal_angles', 'cond2', 'log_softmax_rows', 'logsumexp_rows', 'log_odds',
  'kl_rows', 'tv_rows',
]);

const NONE = '—';

export interface MapRow {
  line: number;
  claim: string;
  statements: string[];
  files: string[];
  propertyModule: string;
  wasmExports: string[];
  covers: string;
}

/** Split a markdown table line into trimmed cells (no escaped pipes are used in the map). */
function cells(line: string): string[] {
  const t = line.trim();
  if (!t.startsWith('|') || !t.endsWith('|')) return [];
  return t.slice(1, -1).split('|').map((c) => c.trim());
}

function backticked(cell: string): string[] {
  return [...cell.matchAll(/`([^`]+)`/g)].map((m) => m[1] ?? '');
}

/** Parse the theorem map (the table with header MAP_HEADER). */
export function parseMap(markdown: string): { rows: MapRow[]; problems: string[] } {
  const lines = markdown.split(/\r?\n/);
  const problems: string[] = [];
  const start = lines.findIndex((l) => {
    const c = cells(l);
    return c.length === MAP_HEADER.length && c.every((x, i) => x === MAP_HEADER[i]);
  });
  if (start < 0) {
    return { rows: [], problems: [`no table with header | ${MAP_HEADER.join(' | ')} |`] };
  }
  const sepCells = cells(lines[start + 1] ?? '');
  if (sepCells.length !== MAP_HEADER.length || !sepCells.every((c) => /^:?-{3,}:?$/.test(c))) {
    problems.push(`line ${start + 2}: the map header is not followed by a separator row`);
  }
  const rows: MapRow[] = [];
  for (let i = start + 2; i < lines.length; i++) {
    const raw = lines[i] ?? '';
    if (!raw.trim().startsWith('|')) break;
    const c = cells(raw);
    if (c.length !== MAP_HEADER.length) {
      problems.push(`line ${i + 1}: expected ${MAP_HEADER.length} cells, found ${c.length}`);
      continue;
    }
    const [claim, statement, file, propertyModule, wasm, covers] = c as [string, string, string, string, string, string];
    rows.push({
      line: i + 1,
      claim,
      statements: statement === NONE ? [] : backticked(statement),
      files: file === NONE ? [] : backticked(file),
      propertyModule,
      wasmExports: wasm === NONE ? [] : wasm.split(',').map((s) => s.trim()).filter((s) => s.length > 0),
      covers,
    });
    if (statement !== NONE && backticked(statement).length === 0) {
      problems.push(`line ${i + 1} (${claim}): statement must be ${NONE} or names in backticks`);
    }
    if (file !== NONE && backticked(file).length === 0) {
      problems.push(`line ${i + 1} (${claim}): file must be ${NONE} or paths in backticks`);
    }
  }
  return { rows, problems };
}

/** Remove Coq comments (nested), keeping line structure. */
export function stripCoqComments(src: string): string {
  let out = '';
  let depth = 0;
  for (let i = 0; i < src.length; i++) {
    const two = src.slice(i, i + 2);
    if (two === '(*') { depth++; i++; continue; }
    if (two === '*)' && depth > 0) { depth--; i++; continue; }
    const ch = src[i] ?? '';
    if (depth === 0 || ch === '\n') out += ch;
  }
  return out;
}

/** Names declared by Theorem/Lemma/Definition/Corollary/Fact/... in one Coq source. */
export function declaredNames(src: string): string[] {
  const re = /^\s*(?:(?:Local|Global|Program)\s+)*(?:Theorem|Lemma|Definition|Corollary|Fact|Remark|Proposition|Fixpoint|Example)\s+([A-Za-z_][A-Za-z0-9_']*)/gm;
  return [...stripCoqComments(src).matchAll(re)].map((m) => m[1] ?? '');
}

/**
 * The text of one declaration, from its keyword to the end of its first sentence (comments removed,
 * whitespace collapsed): the statement of a Theorem/Lemma, or a Definition with its body.
 */
export function declarationText(src: string, name: string): string | undefined {
  const code = stripCoqComments(src);
  const re = new RegExp(
    `^\\s*(?:(?:Local|Global|Program)\\s+)*(?:Theorem|Lemma|Definition|Corollary|Fact|Remark|Proposition|Fixpoint|Example)\\s+${name}(?![A-Za-z0-9_'])`,
    'm',
  );
  const m = re.exec(code);
  if (m === null) return undefined;
  const rest = code.slice(m.index);
  const end = /\.(?:\s|$)/.exec(rest);
  return (end === null ? rest : rest.slice(0, end.index)).replace(/\s+/g, ' ').trim();
}

/** Whether `text` contains `phrase` as whole words (identifier boundaries on both ends). */
export function mentions(text: string, phrase: string): boolean {
  const esc = phrase.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/ /g, '\\s+');
  return new RegExp(`(?<![A-Za-z0-9_'])${esc}(?![A-Za-z0-9_'])`).test(text);
}

/** Admitted proofs and declarations of axioms (comments ignored). */
export function forbiddenUses(file: string, src: string): string[] {
  const problems: string[] = [];
  const code = stripCoqComments(src).split('\n');
  const rules: Array<[RegExp, string]> = [
    [/\bAdmitted\s*\./, 'Admitted'],
    [/\badmit\b/, 'admit'],
    [/\bAdmit\s+Obligations\b/, 'Admit Obligations'],
    [/^\s*(?:(?:Local|Global)\s+)?(?:Axiom|Axioms|Conjecture|Parameter|Parameters)\b/, 'an axiom declaration'],
    [/^\s*(?:Hypothesis|Hypotheses)\b/, 'a Hypothesis declaration'],
  ];
  code.forEach((line, i) => {
    for (const [re, what] of rules) {
      if (re.test(line)) problems.push(`${file}:${i + 1}: ${what}: ${line.trim()}`);
    }
  });
  return problems;
}

export interface MapInput {
  readme: string;
  /** .v sources keyed by path relative to the repository root, e.g. proofs/Pivot.v */
  vFiles: Record<string, string>;
  claimIds: readonly string[];
  /** whether a path relative to the repository root exists */
  exists: (rel: string) => boolean;
}

/** Every problem of the map and of the .v sources; empty when all is well. */
export function checkMap(input: MapInput): string[] {
  const { rows, problems } = parseMap(input.readme);
  const theoryOnly: readonly string[] = THEORY_ONLY_IDS;
  const byFile = new Map<string, Set<string>>();
  const all = new Set<string>();
  for (const [file, src] of Object.entries(input.vFiles)) {
    const names = new Set(declaredNames(src));
    byFile.set(file, names);
    names.forEach((n) => all.add(n));
    problems.push(...forbiddenUses(file, src));
  }
  const textOf = (name: string): string | undefined => {
    for (const src of Object.values(input.vFiles)) {
      const t = declarationText(src, name);
      if (t !== undefined) return t;
    }
    return undefined;
  };
  const seen = new Set<string>();
  for (const row of rows) {
    const where = `line ${row.line} (${row.claim})`;
    const listed = input.claimIds.includes(row.claim);
    if (!listed && !theoryOnly.includes(row.claim)) {
      problems.push(`${where}: claim id ${row.claim} is not in CLAIM_IDS nor among the theory-only claims`);
    }
    if (seen.has(row.claim)) problems.push(`${where}: claim ${row.claim} appears twice`);
    seen.add(row.claim);
    if ((row.statements.length === 0) !== (row.files.length === 0)) {
      problems.push(`${where}: statement and file must both be ${NONE} or both be given`);
    }
    for (const f of row.files) {
      if (!/^proofs\/.+\.v$/.test(f)) problems.push(`${where}: file ${f} is not a .v file under proofs/`);
      else if (!input.exists(f)) problems.push(`${where}: file ${f} does not exist`);
    }
    for (const s of row.statements) {
      if (!all.has(s)) {
        problems.push(`${where}: statement ${s} is not defined in proofs/**/*.v`);
      } else if (row.files.length > 0 && !row.files.some((f) => byFile.get(f)?.has(s))) {
        problems.push(`${where}: statement ${s} is not defined in ${row.files.join(', ')}`);
      }
    }
    const noModule = row.propertyModule === NONE;
    if (noModule && listed) problems.push(`${where}: a claim of CLAIM_IDS needs its property module`);
    if (!noModule) {
      const num = /^C(\d+)$/.exec(row.claim)?.[1];
      const prefix = num === undefined ? '' : `properties/c${num.padStart(2, '0')}-`;
      if (!row.propertyModule.startsWith(prefix) || !row.propertyModule.endsWith('.ts')) {
        problems.push(`${where}: property module ${row.propertyModule} should be ${prefix}*.ts`);
      }
    }
    if (row.wasmExports.length === 0 && !noModule) problems.push(`${where}: no wasm exports named`);
    for (const w of row.wasmExports) {
      if (!WASM_EXPORTS.has(w)) problems.push(`${where}: ${w} is not an export of the Wasm core`);
    }
    if (row.covers.length === 0 || row.covers === NONE) problems.push(`${where}: "covers" is empty`);
    const rule = MAIN_MENTIONS[row.claim];
    const main = row.statements[0];
    if (rule !== undefined && main !== undefined) {
      const text = textOf(main);
      if (text !== undefined) {
        for (const phrase of rule.must) {
          if (!mentions(text, phrase)) {
            problems.push(`${where}: main theorem ${main} does not mention "${phrase}" (the claim's objects)`);
          }
        }
        for (const phrase of rule.mustNot) {
          if (mentions(text, phrase)) {
            problems.push(`${where}: main theorem ${main} is stated with "${phrase}", not on the claim's objects`);
          }
        }
      }
    }
  }
  for (const id of [...input.claimIds, ...theoryOnly]) {
    if (!seen.has(id)) problems.push(`claim ${id} of ${theoryOnly.includes(id) ? 'theory.md' : 'CLAIM_IDS'} has no row in the map`);
  }
  for (const id of REQUIRED_FORMAL) {
    const row = rows.find((r) => r.claim === id);
    if (row !== undefined && row.statements.length === 0) problems.push(`claim ${id} must have a formal statement`);
  }
  for (const [name, phrases] of Object.entries(MODEL_DEFINITIONS)) {
    const text = textOf(name);
    if (text === undefined) {
      problems.push(`definition ${name} (ties ~EL to the models) is not defined in proofs/**/*.v`);
      continue;
    }
    for (const phrase of phrases) {
      if (!mentions(text, phrase)) problems.push(`definition ${name} does not mention "${phrase}"`);
    }
  }
  return problems;
}

function listVFiles(dir: string): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(dir)) {
    const p = join(dir, entry);
    if (statSync(p).isDirectory()) out.push(...listVFiles(p));
    else if (entry.endsWith('.v')) out.push(p);
  }
  return out;
}

function loadInput(): MapInput {
  const vFiles: Record<string, string> = {};
  for (const p of listVFiles(PROOFS_DIR)) {
    vFiles[relative(ROOT, p).split(sep).join('/')] = readFileSync(p, 'utf8');
  }
  return {
    readme: readFileSync(README, 'utf8'),
    vFiles,
    claimIds: CLAIM_IDS,
    exists: (rel) => existsSync(join(ROOT, rel)),
  };
}

describe('proofs/README.md theorem map', () => {
  const input = loadInput();

  it('has one well-formed row per claim, naming only statements and files that exist', () => {
    expect(checkMap(input)).toEqual([]);
    const { rows } = parseMap(input.readme);
    expect(rows.map((r) => r.claim).sort()).toEqual([...new Set([...CLAIM_IDS, ...THEORY_ONLY_IDS])].sort());
  });

  it('gives a formal statement for C1..C7, C10 and C15', () => {
    const { rows } = parseMap(input.readme);
    for (const id of REQUIRED_FORMAL) {
      expect(rows.find((r) => r.claim === id)?.statements.length ?? 0, id).toBeGreaterThan(0);
    }
  });

  it('the .v sources admit nothing and declare no axioms', () => {
    const problems = Object.entries(input.vFiles).flatMap(([f, src]) => forbiddenUses(f, src));
    expect(problems).toEqual([]);
    expect(Object.keys(input.vFiles).length).toBeGreaterThan(0);
  });

  it('names as main theorems of C6, C7 and C15 statements about the models (F, G0)', () => {
    const { rows } = parseMap(input.readme);
    const main = (id: string): string | undefined => rows.find((r) => r.claim === id)?.statements[0];
    expect(main('C6')).toBe('extended_linear_identifiability_models');
    expect(main('C7')).toBe('structure_lemma');
    expect(main('C15')).toBe('el_equiv_equivalence');
    const c7 = declarationText(input.vFiles['proofs/Structure.v'] ?? '', 'structure_lemma') ?? '';
    // the forward lemma: F = alpha Q^T + N, G0 = beta Q'^T + Mj, and L = alpha beta^T
    expect(mentions(c7, 'Fm = al *m Q^T + N')).toBe(true);
    expect(mentions(c7, 'L_of Fm G0 = al *m be^T')).toBe(true);
  });

  it('the build checks Print Assumptions for exactly the statements of the map', () => {
    const out = execFileSync('bash', [join(PROOFS_DIR, 'build.sh'), '--list-names'], { encoding: 'utf8' });
    const listed = out.split('\n').map((l) => l.trim()).filter((l) => l.length > 0).sort();
    const { rows } = parseMap(input.readme);
    const named = [...new Set(rows.flatMap((r) => r.statements))].sort();
    expect(listed).toEqual(named);
  });

  it('every .v file is part of the build (_CoqProject)', () => {
    const project = readFileSync(join(PROOFS_DIR, '_CoqProject'), 'utf8').split(/\r?\n/).map((l) => l.trim());
    for (const f of Object.keys(input.vFiles)) {
      expect(project, f).toContain(f.replace(/^proofs\//, ''));
    }
  });
});

describe('mutation demo: the map check catches a broken map', () => {
  const input = loadInput();

  it('reports a made-up statement name', () => {
    const broken = input.readme.replace('`linear_identifiability`,', '`linear_identifiability_made_up`,');
    expect(broken).not.toBe(input.readme);
    const problems = checkMap({ ...input, readme: broken });
    expect(problems.some((p) => p.includes('linear_identifiability_made_up') && p.includes('not defined'))).toBe(true);
  });

  it('reports a statement named in the wrong file', () => {
    const broken = input.readme.replace(/(\| C5 \| [^|]*\| )`proofs\/Complexity\.v`/, '$1`proofs/Pivot.v`');
    expect(broken).not.toBe(input.readme);
    expect(checkMap({ ...input, readme: broken }).some((p) => p.includes('is not defined in proofs/Pivot.v'))).toBe(true);
  });

  it('reports a missing file, an unknown claim id, a missing claim and a required claim without statement', () => {
    const lines = input.readme.split('\n');
    const mutated = lines
      .filter((l) => !l.startsWith('| C7 |'))
      .map((l) => (l.startsWith('| C9 |') ? l.replace('| C9 |', '| C19 |') : l))
      .map((l) => (l.startsWith('| C1 |') ? l.replace('`proofs/Pivot.v`', '`proofs/Nowhere.v`') : l))
      .map((l) => (l.startsWith('| C10 |') ? l.replace(/^\| C10 \| [^|]*\| [^|]*\|/, `| C10 | ${NONE} | ${NONE} |`) : l))
      .join('\n');
    const problems = checkMap({ ...input, readme: mutated });
    expect(problems.some((p) => p.includes('proofs/Nowhere.v does not exist'))).toBe(true);
    expect(problems.some((p) => p.includes('C19 is not in CLAIM_IDS'))).toBe(true);
    expect(problems.some((p) => p.includes('claim C7 of CLAIM_IDS has no row'))).toBe(true);
    expect(problems.some((p) => p.includes('claim C10 must have a formal statement'))).toBe(true);
  });

  it('reports Admitted, admit and Axiom in a .v file, but not inside comments', () => {
    const bad = [
      'Lemma foo : True.', 'Proof. admit. Admitted.',
      'Axiom choice : False.',
      '(* Admitted. Axiom in a comment is fine *)',
    ].join('\n');
    const problems = checkMap({ ...input, vFiles: { ...input.vFiles, 'proofs/Bad.v': bad } });
    expect(problems.filter((p) => p.startsWith('proofs/Bad.v'))).toHaveLength(3);
  });

  it('reports a C6 main theorem stated on arbitrary factorisations', () => {
    // the general-field statement (reductions = any factorisations) moved to the front of the row
    const broken = input.readme.replace(/^(\| C6 \| )/m, '$1`extended_linear_identifiability`, ');
    expect(broken).not.toBe(input.readme);
    const problems = checkMap({ ...input, readme: broken }).filter((p) => p.includes('(C6)'));
    expect(problems.some((p) => p.includes('main theorem') && p.includes('el_equiv Fm G0'))).toBe(true);
    expect(problems.some((p) => p.includes('main theorem') && p.includes('"ext_lin_equiv"'))).toBe(true);
  });

  it('reports a C7 main theorem that is only the converse', () => {
    const broken = input.readme.replace(/^\| C7 \| [^|]*\| [^|]*\|/m, '| C7 | `structure_converse` | `proofs/Extended.v` |');
    expect(broken).not.toBe(input.readme);
    expect(checkMap({ ...input, readme: broken }).some((p) => p.includes('(C7)') && p.includes('R_basis Fm G0'))).toBe(true);
  });

  it('reports ~EL redefined without the bases of R', () => {
    const file = 'proofs/Identifiable.v';
    const src = input.vFiles[file] ?? '';
    const broken = src.replace('R_basis Fm G0 Q, R_basis', 'True, R_basis');
    expect(broken).not.toBe(src);
    const problems = checkMap({ ...input, vFiles: { ...input.vFiles, [file]: broken } });
    expect(problems).toContain('definition el_equiv does not mention "R_basis Fm G0 Q"');
  });

  it('reports a theory-only claim without a row, and a listed claim without its property module', () => {
    const lines = input.readme.split('\n');
    const mutated = lines
      .filter((l) => !l.startsWith('| C18 |'))
      .map((l) => (l.startsWith('| C8 |') ? l.replace(/\| properties\/c08-[^|]*\|/, `| ${NONE} |`) : l))
      .join('\n');
    const problems = checkMap({ ...input, readme: mutated });
    expect(problems).toContain('claim C18 of theory.md has no row in the map');
    expect(problems.some((p) => p.includes('(C8)') && p.includes('needs its property module'))).toBe(true);
  });

  it('reports a table with the wrong header', () => {
    const broken = input.readme.replace('| claim | statement | file |', '| claim | theorem | file |');
    expect(checkMap({ ...input, readme: broken })[0]).toMatch(/no table with header/);
  });
});
