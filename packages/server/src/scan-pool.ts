// Splits one face scan over threads. A 1M-template projected scan runs at about the memory's pace on
// one core, so a second core halves it. The rows are cut into blocks that the owner and the workers
// claim one at a time from a shared counter (scan-protocol.ts): each thread keeps its own shortlist
// and the owner merges them (a global top R is within the union of per-thread top Rs). Claiming
// instead of a fixed half each means a worker the operating system does not schedule in time (the
// other core busy) costs nothing but its share: the owner scans the blocks it does not take, rather
// than finishing its half and then waiting. Workers sleep on a shared control word (Atomics), not on
// messages, so a task starts within microseconds and the owner's search stays synchronous: it waits
// for the workers with Atomics.wait (allowed on Node's main thread).
import { Worker } from 'node:worker_threads';
import type { RowsLayout } from './simd-dot.ts';
import { C, CONTROL_BYTES, T, TASK_BYTES, claimBlock, taskTag, type WorkerInit } from './scan-protocol.ts';

interface Helper { worker: Worker; ctrl: Int32Array; f64: Float64Array; slots: Int32Array; scores: Float64Array; ready: boolean }

/** A worker that has not finished a block within this long is retired (and the scan redone alone). */
const STALL_MS = 10_000;

export class ScanPool {
  private readonly helpers: Helper[] = [];
  private readonly task = new Int32Array(new SharedArrayBuffer(TASK_BYTES));
  private seq = 0;

  /** `layout.outAt[1..]` are the workers' result areas: one lane per worker. */
  constructor(layout: RowsLayout, workers: number, readonly shortlist: number) {
    if (layout.outAt.length < workers + 1) throw new Error('one result lane per worker is needed');
    for (let w = 0; w < workers; w++) {
      const control = new SharedArrayBuffer(CONTROL_BYTES);
      const results = new SharedArrayBuffer(shortlist * 16);
      const init: WorkerInit = { module: layout.module, memory: layout.memory, probeAt: layout.probeAt, rowsAt: layout.rowsAt, outAt: layout.outAt[w + 1], control, task: this.task.buffer as SharedArrayBuffer, results, shortlist };
      const worker = new Worker(new URL('./scan-worker-boot.mjs', import.meta.url), { workerData: init });
      const h: Helper = {
        worker, ctrl: new Int32Array(control), f64: new Float64Array(control, C.f64Offset),
        slots: new Int32Array(results, 0, shortlist), scores: new Float64Array(results, shortlist * 8, shortlist), ready: false,
      };
      worker.once('message', () => { h.ready = true; });
      worker.on('error', (e) => { h.ready = false; if (process.env.CANDOR_DEBUG_POOL) console.error(e); }); // a dead helper only costs speed: the owner scans alone
      worker.unref();
      this.helpers.push(h);
    }
  }

  /** Helpers ready to take part now. */
  get readyCount(): number { return this.helpers.filter((h) => h.ready).length; }

  /** Waits (asynchronously) until every helper has started; for benches and tests. */
  async whenReady(timeoutMs = 30_000): Promise<void> {
    const until = Date.now() + timeoutMs;
    while (this.readyCount < this.helpers.length && Date.now() < until) await new Promise((r) => setTimeout(r, 10));
  }

  /**
   * Scans rows [start, end) in blocks of `blockRows` (a multiple of `chunk`) with the ready helpers:
   * the owner runs `scan(from, to)` on each block it claims, and every helper's shortlist is handed to
   * `offer`. The probe is already in the shared memory. If a helper stalls, it is retired and
   * `rescanAll()` is called instead of the merge (the caller starts its shortlist over, alone).
   */
  run(start: number, end: number, blockRows: number, dim: number, chunk: number, qs: number,
    scan: (from: number, to: number) => void, offer: (slot: number, score: number) => void, rescanAll: () => void): void {
    const used = this.helpers.filter((h) => h.ready);
    const seq = (this.seq = (this.seq + 1) & 0x3fffffff) || (this.seq = 1);
    const tag = taskTag(seq), blocks = Math.ceil((end - start) / blockRows), task = this.task;
    if (blocks > 0xffff) throw new RangeError(`${blocks} blocks in one scan`);
    task[T.processed] = 0; task[T.blocks] = blocks; task[T.blockRows] = blockRows; task[T.start] = start; task[T.end] = end;
    Atomics.store(task, T.claim, tag << 16);
    for (const h of used) {
      h.ctrl[C.dim] = dim; h.ctrl[C.chunk] = chunk; h.ctrl[C.shortlist] = this.shortlist; h.f64[0] = qs;
      Atomics.store(h.ctrl, C.seq, seq);
      Atomics.notify(h.ctrl, C.seq);
    }
    for (let b = claimBlock(task, tag); b >= 0; b = claimBlock(task, tag)) {
      const from = start + b * blockRows;
      scan(from, Math.min(end, from + blockRows));
      Atomics.add(task, T.processed, 1);
    }
    // Every block is claimed; wait until the helpers holding one have finished it.
    const deadline = Date.now() + STALL_MS;
    for (let p = Atomics.load(task, T.processed); p < blocks; p = Atomics.load(task, T.processed)) {
      if (Date.now() > deadline) return this.stalled(used, rescanAll);
      Atomics.wait(task, T.processed, p, 100);
    }
    for (const h of used) {
      if (Atomics.load(h.ctrl, C.mine) !== seq) continue; // took no block: nothing to merge
      while (Atomics.load(h.ctrl, C.done) !== seq) {
        if (Date.now() > deadline) return this.stalled(used, rescanAll);
        Atomics.wait(h.ctrl, C.done, Atomics.load(h.ctrl, C.done), 100);
      }
      const n = h.ctrl[C.count];
      for (let j = 0; j < n; j++) offer(h.slots[j], h.scores[j]);
    }
  }

  private stalled(used: Helper[], rescanAll: () => void): void {
    Atomics.store(this.task, T.claim, (taskTag(this.seq) << 16) | 0xffff); // past the last block: nothing more is claimed
    for (const h of used) { h.ready = false; void h.worker.terminate(); }
    rescanAll();
  }

  close(): void {
    for (const h of this.helpers) { Atomics.store(h.ctrl, C.seq, -1); Atomics.notify(h.ctrl, C.seq); void h.worker.terminate(); }
  }
}
