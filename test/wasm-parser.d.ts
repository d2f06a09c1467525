// @webassemblyjs/wasm-parser ships no types; this is the part of its AST the ABI test reads.
declare module '@webassemblyjs/wasm-parser' {
  interface Signature { params: { valtype: string }[]; results: string[] }
  interface Field {
    type: string;
    name?: unknown;
    signature?: Signature;
    descr?: { exportType: string; id: { value: number } };
    module?: string;
  }
  export function decode(
    bytes: Uint8Array,
    opts: { ignoreCodeSection?: boolean; ignoreDataSection?: boolean; ignoreCustomNameSection?: boolean },
  ): { body: { fields: Field[] }[] };
}
