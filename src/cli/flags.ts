// Flag values shared by the commands, checked before any work starts so a typo costs nothing.
import { mkdirSync, statSync, accessSync, constants } from 'node:fs';
import { UsageError } from './exit.js';

/**
 * A campaign seed: any integer a double holds exactly, |s| ≤ 2^53 − 1, negative ones included. Claim seeds
 * are hashed from its decimal text (campaign/seeds.ts), so every such value is its own campaign; beyond
 * 2^53 two different texts would become the same number, hence the refusal instead of a silent wrap.
 */
export function parseSeed(text: string, flag = '--seed'): number {
  if (!/^-?\d+$/.test(text)) throw new UsageError(`${flag} must be an integer, got '${text}'`);
  const value = Number(text);
  if (!Number.isSafeInteger(value)) {
    throw new UsageError(`${flag} ${text} is out of range: seeds are integers from -${Number.MAX_SAFE_INTEGER} to ${Number.MAX_SAFE_INTEGER} (±(2^53 − 1))`);
  }
  return value;
}

/** `--claims C1,C4:refutable`: a list that names at least one claim (",,," is a typo, not "everything"). */
export function parseClaimList(text: string): string[] {
  const claims = text.split(',').map((s) => s.trim()).filter(Boolean);
  if (claims.length === 0) throw new UsageError(`--claims needs at least one claim key (e.g. --claims C1,C6), got '${text}'`);
  return claims;
}

/**
 * node:util parseArgs reads `--seed -5` as a missing value followed by an unknown flag -5; joining a
 * value-taking flag with a following negative number (`--seed=-5`) lets negative seeds through.
 */
export function joinNegativeValues(argv: string[], flags: readonly string[]): string[] {
  const out: string[] = [];
  for (let k = 0; k < argv.length; k++) {
    const a = argv[k]!;
    const next = argv[k + 1];
    if (flags.includes(a) && next !== undefined && /^-\d+$/.test(next)) {
      out.push(`${a}=${next}`);
      k++;
    } else out.push(a);
  }
  return out;
}

/**
 * The output directory must be usable before a campaign spends minutes: created if missing, refused if it
 * is a file or not writable.
 */
export function checkOutDir(dir: string): void {
  let isDir = false;
  try {
    isDir = statSync(dir).isDirectory();
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw new UsageError(`--out ${dir}: cannot use it (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
    try {
      mkdirSync(dir, { recursive: true });
      isDir = true;
    } catch (e2) {
      throw new UsageError(`--out ${dir}: cannot create the directory (${(e2 as NodeJS.ErrnoException).code ?? (e2 as Error).message})`);
    }
  }
  if (!isDir) throw new UsageError(`--out ${dir}: expected a directory (reports are written into it), but it is an existing file`);
  try {
    accessSync(dir, constants.W_OK);
  } catch {
    throw new UsageError(`--out ${dir}: the directory is not writable`);
  }
}
