// Host side of the matcher's WebAssembly alignment stage (assembly/align.ts): instantiates the module
// once per thread (on first use), copies a probe's prepared arrays into its memory (the kernel files
// the probe's edges into its bucket table) and a candidate's, runs the alignment and exposes the
// winning pairs and transform. Why WebAssembly and
// what it measured: docs/finger.md, "1:1 speed".
import { params } from '../params.ts';
import { ALIGN_WASM_BASE64 } from './align-kernel.wasm.ts';
import { A_BINS, A_STEP, L_BINS, type Prepared } from './prepared.ts';

interface KernelExports {
  memory: WebAssembly.Memory;
  configure(roots: number, minAnchor: number, fallbackBelow: number, fallbackVotes: number, refitMargin: number,
    edgeAngle: number, pairAngle: number, pairDistance: number, pairGrowth: number,
    edgeLengthBin: number, edgeAngleStep: number, edgeAngleBins: number, edgeLengthBins: number): void;
  configureScale(limit: number, minPairs: number): void;
  loadProbe(edges: number): number;
  align(np: number, nc: number, candidateEdges: number, columns: number, x0: number, x1: number, y0: number, y1: number): number;
  bestRot: WebAssembly.Global; bestScale: WebAssembly.Global; bestDx: WebAssembly.Global; bestDy: WebAssembly.Global;
  [offset: string]: unknown;
}

function decodeBase64(s: string): Uint8Array<ArrayBuffer> {
  const bin = atob(s);
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
}

export class AlignKernel {
  private readonly x: KernelExports;
  readonly maxMinutiae: number; readonly maxEdges: number; readonly maxEntries: number; readonly maxKeys: number; readonly maxColumns: number;
  private readonly pLen: Float32Array; private readonly pA1: Float32Array; private readonly pA2: Float32Array;
  private readonly pFrom: Uint16Array; private readonly pTo: Uint16Array;
  private readonly pX: Float64Array; private readonly pY: Float64Array; private readonly pT: Float64Array;
  private readonly cX: Float32Array; private readonly cY: Float32Array; private readonly cT: Float64Array;
  private readonly cKey: Int32Array; private readonly cLen: Float32Array; private readonly cTol: Float64Array;
  private readonly cA1: Float32Array; private readonly cA2: Float32Array; private readonly cFrom: Uint16Array; private readonly cTo: Uint16Array;
  private readonly cCol: Uint16Array;
  /** The best alignment's pairs (probe and candidate minutia indices, prepared order) after `align`. */
  readonly bi: Uint16Array; readonly bj: Uint16Array;
  /** Which probe the kernel's memory holds: a probe is loaded only when another one was loaded since. */
  private loaded: Prepared | null = null;

