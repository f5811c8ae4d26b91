// Int8 dot products with WebAssembly SIMD. The face scan is memory-bound arithmetic over 512-byte
// rows; JavaScript loops over Int8Array run at about 2 µs per 512-d row here, while
// `i32x4.dot_i16x8_s` does 8 multiply-adds per instruction. No compiler for WebAssembly is installed
// on the machines Candor targets (and none should be needed to build it), so the module is assembled
// here from its opcodes: two functions, a few dozen instructions, checked by `WebAssembly.validate`
// and by tests against a scalar loop.
//
// Layout: the probe is int16 (dim values), rows are int8 (dim bytes each, dim a multiple of 16).
// Exports:
//   dotsRange(probe, base, count, dim, out): out[i] = probe · row(base + i·dim), i < count
//   dotsGather(probe, base, ids, count, dim, out): out[i] = probe · row(base + ids[i]·dim)
//   dotsAbove(probe, base, count, dim, thr, out) → n: the n pairs (i, dot) with dot > thr, in row order
// All pointers are byte offsets into the module's own memory; results are int32.

const enum Op {
  block = 0x02, loop = 0x03, br = 0x0c, brIf = 0x0d, end = 0x0b,
  if = 0x04, localGet = 0x20, localSet = 0x21, localTee = 0x22,
  i32Load = 0x28, i32Store = 0x36, i32Const = 0x41,
  i32GeU = 0x4f, i32LtU = 0x49, i32GtS = 0x4a, i32Add = 0x6a, i32Mul = 0x6c, i32Shl = 0x74,
  simd = 0xfd,
}
// SIMD opcodes (after the 0xfd prefix, LEB128-encoded).
const V128_LOAD = 0x00, I8X16_SHUFFLE = 0x0d, V128_CONST = 0x0c, I32X4_EXTRACT_LANE = 0x1b;
const I16X8_EXTEND_LOW_I8X16_S = 0x87, I16X8_EXTEND_HIGH_I8X16_S = 0x88;
const I32X4_ADD = 0xae, I32X4_DOT_I16X8_S = 0xba;
const I32 = 0x7f, V128 = 0x7b, FUNC = 0x60, VOID_BLOCK = 0x40;

function uleb(n: number): number[] {
  const out: number[] = [];
  do { let b = n & 0x7f; n >>>= 7; if (n) b |= 0x80; out.push(b); } while (n);
  return out;
}
function sleb(n: number): number[] {
  const out: number[] = [];
  for (;;) {
    const b = n & 0x7f; n >>= 7;
    if ((n === 0 && !(b & 0x40)) || (n === -1 && b & 0x40)) { out.push(b); return out; }
    out.push(b | 0x80);
  }
}
const simd = (op: number) => [Op.simd, ...uleb(op)];
const vec = (items: number[][]) => [...uleb(items.length), ...items.flat()];
const section = (id: number, body: number[]) => [id, ...uleb(body.length), ...body];
const name = (s: string) => [...uleb(s.length), ...Array.from(s, (c) => c.charCodeAt(0))];

/**
 * Body of one dot-product function. 'range' and 'gather' write every dot; 'above' (rows in range)
 * writes only the (row, dot) pairs whose dot exceeds a threshold and returns how many, so a scan
 * for the best few thousand of a million rows hands JavaScript a few thousand values, not a million.
 */
