// `aon version`: what a bug report needs to name the exact tool: its version, the ABI of the Wasm core,
// the module it would load (build, SIMD or scalar, SHA-256 of the bytes) and the runtime.
import { loadCore } from '../wasm/loader.js';
import { toolVersion, wasmIdentity, runtimeIdentity } from '../campaign/identity.js';
import { ABI_VERSION } from '../wasm/abi.js';

export function versionLines(): string[] {
  const core = loadCore();
  const w = wasmIdentity(core.build, core.simd, core.raw.abi_version());
  const rt = runtimeIdentity();
  return [
    `all-or-none ${toolVersion()}`,
    `ABI ${w.abiVersion} (host table ${ABI_VERSION})`,
    `wasm build/${w.build}.wasm (${w.simd ? 'SIMD' : 'scalar'}), sha256 ${w.sha256}`,
    `runtime ${rt.name} ${rt.version} ${rt.platform}-${rt.arch}`,
  ];
}
