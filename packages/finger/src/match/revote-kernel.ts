// Host side of the prefilter's WebAssembly stage two (assembly/revote.ts): one instance per thread,
// made on first use. A search's probe edge chains are copied in once (when another probe was loaded
// since); per candidate the Revoter decodes the minutiae and writes the neighbour lists and direction
// bins straight into the kernel's memory through the views below, then calls `score`.

import { REVOTE_WASM_BASE64 } from './revote-kernel.wasm.ts';

interface RevoteExports {
  memory: WebAssembly.Memory;
  configure(lenTableSize: number, angleBins: number, rotationBins: number, translationBin: number, translationOffset: number): void;
  score(m: number, stride: number, take: number): number;
  [offset: string]: unknown;
}

/** What the kernel needs of a probe: edges chained by shape code, positions relative to the centroid. */
export interface RevoteKernelProbe {
  head: Int32Array; next: Int32Array; count: number;
  x: Float64Array; y: Float64Array; beta: Float64Array; cos: Float64Array; sin: Float64Array;
}

function decodeBase64(s: string): Uint8Array<ArrayBuffer> {
  const bin = atob(s);
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
}

export class RevoteKernel {
  private readonly x: RevoteExports;
  readonly maxCodes: number; readonly maxProbeEdges: number; readonly maxMinutiae: number; readonly maxList: number;
  readonly maxLenTable: number; readonly maxRotationBins: number; readonly translationBins: number;
  private readonly head: Int32Array; private readonly next: Int32Array;
  private readonly px: Float64Array; private readonly py: Float64Array; private readonly pbeta: Float64Array;
  private readonly pcos: Float64Array; private readonly psin: Float64Array;
  /** The candidate: minutiae (first maxMinutiae), neighbour lists and their direction bins; written by the caller. */
  readonly xs: Float64Array; readonly ys: Float64Array; readonly as: Float64Array;
  readonly lists: Uint8Array; readonly shapes: Uint8Array;
  private readonly lenBin: Int8Array;
  private loaded: RevoteKernelProbe | null = null;
  private config = '';

  constructor() {
    const instance = new WebAssembly.Instance(new WebAssembly.Module(decodeBase64(REVOTE_WASM_BASE64)), {});
    const x = instance.exports as unknown as RevoteExports;
    this.x = x;
    const g = (name: string): number => (x[name] as WebAssembly.Global).value as number;
    if (g('END') > x.memory.buffer.byteLength) throw new RangeError('revote kernel: layout exceeds its memory');
    // The memory never grows (fixed maximum), so views made once stay valid.
    const buf = x.memory.buffer;
    this.maxCodes = g('MAX_CODES'); this.maxProbeEdges = g('MAX_PROBE_EDGES'); this.maxMinutiae = g('MAX_MINUTIAE');
    this.maxList = g('MAX_LIST'); this.maxLenTable = g('MAX_LEN_TABLE'); this.maxRotationBins = g('MAX_ROTATION_BINS');
    this.translationBins = g('T_BINS');
    const PE = this.maxProbeEdges, M = this.maxMinutiae;
    this.head = new Int32Array(buf, g('HEAD'), this.maxCodes); this.next = new Int32Array(buf, g('NEXT'), PE);
    this.px = new Float64Array(buf, g('PX'), PE); this.py = new Float64Array(buf, g('PY'), PE); this.pbeta = new Float64Array(buf, g('PBETA'), PE);
    this.pcos = new Float64Array(buf, g('PCOS'), PE); this.psin = new Float64Array(buf, g('PSIN'), PE);
    this.xs = new Float64Array(buf, g('XS'), M); this.ys = new Float64Array(buf, g('YS'), M); this.as = new Float64Array(buf, g('AS'), M);
    this.lists = new Uint8Array(buf, g('LISTS'), this.maxList); this.shapes = new Uint8Array(buf, g('SHAPES'), this.maxList);
    this.lenBin = new Int8Array(buf, g('LEN_BIN'), this.maxLenTable);
  }

  /** A binning's identity for `configure` (made once per Revoter, not per candidate). */
  static configKey(lenBin: Int8Array, angleBins: number, rotationBins: number, translationBin: number, translationOffset: number): string {
    return `${angleBins}/${rotationBins}/${translationBin}/${translationOffset}/${lenBin.length}`;
  }

  /** Sets the binning (a Revoter's options) and the squared-length → length-bin table, unless `key` is already set. */
  configure(key: string, lenBin: Int8Array, angleBins: number, rotationBins: number, translationBin: number, translationOffset: number): void {
    if (key === this.config) return;
    if (lenBin.length > this.maxLenTable || rotationBins > this.maxRotationBins || angleBins > 16) {
      throw new RangeError(`revote kernel: binning out of range (${rotationBins} rotation bins, ${angleBins} angle bins, ${lenBin.length} lengths)`);
    }
    this.lenBin.set(lenBin);
    this.x.configure(lenBin.length, angleBins, rotationBins, translationBin, translationOffset);
    this.config = key;
  }

  /** Loads a probe's edge chains unless it is the one loaded. */
  useProbe(p: RevoteKernelProbe): void {
    if (this.loaded === p) return;
    this.loaded = null;
    if (p.head.length > this.maxCodes || p.count > this.maxProbeEdges) {
      throw new RangeError(`revote kernel: probe too large (${p.count} edges, ${p.head.length} codes)`);
    }
    this.head.set(p.head); this.next.set(p.next.subarray(0, p.count));
    this.px.set(p.x.subarray(0, p.count)); this.py.set(p.y.subarray(0, p.count)); this.pbeta.set(p.beta.subarray(0, p.count));
    this.pcos.set(p.cos.subarray(0, p.count)); this.psin.set(p.sin.subarray(0, p.count));
    this.loaded = p;
  }

  /** Votes of the fullest cell for the candidate written into xs/ys/as, lists and shapes. */
  score(m: number, stride: number, take: number): number {
    if (m > this.maxMinutiae || m * stride > this.maxList) throw new RangeError(`revote kernel: candidate too large (${m} × ${stride})`);
    return this.x.score(m, stride, take);
  }
}

let kernel: RevoteKernel | undefined;
/** This thread's kernel (created on first use). */
export function revoteKernel(): RevoteKernel {
  kernel ??= new RevoteKernel();
  return kernel;
}