function dotBody(mode: 'range' | 'gather' | 'above', unroll: number | null): number[] {
  const gather = mode === 'gather', above = mode === 'above';
  // Parameters: probe 0, base 1, (ids 2), count, dim, (thr), out; then locals i, j, p, v, n, dot (i32), acc, row (v128).
  const P = { probe: 0, base: 1, ids: 2, count: gather ? 3 : 2, dim: gather ? 4 : 3, thr: 4, out: gather ? 5 : above ? 5 : 4 };
  const L0 = gather || above ? 6 : 5;
  const i = L0, j = L0 + 1, p = L0 + 2, v = L0 + 3, n = L0 + 4, dot = L0 + 5, acc = L0 + 6, row = L0 + 7;
  // Short unrolled rows (the projected first pass: 64–128 bytes) keep the probe in locals, i.e. in
  // registers, loaded once per call instead of twice per 16 row bytes; 512-d rows would need 64.
  const held = unroll !== null && unroll <= 128 ? unroll / 8 : 0;
  const probeLocal = (k: number) => row + 1 + k;
  const get = (x: number) => [Op.localGet, x];
  const set = (x: number) => [Op.localSet, x];
  const c = (n: number) => [Op.i32Const, ...sleb(n)];
  const load128 = (offset: number) => [...simd(V128_LOAD), 0, ...uleb(offset)]; // align hint 1: rows are not 16-aligned
  const rowAddress = gather
    ? [...get(P.ids), ...get(i), ...c(2), Op.i32Shl, Op.i32Add, Op.i32Load, 2, 0, ...get(P.dim), Op.i32Mul, ...get(P.base), Op.i32Add]
    : [...get(P.base), ...get(i), ...get(P.dim), Op.i32Mul, Op.i32Add];
  // One 16-byte step: sign-extend the row's bytes to two int16x8 halves, multiply-add each against
  // the probe's matching 8 int16 (pairs summed into int32 lanes), accumulate.
  const probeAt = (off: number) => (held ? get(probeLocal(off / 16)) : [...get(p), ...load128(off)]);
  const step = (rowOff: number, probeOff: number) => [
    ...get(v), ...load128(rowOff), ...set(row),
    ...get(acc), ...get(row), ...simd(I16X8_EXTEND_LOW_I8X16_S), ...probeAt(probeOff), ...simd(I32X4_DOT_I16X8_S), ...simd(I32X4_ADD),
    ...get(row), ...simd(I16X8_EXTEND_HIGH_I8X16_S), ...probeAt(probeOff + 16), ...simd(I32X4_DOT_I16X8_S), ...simd(I32X4_ADD),
    ...set(acc),
  ];
  // Sum of the four int32 lanes: add the upper half onto the lower, then lane 1 onto lane 0
  // (two shuffles and adds, one extraction, instead of four extractions and three adds).
  const swapHalves = [8, 9, 10, 11, 12, 13, 14, 15, 0, 1, 2, 3, 4, 5, 6, 7];
  const swapPairs = [4, 5, 6, 7, 0, 1, 2, 3, 12, 13, 14, 15, 8, 9, 10, 11];
  const laneSum = [
    ...get(acc), ...get(acc), ...get(acc), ...simd(I8X16_SHUFFLE), ...swapHalves, ...simd(I32X4_ADD), Op.localTee, acc,
    ...get(acc), ...get(acc), ...simd(I8X16_SHUFFLE), ...swapPairs, ...simd(I32X4_ADD), ...simd(I32X4_EXTRACT_LANE), 0,
  ];
  const code = [
    ...c(0), ...set(i),
    ...Array.from({ length: held }, (_, k) => [...get(P.probe), ...load128(k * 16), ...set(probeLocal(k))]).flat(),
    Op.block, VOID_BLOCK,
    Op.loop, VOID_BLOCK,
    ...get(i), ...get(P.count), Op.i32GeU, Op.brIf, 1,
    ...rowAddress, ...set(v),
    ...get(P.probe), ...set(p),
    ...simd(V128_CONST), ...new Array(16).fill(0), ...set(acc),
    ...(unroll
      // Straight line for a known dimension: the offsets are immediates and there is no loop
      // counter, about half the instructions per row (the kernel is instruction-bound, not
      // memory-bound: 12 ns per 96-byte row with the loop).
      ? Array.from({ length: unroll / 16 }, (_, k) => step(k * 16, k * 32)).flat()
      : [
          ...c(0), ...set(j),
          // Inner loop: 16 row bytes (32 probe bytes) per turn.
          Op.loop, VOID_BLOCK,
          ...step(0, 0),
          ...get(v), ...c(16), Op.i32Add, ...set(v),
          ...get(p), ...c(32), Op.i32Add, ...set(p),
          ...get(j), ...c(16), Op.i32Add, Op.localTee, j, ...get(P.dim), Op.i32LtU, Op.brIf, 0,
          Op.end,
        ]),
    // dot = sum of the four lanes
    ...laneSum, ...set(dot),
    ...(above
      ? [
          // if dot > thr: out[2n] = i, out[2n + 1] = dot, n++
          ...get(dot), ...get(P.thr), Op.i32GtS, Op.if, VOID_BLOCK,
          ...get(P.out), ...get(n), ...c(3), Op.i32Shl, Op.i32Add, ...get(i), Op.i32Store, 2, 0,
          ...get(P.out), ...get(n), ...c(3), Op.i32Shl, Op.i32Add, ...get(dot), Op.i32Store, 2, 4,
          ...get(n), ...c(1), Op.i32Add, ...set(n),
          Op.end,
        ]
      : [...get(P.out), ...get(i), ...c(2), Op.i32Shl, Op.i32Add, ...get(dot), Op.i32Store, 2, 0]),
    ...get(i), ...c(1), Op.i32Add, ...set(i),
    Op.br, 0,
    Op.end,
    Op.end,
    ...(above ? get(n) : []),
    Op.end,
  ];
  const locals = vec([[6, I32], [2 + held, V128]].map(([k, t]) => [...uleb(k), t]));
  const body = [...locals, ...code];
  return [...uleb(body.length), ...body];
}

