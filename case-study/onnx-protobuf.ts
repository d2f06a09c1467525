// The few pieces of the ONNX protobuf the case study needs, read and written by hand: the float
// initializers of the graph (the unembedding W and bias b) and one extra graph output (the hidden state h,
// which the runtime returns only for graph outputs). A generic protobuf library would need onnx.proto
// compiled in; the wire format of these four messages is small enough to read directly.
//
// Field numbers (onnx.proto): ModelProto.graph = 7; GraphProto.initializer = 5, .output = 12;
// TensorProto.dims = 1, .data_type = 2 (1 = FLOAT), .float_data = 4, .name = 8, .raw_data = 9,
// .data_location = 14; ValueInfoProto.name = 1, .type = 2; TypeProto.tensor_type = 1;
// TypeProto.Tensor.elem_type = 1.

interface Field {
  no: number;
  wire: number;
  /** varint value (wire 0) */
  value?: bigint;
  /** payload (wire 1, 2, 5) */
  bytes?: Uint8Array;
  /** the whole field, tag included, as it appeared */
  raw: Uint8Array;
}

function readVarint(buf: Uint8Array, pos: number): [bigint, number] {
  let result = 0n, shift = 0n;
  for (;;) {
    if (pos >= buf.length) throw new Error('onnx: truncated varint');
    const b = buf[pos++] as number;
    result |= BigInt(b & 0x7f) << shift;
    if ((b & 0x80) === 0) return [result, pos];
    shift += 7n;
  }
}

function fields(buf: Uint8Array): Field[] {
  const out: Field[] = [];
  let pos = 0;
  while (pos < buf.length) {
    const start = pos;
    const [tag, p1] = readVarint(buf, pos);
    pos = p1;
    const no = Number(tag >> 3n), wire = Number(tag & 7n);
    if (wire === 0) {
      const [v, p2] = readVarint(buf, pos);
      pos = p2;
      out.push({ no, wire, value: v, raw: buf.subarray(start, pos) });
    } else if (wire === 2) {
      const [len, p2] = readVarint(buf, pos);
      const end = p2 + Number(len);
      if (end > buf.length) throw new Error(`onnx: field ${no} runs past the end`);
      out.push({ no, wire, bytes: buf.subarray(p2, end), raw: buf.subarray(start, end) });
      pos = end;
    } else if (wire === 1 || wire === 5) {
      const end = pos + (wire === 1 ? 8 : 4);
      out.push({ no, wire, bytes: buf.subarray(pos, end), raw: buf.subarray(start, end) });
      pos = end;
    } else {
      throw new Error(`onnx: unsupported wire type ${wire} (field ${no})`);
    }
  }
  return out;
}

function varint(v: number): number[] {
  const out: number[] = [];
  let x = BigInt(v);
  do {
    let b = Number(x & 0x7fn);
    x >>= 7n;
    if (x > 0n) b |= 0x80;
    out.push(b);
  } while (x > 0n);
  return out;
}

function lengthDelimited(no: number, payload: Uint8Array): Uint8Array {
  const head = [...varint((no << 3) | 2), ...varint(payload.length)];
  const out = new Uint8Array(head.length + payload.length);
  out.set(head, 0);
  out.set(payload, head.length);
  return out;
}

function concat(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((s, p) => s + p.length, 0));
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}

const text = (b: Uint8Array | undefined): string => new TextDecoder().decode(b ?? new Uint8Array());

function graphOf(model: Uint8Array): Field {
  const g = fields(model).find((f) => f.no === 7 && f.wire === 2);
  if (!g?.bytes) throw new Error('onnx: the model has no graph');
  return g;
}

export interface FloatTensor {
  name: string;
  dims: number[];
  data: Float32Array;
}


function parseFloatTensor(bytes: Uint8Array, name: string): FloatTensor {
  const dims: number[] = [];
  let dataType = 0;
  let data: Float32Array | null = null;
  const floats: number[] = [];
  for (const f of fields(bytes)) {
    if (f.no === 1 && f.wire === 0) dims.push(Number(f.value));
    if (f.no === 1 && f.wire === 2 && f.bytes) {
      let p = 0;
      while (p < f.bytes.length) {
        const [v, q] = readVarint(f.bytes, p);
        dims.push(Number(v));
        p = q;
      }
    }
    if (f.no === 2) dataType = Number(f.value);
    if (f.no === 14 && Number(f.value) === 1) throw new Error(`onnx: ${name} is stored externally`);
    if (f.no === 9 && f.bytes) data = new Float32Array(new Uint8Array(f.bytes).buffer);
    if (f.no === 4 && f.wire === 2 && f.bytes) floats.push(...new Float32Array(new Uint8Array(f.bytes).buffer));
    if (f.no === 4 && f.wire === 5 && f.bytes) floats.push(new DataView(new Uint8Array(f.bytes).buffer).getFloat32(0, true));
  }
  if (dataType !== 1) throw new Error(`onnx: ${name} has data type ${dataType}, expected 1 (FLOAT)`);
  const values = data ?? Float32Array.from(floats);
  const count = dims.reduce((a, b) => a * b, 1);
  if (values.length !== count) throw new Error(`onnx: ${name} has ${values.length} values for dims ${dims.join('×')}`);
  return { name, dims, data: values };
}

/**
 * A float constant of the graph, by name: an initializer (GraphProto.initializer = 5, named by
 * TensorProto.name = 8) or the output of a Constant node (GraphProto.node = 1; NodeProto.output = 2,
 * .op_type = 4, .attribute = 5; AttributeProto.t = 5), which is how Paddle's exporter stores weights.
 */
export function readInitializer(model: Uint8Array, name: string): FloatTensor {
  for (const g of fields(graphOf(model).bytes as Uint8Array)) {
    if (!g.bytes) continue;
    if (g.no === 5 && text(fields(g.bytes).find((f) => f.no === 8)?.bytes) === name) return parseFloatTensor(g.bytes, name);
    if (g.no === 1) {
      const node = fields(g.bytes);
      if (text(node.find((f) => f.no === 4)?.bytes) !== 'Constant') continue;
      if (!node.some((f) => f.no === 2 && text(f.bytes) === name)) continue;
      for (const attr of node.filter((f) => f.no === 5)) {
        const t = fields(attr.bytes as Uint8Array).find((f) => f.no === 5);
        if (t?.bytes) return parseFloatTensor(t.bytes, name);
      }
    }
  }
  throw new Error(`onnx: no initializer or Constant node named ${name}`);
}

/** The model with one more graph output: an intermediate float tensor the runtime will then return. */
export function withExtraOutput(model: Uint8Array, tensorName: string): Uint8Array {
  const elemType = new Uint8Array([0x08, 0x01]); // TypeProto.Tensor.elem_type = FLOAT
  const typeProto = lengthDelimited(1, elemType);
  const valueInfo = concat([lengthDelimited(1, new TextEncoder().encode(tensorName)), lengthDelimited(2, typeProto)]);
  const parts: Uint8Array[] = [];
  for (const f of fields(model)) {
    if (f.no === 7 && f.wire === 2 && f.bytes) {
      // Repeated fields may appear anywhere in a message: appending the output keeps every other byte.
      parts.push(lengthDelimited(7, concat([f.bytes, lengthDelimited(12, valueInfo)])));
    } else {
      parts.push(f.raw);
    }
  }
  return concat(parts);
}
