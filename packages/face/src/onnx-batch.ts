// Makes the batch dimension of an exported ONNX model symbolic, so one run can embed a crop and its
// mirror image together (flip test-time augmentation) instead of two runs. Many exporters write a
// fixed batch of 1 into the graph's input and output shapes and into Reshape target shapes
// (`[1, -1]` before the embedding). This edits those few places in the serialized bytes; it reads
// only what it needs of the protobuf wire format (ONNX's onnx.proto field numbers below) and
// copies every other byte unchanged. Pure byte code: no file system, usable in Node and browsers.
//
// It refuses (returns null) unless the graph is one it can reason about: every operator is in an
// allow-list of per-sample operators (each output sample depends only on the same input sample),
// and every Reshape takes its target shape from an INT64 initializer used by nothing else whose
// first entry is 1 (rewritten to 0 = "copy the input's batch size", ONNX Reshape semantics).

// onnx.proto field numbers
const MODEL_GRAPH = 7;
const GRAPH_NODE = 1, GRAPH_INITIALIZER = 5, GRAPH_INPUT = 11, GRAPH_OUTPUT = 12, GRAPH_VALUE_INFO = 13;
const NODE_INPUT = 1, NODE_OP_TYPE = 4, NODE_ATTRIBUTE = 5;
const ATTRIBUTE_NAME = 1, ATTRIBUTE_INT = 3;
const TENSOR_DIMS = 1, TENSOR_DATA_TYPE = 2, TENSOR_INT64_DATA = 7, TENSOR_NAME = 8, TENSOR_RAW_DATA = 9;
const VALUE_INFO_NAME = 1, VALUE_INFO_TYPE = 2;
const TYPE_TENSOR = 1, TENSOR_TYPE_SHAPE = 2, SHAPE_DIM = 1, DIM_VALUE = 1, DIM_PARAM = 2;
const INT64 = 7;
const VARINT = 0, I64 = 1, LEN = 2, I32 = 5;

/**
 * Operators whose output sample i depends only on input sample i, for any batch size (inference
 * mode). Flatten and Gemm only with the attributes checked in perSample(); Reshape as described above.
 */
const PER_SAMPLE = new Set([
  'Conv', 'PRelu', 'Relu', 'LeakyRelu', 'Sigmoid', 'Tanh', 'Clip', 'HardSigmoid', 'HardSwish',
  'Add', 'Sub', 'Mul', 'Div', 'BatchNormalization', 'MaxPool', 'AveragePool', 'GlobalAveragePool',
  'Flatten', 'Gemm', 'Identity', 'Dropout', 'Reshape',
]);

interface Field { no: number; wire: number; from: number; start: number; end: number; value: number }

/** The fields of the message in buf[start, end): for LEN fields start..end is the payload. */
function fields(buf: Uint8Array, start: number, end: number): Field[] {
  const out: Field[] = [];
  let p = start;
  const varint = (): number => {
    let v = 0, mul = 1;
    for (;;) {
      if (p >= end) throw new Error('truncated varint');
      const byte = buf[p++];
      v += (byte & 0x7f) * mul; // multiplication, not shifts: values above 2^31 stay exact to 2^53
      if (byte < 0x80) return v;
      mul *= 128;
    }
  };
  while (p < end) {
    const from = p;
    const key = varint();
    const no = Math.floor(key / 8), wire = key % 8;
    if (wire === VARINT) { const s = p; const value = varint(); out.push({ no, wire, from, start: s, end: p, value }); }
    else if (wire === LEN) { const n = varint(); out.push({ no, wire, from, start: p, end: p + n, value: n }); p += n; }
    else if (wire === I64) { out.push({ no, wire, from, start: p, end: p + 8, value: 0 }); p += 8; }
    else if (wire === I32) { out.push({ no, wire, from, start: p, end: p + 4, value: 0 }); p += 4; }
    else throw new Error(`unsupported wire type ${wire}`);
    if (p > end) throw new Error('truncated field');
  }
  return out;
}

