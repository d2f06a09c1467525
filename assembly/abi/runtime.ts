// Memory management and build identity for the host.
import { OK, E_ARG } from '../runtime/status';
import { arenaAlloc, arenaMark, arenaReset, arenaBase, arenaTop, memoryBytes } from '../runtime/arena';
import { lastAbortLine } from '../runtime/abort';

/** ABI version: bumped on any change to an export's signature or meaning (see abi/manifest.json). */
const ABI_VERSION: i32 = 1;

/** Reserve `bytes` (16-byte aligned) in the arena; 0 when memory cannot grow (out of memory). */
export function alloc(bytes: usize): usize { return arenaAlloc(bytes); }
/** Current arena position, to pass to `reset` later. */
export function mark(): usize { return arenaMark(); }
/** Free everything allocated after `m` (a value `mark` returned); E_ARG for any other value. */
export function reset(m: usize): i32 { return arenaReset(m) ? OK : E_ARG; }
export function heap_base(): usize { return arenaBase(); }
export function heap_top(): usize { return arenaTop(); }
/** Linear memory size in bytes (an f64 so that 4 GiB fits). */
export function memory_bytes(): f64 { return <f64>memoryBytes(); }
/** Bit 0: built with SIMD. */
export function build_flags(): i32 { return ASC_FEATURE_SIMD ? 1 : 0; }
export function abi_version(): i32 { return ABI_VERSION; }
/** Source line of the last internal abort (a trap from a bug in the core, never from bad input). */
export function last_abort_line(): u32 { return lastAbortLine(); }
