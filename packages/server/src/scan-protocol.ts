// The shared words of a face scan split over threads (scan-pool.ts, scan-worker.ts).
// Per helper (int32 words, then one float64): the task sequence number it is woken with, the last
// task it finished, whether it took part in a task, its result count, and the task's numbers.
export const C = { seq: 0, done: 1, mine: 2, count: 3, dim: 4, chunk: 5, shortlist: 6, f64Offset: 64 } as const;
export const CONTROL_BYTES = 72;
// One per pool (int32 words): rows are claimed in blocks from `claim`, which packs the task's tag
// (its sequence number mod 2^15) above the next block index, so a thread still holding a finished
// task's tag can never claim a block of the next task; `processed` counts finished blocks.
export const T = { claim: 0, processed: 1, blocks: 2, blockRows: 3, start: 4, end: 5 } as const;
export const TASK_BYTES = 32;

export const taskTag = (seq: number) => seq & 0x7fff;

/** Claims the next block of the task tagged `tag`: its index, or -1 when none is left (or the task changed). */
export function claimBlock(task: Int32Array, tag: number): number {
  for (;;) {
    const v = Atomics.load(task, T.claim);
    if (v >>> 16 !== tag) return -1;
    const b = v & 0xffff;
    if (b >= task[T.blocks]) return -1;
    if (Atomics.compareExchange(task, T.claim, v, v + 1) === v) return b;
  }
}

export interface WorkerInit {
  module: WebAssembly.Module;
  memory: WebAssembly.Memory;
  probeAt: number;
  rowsAt: number;
  outAt: number;
  control: SharedArrayBuffer;
  task: SharedArrayBuffer;
  results: SharedArrayBuffer;
  shortlist: number;
}