/** Shared memories must declare a maximum: 4 GiB, the whole 32-bit space (reserved, not allocated). */
export const MAX_PAGES = 65536;

// The memory is imported rather than defined, so the same rows can be shared with worker threads
// (a shared memory must be declared shared by the importing module, hence two variants).
function moduleBytes(shared: boolean, unroll: number | null): Uint8Array<ArrayBuffer> {
  const rangeType = [FUNC, ...vec([I32, I32, I32, I32, I32].map((t) => [t])), 0];
  const gatherType = [FUNC, ...vec([I32, I32, I32, I32, I32, I32].map((t) => [t])), 0];
  const aboveType = [FUNC, ...vec([I32, I32, I32, I32, I32, I32].map((t) => [t])), ...vec([[I32]])];
  const bytes = [
    0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00,
    ...section(1, vec([rangeType, gatherType, aboveType])),
    ...section(2, vec([[...name('env'), ...name('memory'), 0x02, ...(shared ? [0x03, ...uleb(1), ...uleb(MAX_PAGES)] : [0x00, ...uleb(1)])]])),
    ...section(3, vec([[0], [1], [2]])),
    ...section(7, vec([
      [...name('dotsRange'), 0x00, 0],
      [...name('dotsGather'), 0x00, 1],
      [...name('dotsAbove'), 0x00, 2],
    ])),
    ...section(10, vec([dotBody('range', unroll), dotBody('gather', unroll), dotBody('above', unroll)])),
  ];
  return new Uint8Array(bytes);
}

/**
 * A float vector as the kernels' int16 probe (±16,000: products with int8 rows summed over 512-d
 * stay far inside int32); returns the scale, so a dot times it is the float dot with the rows.
 */
export function toInt16Probe(v: Float32Array, out: Int16Array): number {
  let max = 0;
  for (let j = 0; j < v.length; j++) { const a = Math.abs(v[j]); if (a > max) max = a; }
  const scale = max > 0 ? max / 16000 : 1;
  for (let j = 0; j < v.length; j++) out[j] = Math.round(v[j] / scale);
  return scale;
}

/** A float threshold (−∞ included) as the int32 the `dotsAbove` kernel compares with. */
export const int32Floor = (t: number) => Math.max(-0x80000000, Math.min(0x7fffffff, Math.floor(t)));

export interface Exports {
  dotsRange(probe: number, base: number, count: number, dim: number, out: number): void;
  dotsGather(probe: number, base: number, ids: number, count: number, dim: number, out: number): void;
  dotsAbove(probe: number, base: number, count: number, dim: number, thr: number, out: number): number;
}

const compiled = new Map<string, WebAssembly.Module | null>();
/** Longest row the kernels are unrolled for (longer rows loop; 512-d is 32 steps, ~1 KB of code). */
const MAX_UNROLL = 1024;
/**
 * The compiled module (its kernels specialised for rows of `dim` bytes when given), or null where
 * WebAssembly SIMD (or shared memory) is unavailable. Compiled once per (shared, dim).
 */
export function simdModule(shared = false, dim: number | null = null): WebAssembly.Module | null {
  const unroll = dim !== null && dim % 16 === 0 && dim <= MAX_UNROLL ? dim : null;
  const key = `${shared}:${unroll}`;
  if (!compiled.has(key)) {
    const bytes = moduleBytes(shared, unroll);
    let mod: WebAssembly.Module | null = null;
    try { if (typeof WebAssembly === 'object' && WebAssembly.validate(bytes)) mod = new WebAssembly.Module(bytes); } catch { mod = null; }
    compiled.set(key, mod);
  }
  return compiled.get(key)!;
}

const PAGE = 65536;

/** What the face index needs of a row store: the SIMD one below, or `JsInt8Rows` where SIMD is missing. */
export interface Int8RowStore {
  readonly dim: number;
  readonly chunk: number;
  readonly size: number;
  push(row: Int8Array): number;
  row(i: number): Int8Array;
  setProbe(probe: Int16Array): void;
  dotsRange(from: number, count: number): Int32Array;
  dotsOf(ids: Int32Array, count?: number): Int32Array;
  /** Rows in [from, from + count) whose dot exceeds `threshold`: pairs (row − from, dot) in one array. */
  dotsAbove(from: number, count: number, threshold: number): Int32Array;
}

