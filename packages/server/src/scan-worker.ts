// A face-scan worker thread (scan-pool.ts). It instantiates the SIMD kernel on the owner's shared
// memory, then sleeps on a control word; on each task it claims blocks of rows from the shared task
// words until none is left, keeping its own shortlist against the probe the owner already wrote into
// that memory, and publishes the shortlist. It never touches the rows' JavaScript side, so it needs
// nothing from the owner after start but a task's numbers.
import { workerData, parentPort } from 'node:worker_threads';
import { int32Floor, type Exports } from './simd-dot.ts';
import { shortlistAbove, TopSlots } from './top-slots.ts';
import { C, T, claimBlock, taskTag, type WorkerInit } from './scan-protocol.ts';

const init = workerData as WorkerInit;
const x = new WebAssembly.Instance(init.module, { env: { memory: init.memory } }).exports as unknown as Exports;
const ctrl = new Int32Array(init.control);
const task = new Int32Array(init.task);
const f64 = new Float64Array(init.control, C.f64Offset);
const slots = new Int32Array(init.results, 0, init.shortlist);
const scores = new Float64Array(init.results, init.shortlist * 8, init.shortlist);
parentPort!.postMessage('ready');

let seen = 0;
for (;;) {
  Atomics.wait(ctrl, C.seq, seen);
  seen = Atomics.load(ctrl, C.seq);
  if (seen < 0) break;
  const dim = ctrl[C.dim], chunk = ctrl[C.chunk], size = ctrl[C.shortlist], qs = f64[0];
  const best = new TopSlots(size);
  const tag = taskTag(seen);
  for (let b = claimBlock(task, tag), first = true; b >= 0; b = claimBlock(task, tag), first = false) {
    // Said before the block counts as processed: the owner, once every block is processed, waits
    // for exactly the helpers that say they took part.
    if (first) Atomics.store(ctrl, C.mine, seen);
    const from = task[T.start] + b * task[T.blockRows], to = Math.min(task[T.end], from + task[T.blockRows]);
    shortlistAbove(best, from, to, chunk, qs, (at, count, floor) => {
      const n = x.dotsAbove(init.probeAt, init.rowsAt + at * dim, count, dim, int32Floor(floor), init.outAt);
      return new Int32Array(init.memory.buffer, init.outAt, 2 * n);
    });
    Atomics.add(task, T.processed, 1);
    Atomics.notify(task, T.processed);
  }
  ctrl[C.count] = best.copyTo(slots, scores);
  Atomics.store(ctrl, C.done, seen);
  Atomics.notify(ctrl, C.done);
}
