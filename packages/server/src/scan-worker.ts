// A face-scan worker thread (scan-pool.ts). It instantiates the SIMD kernel on the owner's shared
// memory, then sleeps on a control word; each task is a row range to shortlist against the probe
// the owner already wrote into that memory. It never touches the rows' JavaScript side, so it needs
// nothing from the owner after start but a task's numbers.
import { workerData, parentPort } from 'node:worker_threads';
import { int32Floor, type Exports } from './simd-dot.ts';
import { shortlistAbove, SlotHeap } from './slot-heap.ts';
import { C, type WorkerInit } from './scan-protocol.ts';

const init = workerData as WorkerInit;
const x = new WebAssembly.Instance(init.module, { env: { memory: init.memory } }).exports as unknown as Exports;
const ctrl = new Int32Array(init.control);
const f64 = new Float64Array(init.control, C.f64Offset);
const slots = new Int32Array(init.results, 0, init.shortlist);
const scores = new Float64Array(init.results, init.shortlist * 8, init.shortlist);
parentPort!.postMessage('ready');

let seen = 0;
for (;;) {
  Atomics.wait(ctrl, C.seq, seen);
  seen = Atomics.load(ctrl, C.seq);
  if (seen < 0) break;
  const from = ctrl[C.from], to = ctrl[C.to], dim = ctrl[C.dim], chunk = ctrl[C.chunk];
  const size = ctrl[C.shortlist], qs = f64[0];
  const best = new SlotHeap(size);
  shortlistAbove(best, from, to, chunk, qs, (at, count, floor) => {
    const n = x.dotsAbove(init.probeAt, init.rowsAt + at * dim, count, dim, int32Floor(floor), init.outAt);
    return new Int32Array(init.memory.buffer, init.outAt, 2 * n);
  });
  ctrl[C.count] = best.copyTo(slots, scores);
  Atomics.store(ctrl, C.done, seen);
  Atomics.notify(ctrl, C.done);
}