function varintBytes(v: number): number[] {
  const out: number[] = [];
  while (v >= 0x80) { out.push((v % 128) | 0x80); v = Math.floor(v / 128); }
  out.push(v);
  return out;
}

function concat(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let o = 0;
  for (const p of parts) { out.set(p, o); o += p.length; }
  return out;
}

function lenField(no: number, payload: Uint8Array): Uint8Array {
  return concat([Uint8Array.from([...varintBytes(no * 8 + LEN), ...varintBytes(payload.length)]), payload]);
}

/** Re-encodes the message in buf[start, end) with fn applied to each LEN field numbered `no`. */
function rewrite(buf: Uint8Array, start: number, end: number, no: number, fn: (f: Field) => Uint8Array | null): Uint8Array {
  const parts: Uint8Array[] = [];
  for (const f of fields(buf, start, end)) {
    if (f.no === no && f.wire === LEN) {
      const payload = fn(f);
      if (payload) parts.push(lenField(no, payload));
    } else {
      parts.push(buf.subarray(f.from, f.end));
    }
  }
  return concat(parts);
}

const text = (buf: Uint8Array, f: Field): string => new TextDecoder().decode(buf.subarray(f.start, f.end));
const first = (fs: Field[], no: number): Field | undefined => fs.find((f) => f.no === no);

/** A copy of the model with batch dimension `param` instead of 1, or null if unsure it is safe. */
export function makeBatchSymbolic(model: Uint8Array, param = 'batch'): Uint8Array | null {
  const top = fields(model, 0, model.length);
  const graph = first(top, MODEL_GRAPH);
  if (!graph) return null;
  const g = fields(model, graph.start, graph.end);

  // Initializer name -> field, and how many node inputs use each name.
  const initializers = new Map<string, Field>();
  for (const f of g.filter((f) => f.no === GRAPH_INITIALIZER)) {
    const name = first(fields(model, f.start, f.end), TENSOR_NAME);
    if (name) initializers.set(text(model, name), f);
  }
  const uses = new Map<string, number>();
  const reshapeShapes: string[] = [];
  for (const f of g.filter((f) => f.no === GRAPH_NODE)) {
    const node = fields(model, f.start, f.end);
    const op = first(node, NODE_OP_TYPE);
    const inputs = node.filter((x) => x.no === NODE_INPUT).map((x) => text(model, x));
    if (!op || !perSample(model, text(model, op), node, inputs, initializers)) return null;
    for (const i of inputs) uses.set(i, (uses.get(i) ?? 0) + 1);
    if (text(model, op) === 'Reshape') reshapeShapes.push(inputs[1] ?? '');
  }

  // Same-length patches first (1 -> 0 in Reshape target shapes), on a copy.
  const out = model.slice();
  for (const name of reshapeShapes) {
    const init = initializers.get(name);
    if (!init || uses.get(name) !== 1 || !patchLeadingOne(out, init)) return null;
  }

  // Graph inputs (that are not initializers) and outputs: first dimension 1 -> symbolic.
  const ok = { inputs: 0, outputs: 0 };
  const graphBytes = rewriteAll(out, graph, (f) => {
    if (f.no === GRAPH_VALUE_INFO) return null; // optional intermediate shapes, which would pin batch 1
    if (f.no !== GRAPH_INPUT && f.no !== GRAPH_OUTPUT) return undefined;
    const name = first(fields(out, f.start, f.end), VALUE_INFO_NAME);
    if (name && initializers.has(text(out, name))) return undefined; // IR < 4 lists weights as inputs
    const edited = symbolicFirstDim(out, f, param);
    if (!edited) return undefined;
    if (f.no === GRAPH_INPUT) ok.inputs++; else ok.outputs++;
    return edited;
  });
  if (ok.inputs !== 1 || ok.outputs < 1) return null;
  return rewrite(out, 0, out.length, MODEL_GRAPH, () => graphBytes);
}