export interface RowsOptions {
  /** Rows in a shared memory, so worker threads can scan them (scan-pool.ts). */
  shared?: boolean;
  /** Threads that may scan at once: each gets its own result area. */
  lanes?: number;
  /** The looping kernels instead of the ones unrolled for `dim` (tests compare the two). */
  generic?: boolean;
}

/** A row store for `dim` (SIMD when the dimension and the runtime allow it). */
export function int8Rows(dim: number, chunk = 1 << 14, opts: RowsOptions = {}): Int8RowStore {
  return dim % 16 === 0 && simdModule(opts.shared ?? false) ? new Int8Rows(dim, chunk, opts) : new JsInt8Rows(dim, chunk);
}

/** Where things are in an `Int8Rows` memory: what a worker thread needs to scan it. */
export interface RowsLayout { memory: WebAssembly.Memory; module: WebAssembly.Module; dim: number; chunk: number; probeAt: number; rowsAt: number; outAt: number[] }

/**
 * Int8 rows in a WebAssembly memory after a fixed scratch area (probe, ids, and one result area of
 * `chunk` rows per lane). Rows are appended; memory grows in place, so growth never copies what is
 * held (typed-array views are renewed after a grow).
 */
export class Int8Rows implements Int8RowStore {
  readonly dim: number;
  readonly chunk: number;
  private readonly x: Exports;
  private readonly memory: WebAssembly.Memory;
  private readonly module: WebAssembly.Module;
  private readonly probeAt: number;
  private readonly idsAt: number;
  private readonly outAt: number;
  private readonly lanes: number;
  private readonly rowsAt: number;
  private rows = 0;
  private capacity = 0;
  private bytes!: Int8Array;
  private probe16!: Int16Array;
  private ids32!: Int32Array;
  private out32!: Int32Array;

  constructor(dim: number, chunk = 1 << 14, opts: RowsOptions = {}) {
    if (dim % 16 !== 0) throw new Error(`Int8Rows needs a dimension that is a multiple of 16, got ${dim}`);
    const shared = opts.shared ?? false;
    const mod = simdModule(shared, opts.generic ? null : dim);
    if (!mod) throw new Error('WebAssembly SIMD is not available');
    this.dim = dim;
    this.chunk = chunk;
    this.module = mod;
    this.memory = new WebAssembly.Memory(shared ? { initial: 1, maximum: MAX_PAGES, shared: true } : { initial: 1 });
    this.x = new WebAssembly.Instance(mod, { env: { memory: this.memory } }).exports as unknown as Exports;
    this.lanes = Math.max(1, opts.lanes ?? 1);
    this.probeAt = 0;
    this.idsAt = align(dim * 2);
    this.outAt = this.idsAt + chunk * 4;
    this.rowsAt = align(this.outAt + this.lanes * chunk * 8);
    this.ensure(0);
  }

  /** The memory layout, for worker threads scanning these rows (lane 0 is the owner's). */
  layout(): RowsLayout {
    return {
      memory: this.memory, module: this.module, dim: this.dim, chunk: this.chunk, probeAt: this.probeAt, rowsAt: this.rowsAt,
      outAt: Array.from({ length: this.lanes }, (_, l) => this.outAt + l * this.chunk * 8),
    };
  }

  get size(): number { return this.rows; }

  /** Appends one row; returns its index. */
  push(row: Int8Array): number {
    this.ensure(this.rows + 1);
    this.bytes.set(row, this.rowsAt + this.rows * this.dim);
    return this.rows++;
  }

  /** Row `i` (a view: copy it before the next push). */
  row(i: number): Int8Array { return this.bytes.subarray(this.rowsAt + i * this.dim, this.rowsAt + (i + 1) * this.dim); }

  /** Sets the int16 probe used by the next calls. */
  setProbe(probe: Int16Array): void {
    if (probe.length !== this.dim) throw new Error(`probe has ${probe.length} values, rows have ${this.dim}`);
    this.probe16.set(probe);
  }

  /** Dots of the probe with rows [from, from + count), count ≤ chunk; the view is valid until the next call. */
  dotsRange(from: number, count: number): Int32Array {
    if (count > this.chunk || from + count > this.rows) throw new RangeError('row range out of bounds');
    this.x.dotsRange(this.probeAt, this.rowsAt + from * this.dim, count, this.dim, this.outAt);
    return this.out32.subarray(0, count);
  }

