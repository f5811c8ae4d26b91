// Splits one face scan over threads. A 1M-template projected scan is memory-bound (~10 GB/s per
// core here), so a second core halves it; the split is by row range, each thread keeps its own
// shortlist and the owner merges them (a global top R is within the union of per-range top Rs).
// Workers wait on a shared control word (Atomics), not on messages, so a task starts within
// microseconds and the owner's search stays synchronous: it scans its own range meanwhile, then
// waits for the workers with Atomics.wait (allowed on Node's main thread).
import { Worker } from 'node:worker_threads';
import type { RowsLayout } from './simd-dot.ts';
import { C, CONTROL_BYTES, type WorkerInit } from './scan-protocol.ts';

interface Helper { worker: Worker; ctrl: Int32Array; f64: Float64Array; slots: Int32Array; scores: Float64Array; ready: boolean; seq: number }

export class ScanPool {
  private readonly helpers: Helper[] = [];

  /** `layout.outAt[1..]` are the workers' result areas: one lane per worker. */
  constructor(layout: RowsLayout, workers: number, readonly shortlist: number) {
    if (layout.outAt.length < workers + 1) throw new Error('one result lane per worker is needed');
    for (let w = 0; w < workers; w++) {
      const control = new SharedArrayBuffer(CONTROL_BYTES);
      const results = new SharedArrayBuffer(shortlist * 16);
      const init: WorkerInit = { module: layout.module, memory: layout.memory, probeAt: layout.probeAt, rowsAt: layout.rowsAt, outAt: layout.outAt[w + 1], control, results, shortlist };
      const worker = new Worker(new URL('./scan-worker-boot.mjs', import.meta.url), { workerData: init });
      const h: Helper = {
        worker, ctrl: new Int32Array(control), f64: new Float64Array(control, C.f64Offset),
        slots: new Int32Array(results, 0, shortlist), scores: new Float64Array(results, shortlist * 8, shortlist), ready: false, seq: 0,
      };
      worker.once('message', () => { h.ready = true; });
      worker.on('error', (e) => { h.ready = false; if (process.env.CANDOR_DEBUG_POOL) console.error(e); }); // a dead helper only costs speed: the owner scans alone
      worker.unref();
      this.helpers.push(h);
    }
  }

  /** Helpers ready to take a range now. */
  get readyCount(): number { return this.helpers.filter((h) => h.ready).length; }

  /** Waits (asynchronously) until every helper has started; for benches and tests. */
  async whenReady(timeoutMs = 30_000): Promise<void> {
    const until = Date.now() + timeoutMs;
    while (this.readyCount < this.helpers.length && Date.now() < until) await new Promise((r) => setTimeout(r, 10));
  }

  /**
   * Starts ranges[i] on ready helper i (the probe is already in the shared memory); returns a
   * function that waits for them and offers their shortlists to `offer`. A helper that has not
   * answered within 10 s is retired and its range handed to `scanAlone` instead.
   */
  start(ranges: [number, number][], dim: number, chunk: number, qs: number): (offer: (slot: number, score: number) => void, scanAlone: (from: number, to: number) => void) => void {
    const used = this.helpers.filter((h) => h.ready).slice(0, ranges.length);
    used.forEach((h, i) => {
      h.ctrl[C.from] = ranges[i][0]; h.ctrl[C.to] = ranges[i][1]; h.ctrl[C.dim] = dim; h.ctrl[C.chunk] = chunk;
      h.ctrl[C.shortlist] = this.shortlist; h.f64[0] = qs;
      h.seq++;
      Atomics.store(h.ctrl, C.seq, h.seq);
      Atomics.notify(h.ctrl, C.seq);
    });
    return (offer, scanAlone) => {
      used.forEach((h, i) => {
        const deadline = Date.now() + 10_000;
        while (Atomics.load(h.ctrl, C.done) !== h.seq && Date.now() < deadline) Atomics.wait(h.ctrl, C.done, Atomics.load(h.ctrl, C.done), 100);
        if (Atomics.load(h.ctrl, C.done) !== h.seq) { h.ready = false; void h.worker.terminate(); scanAlone(ranges[i][0], ranges[i][1]); return; }
        const n = h.ctrl[C.count];
        for (let j = 0; j < n; j++) offer(h.slots[j], h.scores[j]);
      });
    };
  }

  close(): void {
    for (const h of this.helpers) { Atomics.store(h.ctrl, C.seq, -1); Atomics.notify(h.ctrl, C.seq); void h.worker.terminate(); }
  }
}
