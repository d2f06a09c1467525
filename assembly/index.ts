// The ABI surface of the core: every export listed here is in abi/manifest.json with its signature, and
// nothing else is exported. Shapes are documented in assembly/README.md.
export { alloc, mark, reset, heap_base, heap_top, memory_bytes, build_flags, abi_version, last_abort_line } from './abi/runtime';
export { gemm } from './abi/gemm';
export { dot, axpy, scal, copy, gemv, transpose, norm_fro, rel_max_diff } from './abi/blas';
export { log_softmax_rows, logsumexp_rows, log_odds, kl_rows, tv_rows } from './abi/dist';
export * from './abi/decomp';
export * from './abi/derived';
export { qr_r, tsqr_load, tsqr_step, tsqr_step_tt } from './abi/tsqr';
export { gap_scan } from './abi/gap';