  /** Dots of the probe with the given rows (at most `chunk`). */
  dotsOf(ids: Int32Array, count = ids.length): Int32Array {
    if (count > this.chunk) throw new RangeError('too many rows for one call');
    this.ids32.set(count === ids.length ? ids : ids.subarray(0, count));
    this.x.dotsGather(this.probeAt, this.rowsAt, this.idsAt, count, this.dim, this.outAt);
    return this.out32.subarray(0, count);
  }

  dotsAbove(from: number, count: number, threshold: number): Int32Array {
    if (count > this.chunk || from + count > this.rows) throw new RangeError('row range out of bounds');
    const n = this.x.dotsAbove(this.probeAt, this.rowsAt + from * this.dim, count, this.dim, int32Floor(threshold), this.outAt);
    return this.out32.subarray(0, 2 * n);
  }

  private ensure(rows: number): void {
    if (rows <= this.capacity && this.bytes) return;
    const mem = this.memory;
    const wantRows = Math.max(rows, Math.ceil(this.capacity * 1.5), 1024);
    const need = this.rowsAt + wantRows * this.dim;
    if (need > mem.buffer.byteLength) mem.grow(Math.ceil((need - mem.buffer.byteLength) / PAGE));
    this.capacity = Math.floor((mem.buffer.byteLength - this.rowsAt) / this.dim);
    const buf = mem.buffer;
    this.bytes = new Int8Array(buf);
    this.probe16 = new Int16Array(buf, this.probeAt, this.dim);
    this.ids32 = new Int32Array(buf, this.idsAt, this.chunk);
    this.out32 = new Int32Array(buf, this.outAt, 2 * this.chunk);
  }
}

const align = (n: number) => Math.ceil(n / 64) * 64;

/** The same store in plain JavaScript: any dimension, no WebAssembly (about 40x slower per row). */
export class JsInt8Rows implements Int8RowStore {
  private bytes: Int8Array;
  private readonly probe: Int16Array;
  private readonly out: Int32Array;
  private rows = 0;
  constructor(readonly dim: number, readonly chunk = 1 << 14) {
    this.bytes = new Int8Array(1024 * dim);
    this.probe = new Int16Array(dim);
    this.out = new Int32Array(2 * chunk);
  }
  get size(): number { return this.rows; }
  push(row: Int8Array): number {
    if ((this.rows + 1) * this.dim > this.bytes.length) {
      const b = new Int8Array(this.bytes.length * 2); b.set(this.bytes); this.bytes = b;
    }
    this.bytes.set(row, this.rows * this.dim);
    return this.rows++;
  }
  row(i: number): Int8Array { return this.bytes.subarray(i * this.dim, (i + 1) * this.dim); }
  setProbe(probe: Int16Array): void { this.probe.set(probe); }
  private dot(i: number): number {
    const v = this.bytes, q = this.probe, d = this.dim, off = i * d;
    // Integer sums are exact, so four independent accumulators change nothing but speed.
    let s0 = 0, s1 = 0, s2 = 0, s3 = 0, j = 0;
    for (; j + 4 <= d; j += 4) {
      s0 += q[j] * v[off + j]; s1 += q[j + 1] * v[off + j + 1];
      s2 += q[j + 2] * v[off + j + 2]; s3 += q[j + 3] * v[off + j + 3];
    }
    for (; j < d; j++) s0 += q[j] * v[off + j];
    return s0 + s1 + s2 + s3;
  }
  dotsRange(from: number, count: number): Int32Array {
    if (count > this.chunk || from + count > this.rows) throw new RangeError('row range out of bounds');
    for (let k = 0; k < count; k++) this.out[k] = this.dot(from + k);
    return this.out.subarray(0, count);
  }
  dotsOf(ids: Int32Array, count = ids.length): Int32Array {
    if (count > this.chunk) throw new RangeError('too many rows for one call');
    for (let k = 0; k < count; k++) this.out[k] = this.dot(ids[k]);
    return this.out.subarray(0, count);
  }
  dotsAbove(from: number, count: number, threshold: number): Int32Array {
    if (count > this.chunk || from + count > this.rows) throw new RangeError('row range out of bounds');
    let n = 0;
    for (let k = 0; k < count; k++) { const d = this.dot(from + k); if (d > threshold) { this.out[n++] = k; this.out[n++] = d; } }
    return this.out.subarray(0, n);
  }
}
