/**
 * The theorem map of proofs/README.md against the Coq sources of proofs/.
 *
 * Fails when the map names a statement that no .v file defines (or that the row's files do not define), a
 * file that does not exist, a claim id outside CLAIM_IDS, an unknown Wasm export or a property module of
 * another claim; when a claim of CLAIM_IDS has no row; when one of the claims that must be formalised
 * (C1..C6, C10) has no statement; or when a .v file admits a proof or declares an axiom. Does not need
 * coqc: the Coq build itself (`bash proofs/build.sh`) runs separately and checks `Print Assumptions`.
 */
import { describe, it, expect } from 'vitest';
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
export const REQUIRED_FORMAL = ['C1', 'C2', 'C3', 'C4', 'C5', 'C6', 'C10'] as const;

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
  const byFile = new Map<string, Set<string>>();
  const all = new Set<string>();
  for (const [file, src] of Object.entries(input.vFiles)) {
    const names = new Set(declaredNames(src));
    byFile.set(file, names);
    names.forEach((n) => all.add(n));
    problems.push(...forbiddenUses(file, src));
  }
  const seen = new Set<string>();
  for (const row of rows) {
    const where = `line ${row.line} (${row.claim})`;
    if (!input.claimIds.includes(row.claim)) problems.push(`${where}: claim id ${row.claim} is not in CLAIM_IDS`);
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
    const num = /^C(\d+)$/.exec(row.claim)?.[1];
    const prefix = num === undefined ? '' : `properties/c${num.padStart(2, '0')}-`;
    if (!row.propertyModule.startsWith(prefix) || !row.propertyModule.endsWith('.ts')) {
      problems.push(`${where}: property module ${row.propertyModule} should be ${prefix}*.ts`);
    }
    if (row.wasmExports.length === 0) problems.push(`${where}: no wasm exports named`);
    for (const w of row.wasmExports) {
      if (!WASM_EXPORTS.has(w)) problems.push(`${where}: ${w} is not an export of the Wasm core`);
    }
    if (row.covers.length === 0 || row.covers === NONE) problems.push(`${where}: "covers" is empty`);
  }
  for (const id of input.claimIds) {
    if (!seen.has(id)) problems.push(`claim ${id} of CLAIM_IDS has no row in the map`);
  }
  for (const id of REQUIRED_FORMAL) {
    const row = rows.find((r) => r.claim === id);
    if (row !== undefined && row.statements.length === 0) problems.push(`claim ${id} must have a formal statement`);
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
    expect(rows.map((r) => r.claim).sort()).toEqual([...CLAIM_IDS].sort());
  });

  it('gives a formal statement for C1..C6 and C10', () => {
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
      .map((l) => (l.startsWith('| C9 |') ? l.replace('| C9 |', '| C17 |') : l))
      .map((l) => (l.startsWith('| C1 |') ? l.replace('`proofs/Pivot.v`', '`proofs/Nowhere.v`') : l))
      .map((l) => (l.startsWith('| C10 |') ? l.replace(/^\| C10 \| [^|]*\| [^|]*\|/, `| C10 | ${NONE} | ${NONE} |`) : l))
      .join('\n');
    const problems = checkMap({ ...input, readme: mutated });
    expect(problems.some((p) => p.includes('proofs/Nowhere.v does not exist'))).toBe(true);
    expect(problems.some((p) => p.includes('C17 is not in CLAIM_IDS'))).toBe(true);
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

  it('reports a table with the wrong header', () => {
    const broken = input.readme.replace('| claim | statement | file |', '| claim | theorem | file |');
    expect(checkMap({ ...input, readme: broken })[0]).toMatch(/no table with header/);
  });
});
