// The control block shared by the face index and its scan workers: int32 words, then one float64.
export const C = { seq: 0, done: 1, from: 2, to: 3, dim: 4, chunk: 5, shortlist: 6, count: 7, f64Offset: 64 } as const;
export const CONTROL_BYTES = 72;

export interface WorkerInit {
  module: WebAssembly.Module;
  memory: WebAssembly.Memory;
  probeAt: number;
  rowsAt: number;
  outAt: number;
  control: SharedArrayBuffer;
  results: SharedArrayBuffer;
  shortlist: number;
}
