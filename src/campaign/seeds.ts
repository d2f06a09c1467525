// Each claim's seed derives from the campaign seed and the claim's key alone, so a claim draws the same
// cases whether it runs alone, in a shard, in a worker or in the whole campaign.

/** FNV-1a over the UTF-16 code units of `${seed}:${key}`, as a signed 32-bit fast-check seed. */
export function claimSeed(seed: number, key: string): number {
  let h = 0x811c9dc5;
  for (const ch of `${seed}:${key}`) {
    h ^= ch.charCodeAt(0);
    h = Math.imul(h, 0x01000193);
  }
  return h | 0;
}

/** Parse 'i/N' (1-based i as people count shards, e.g. 2/4) into a 0-based index and count. */
export function parseShard(s: string): { index: number; count: number } {
  const m = /^(\d+)\/(\d+)$/.exec(s);
  if (!m) throw new Error(`--shard must look like i/N (e.g. 2/4), got '${s}'`);
  const i = Number(m[1]), n = Number(m[2]);
  if (n < 1 || i < 1 || i > n) throw new Error(`--shard ${s}: need 1 ≤ i ≤ N`);
  return { index: i - 1, count: n };
}

/** The deterministic share of a shard: every count-th entry, starting at index. */
export function shardOf<T>(items: readonly T[], shard: { index: number; count: number } | null): T[] {
  return shard ? items.filter((_, k) => k % shard.count === shard.index) : [...items];
}