function perSample(buf: Uint8Array, op: string, node: Field[], inputs: string[], initializers: Map<string, Field>): boolean {
  if (!PER_SAMPLE.has(op)) return false;
  const ints = new Map<string, number>();
  for (const a of node.filter((f) => f.no === NODE_ATTRIBUTE)) {
    const af = fields(buf, a.start, a.end);
    const name = first(af, ATTRIBUTE_NAME), i = first(af, ATTRIBUTE_INT);
    if (name && i) ints.set(text(buf, name), i.value);
  }
  // Flatten keeps the batch apart only for axis 1 (the default); a negative axis is a large varint.
  if (op === 'Flatten') return (ints.get('axis') ?? 1) === 1;
  // Gemm: the data must be A, untransposed, so that its rows are the samples.
  if (op === 'Gemm') return (ints.get('transA') ?? 0) === 0 && !initializers.has(inputs[0] ?? '');
  return true;
}

/** Re-encodes the graph message; fn returns a new payload, null to drop the field, undefined to keep it. */
function rewriteAll(buf: Uint8Array, graph: Field, fn: (f: Field) => Uint8Array | null | undefined): Uint8Array {
  const parts: Uint8Array[] = [];
  for (const f of fields(buf, graph.start, graph.end)) {
    const r = f.wire === LEN ? fn(f) : undefined;
    if (r === undefined) parts.push(buf.subarray(f.from, f.end));
    else if (r) parts.push(lenField(f.no, r));
  }
  return concat(parts);
}

/** ValueInfoProto payload with the first dimension `dim_value: 1` replaced by `dim_param`, or null. */
function symbolicFirstDim(buf: Uint8Array, valueInfo: Field, param: string): Uint8Array | null {
  let changed = false;
  const dimParam = concat([Uint8Array.from([DIM_PARAM * 8 + LEN, ...varintBytes(param.length)]), new TextEncoder().encode(param)]);
  const bytes = rewrite(buf, valueInfo.start, valueInfo.end, VALUE_INFO_TYPE, (type) =>
    rewrite(buf, type.start, type.end, TYPE_TENSOR, (tensor) =>
      rewrite(buf, tensor.start, tensor.end, TENSOR_TYPE_SHAPE, (shape) => {
        const dims = fields(buf, shape.start, shape.end).filter((d) => d.no === SHAPE_DIM);
        const value = dims.length ? first(fields(buf, dims[0].start, dims[0].end), DIM_VALUE) : undefined;
        if (!value || value.value !== 1) return buf.slice(shape.start, shape.end);
        changed = true;
        let firstDim = true;
        return rewrite(buf, shape.start, shape.end, SHAPE_DIM, (d) => {
          if (!firstDim) return buf.slice(d.start, d.end);
          firstDim = false;
          return dimParam;
        });
      })));
  return changed ? bytes : null;
}

/** Rewrites an INT64 shape tensor's leading 1 to 0 in place; false if it is not such a tensor. */
function patchLeadingOne(buf: Uint8Array, init: Field): boolean {
  const t = fields(buf, init.start, init.end);
  if (first(t, TENSOR_DATA_TYPE)?.value !== INT64) return false;
  const dims = t.filter((f) => f.no === TENSOR_DIMS);
  if (dims.length !== 1 || dims[0].wire !== VARINT || dims[0].value < 1) return false;
  const raw = first(t, TENSOR_RAW_DATA);
  if (raw) {
    // Little-endian int64: a leading 1 is bytes 01 00 00 00 00 00 00 00.
    if (raw.end - raw.start < 8 || buf[raw.start] !== 1 || buf.subarray(raw.start + 1, raw.start + 8).some((b) => b !== 0)) return false;
    buf[raw.start] = 0;
    return true;
  }
  const data = first(t, TENSOR_INT64_DATA);
  if (!data) return false;
  // Packed varints (LEN) or one unpacked field per value (VARINT): 1 and 0 are both one byte.
  if (buf[data.start] !== 1) return false;
  buf[data.start] = 0;
  return true;
}
