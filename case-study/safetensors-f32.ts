// Writing F and G as f32 safetensors (the dtype the runtime produced; `aon` reads it and computes in f64).
import { writeFileSync } from 'node:fs';

export function writeF32Safetensors(path: string, tensors: Record<string, { rows: number; cols: number; data: Float32Array }>, metadata: Record<string, string>): void {
  const header: Record<string, unknown> = { __metadata__: metadata };
  let offset = 0;
  const names = Object.keys(tensors);
  for (const name of names) {
    const t = tensors[name]!;
    const bytes = t.rows * t.cols * 4;
    header[name] = { dtype: 'F32', shape: [t.rows, t.cols], data_offsets: [offset, offset + bytes] };
    offset += bytes;
  }
  let json = JSON.stringify(header);
  while ((json.length + 8) % 8 !== 0) json += ' ';
  const head = Buffer.from(json, 'utf8');
  const out = Buffer.alloc(8 + head.length + offset);
  out.writeBigUInt64LE(BigInt(head.length), 0);
  head.copy(out, 8);
  let o = 8 + head.length;
  for (const name of names) {
    const t = tensors[name]!;
    Buffer.from(t.data.buffer, t.data.byteOffset, t.data.byteLength).copy(out, o);
    o += t.data.byteLength;
  }
  writeFileSync(path, out);
}