  constructor() {
    // cos, sin and atan2 come from this host so that the kernel's results are bit-identical to JavaScript's.
    const instance = new WebAssembly.Instance(new WebAssembly.Module(decodeBase64(ALIGN_WASM_BASE64)),
      { env: { cos: Math.cos, sin: Math.sin, atan2: Math.atan2 } });
    const x = instance.exports as unknown as KernelExports;
    this.x = x;
    const g = (name: string): number => (x[name] as WebAssembly.Global).value as number;
    if (g('END') > x.memory.buffer.byteLength) throw new RangeError('align kernel: layout exceeds its memory');
    // The memory never grows (fixed maximum), so views made once stay valid.
    const buf = x.memory.buffer;
    this.maxMinutiae = g('MAX_MINUTIAE'); this.maxEdges = g('MAX_EDGES'); this.maxEntries = g('MAX_ENTRIES');
    this.maxKeys = g('MAX_KEYS'); this.maxColumns = g('MAX_COLUMNS');
    const M = this.maxMinutiae, E = this.maxEdges;
    if (L_BINS * A_BINS * A_BINS > this.maxKeys) throw new RangeError('align kernel: edge bucket keys exceed its table');
    this.pLen = new Float32Array(buf, g('P_LEN'), E); this.pA1 = new Float32Array(buf, g('P_A1'), E); this.pA2 = new Float32Array(buf, g('P_A2'), E);
    this.pFrom = new Uint16Array(buf, g('P_FROM'), E); this.pTo = new Uint16Array(buf, g('P_TO'), E);
    this.pX = new Float64Array(buf, g('P_X'), M); this.pY = new Float64Array(buf, g('P_Y'), M); this.pT = new Float64Array(buf, g('P_T'), M);
    this.cX = new Float32Array(buf, g('C_X'), M); this.cY = new Float32Array(buf, g('C_Y'), M); this.cT = new Float64Array(buf, g('C_T'), M);
    this.cKey = new Int32Array(buf, g('C_KEY'), E); this.cLen = new Float32Array(buf, g('C_LEN'), E); this.cTol = new Float64Array(buf, g('C_TOL'), E);
    this.cA1 = new Float32Array(buf, g('C_A1'), E); this.cA2 = new Float32Array(buf, g('C_A2'), E);
    this.cFrom = new Uint16Array(buf, g('C_FROM'), E); this.cTo = new Uint16Array(buf, g('C_TO'), E);
    this.cCol = new Uint16Array(buf, g('C_COL'), this.maxColumns);
    this.bi = new Uint16Array(buf, g('BI'), M); this.bj = new Uint16Array(buf, g('BJ'), M);
    x.configure(params.roots, params.minAnchorVotes, params.fallbackBelow, params.fallbackAnchorVotes, params.refitMargin,
      params.edgeAngleTolerance, params.pairAngle, params.pairDistance, params.pairDistanceGrowth,
      params.edgeLengthBin, A_STEP, A_BINS, L_BINS);
    x.configureScale(params.refitScaleLimit, params.refitScaleMinPairs);
  }

  /** Best alignment of prepared probe `p` on prepared candidate `c`: its pair count (pairs in bi/bj; transform in
   * bestRot/bestScale/bestDx/bestDy). */
  align(p: Prepared, c: Prepared): number {
    if (p.n < 2 || c.n < 2) return 0;
    if (c.n > this.maxMinutiae || c.len.length > this.maxEdges || c.colStart.length > this.maxColumns) {
      throw new RangeError(`align kernel: candidate too large (${c.n} minutiae, ${c.len.length} edges, ${c.colStart.length} columns)`);
    }
    if (this.loaded !== p) {
      this.loaded = null;
      if (p.n > this.maxMinutiae || p.len.length > this.maxEdges) throw new RangeError(`align kernel: probe too large (${p.n} minutiae, ${p.len.length} edges)`);
      this.pLen.set(p.len); this.pA1.set(p.a1); this.pA2.set(p.a2); this.pFrom.set(p.from); this.pTo.set(p.to);
      this.pX.set(p.x); this.pY.set(p.y); this.pT.set(p.t);
      if (this.x.loadProbe(p.len.length) < 0) throw new RangeError(`align kernel: probe edges exceed its bucket table (${p.len.length} edges)`);
      this.loaded = p;
    }
    this.cX.set(c.x); this.cY.set(c.y); this.cT.set(c.t);
    this.cKey.set(c.voteKey); this.cLen.set(c.len); this.cTol.set(c.lenTol); this.cA1.set(c.a1); this.cA2.set(c.a2);
    this.cFrom.set(c.from); this.cTo.set(c.to); this.cCol.set(c.colStart);
    return this.x.align(p.n, c.n, c.len.length, c.colStart.length, c.bx0, c.bx1, c.by0, c.by1);
  }

  get bestRot(): number { return this.x.bestRot.value as number; }
  get bestScale(): number { return this.x.bestScale.value as number; }
  get bestDx(): number { return this.x.bestDx.value as number; }
  get bestDy(): number { return this.x.bestDy.value as number; }
}

let kernel: AlignKernel | undefined;
/** This thread's kernel (WebAssembly instances are per thread; created on first use). */
export function alignKernel(): AlignKernel {
  kernel ??= new AlignKernel();
  return kernel;
}
