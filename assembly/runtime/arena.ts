// A bump arena over the module's own memory. The host allocates matrices with `alloc`, remembers a
// position with `mark` and frees everything allocated after it with `reset`: a campaign resets once per
// case and never leaks. Kernels take their workspace from the same arena and reset to their entry
// mark before returning, so a call leaves the arena as it found it (apart from memory growth).

/** Every block starts on a 16-byte boundary: f64 needs 8, v128 loads are fastest at 16. */
const ALIGN: usize = 16;

let base: usize = 0;
let top: usize = 0;

function init(): void {
  if (base == 0) {
    base = (__heap_base + ALIGN - 1) & ~(ALIGN - 1);
    top = base;
  }
}

/** First usable byte of the arena; buffers below it (static data) are never valid arguments. */
export function arenaBase(): usize {
  init();
  return base;
}

/** Current end of the arena. */
export function arenaTop(): usize {
  init();
  return top;
}

/** Bytes of linear memory currently available (grows on demand). */
export function memoryBytes(): u64 {
  return (<u64>memory.size()) << 16;
}

/**
 * Reserve `bytes` (rounded up to 16) and return their address, growing memory if needed; 0 if memory
 * cannot grow that far. Contents are not cleared.
 */
export function arenaAlloc(bytes: usize): usize {
  init();
  const size: u64 = ((<u64>bytes) + <u64>(ALIGN - 1)) & ~(<u64>(ALIGN - 1));
  const end: u64 = <u64>top + size;
  if (end > 0xFFFF_FFFF) return 0;
  const have = memoryBytes();
  if (end > have) {
    const pages = <i32>((end - have + 0xFFFF) >> 16);
    if (memory.grow(pages) < 0) return 0;
  }
  const p = top;
  top = <usize>end;
  return p;
}

/** Allocate `count` f64 values (8 bytes each); 0 on failure. */
// @ts-ignore: decorator
@inline
export function allocF64(count: i32): usize {
  return arenaAlloc(<usize>count << 3);
}

/** Allocate `count` i32 values; 0 on failure. */
// @ts-ignore: decorator
@inline
export function allocI32(count: i32): usize {
  return arenaAlloc(<usize>count << 2);
}

export function arenaMark(): usize {
  init();
  return top;
}

/** Free everything allocated after `mark`. Returns false (and does nothing) for a mark outside the arena. */
export function arenaReset(mark: usize): bool {
  init();
  if (mark < base || mark > top || (mark & (ALIGN - 1)) != 0) return false;
  top = mark;
  return true;
}
