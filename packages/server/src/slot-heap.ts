// Shortlists of a scan: used by the face index and by its scan workers (scan-pool.ts).

/** The `size` best slots by score: a binary min-heap, so a shortlist of thousands stays cheap. */
export class SlotHeap {
  private readonly score: Float64Array;
  private readonly slot: Int32Array;
  private n = 0;
  constructor(readonly size: number) {
    this.score = new Float64Array(size);
    this.slot = new Int32Array(size);
  }
  /** Scores at or below this cannot enter. */
  get floor(): number { return this.n < this.size ? -Infinity : this.score[0]; }
  offer(slot: number, score: number): void {
    if (this.n < this.size) {
      let i = this.n++;
      while (i > 0) { const p = (i - 1) >> 1; if (this.score[p] <= score) break; this.score[i] = this.score[p]; this.slot[i] = this.slot[p]; i = p; }
      this.score[i] = score; this.slot[i] = slot;
      return;
    }
    if (score <= this.score[0]) return;
    let i = 0;
    for (;;) {
      const l = 2 * i + 1;
      if (l >= this.n) break;
      const c = l + 1 < this.n && this.score[l + 1] < this.score[l] ? l + 1 : l;
      if (this.score[c] >= score) break;
      this.score[i] = this.score[c]; this.slot[i] = this.slot[c]; i = c;
    }
    this.score[i] = score; this.slot[i] = slot;
  }
  get length(): number { return this.n; }
  slots(): Int32Array { return this.slot.slice(0, this.n); }
  /** Copies the held (slot, score) pairs out; returns how many. */
  copyTo(slots: Int32Array, scores: Float64Array): number {
    slots.set(this.slot.subarray(0, this.n)); scores.set(this.score.subarray(0, this.n));
    return this.n;
  }
}


/**
 * Offers rows [start, end) to `best`, `chunk` rows per kernel call: `dotsAbove(from, count, floor)`
 * returns pairs (row − from, dot) whose dot exceeds the floor, a score being dot · scale. The first
 * call covers only as many rows as the heap holds: until it is full the floor is −∞ and every row
 * comes back, which over a whole chunk would be thousands of heap offers. Shared by the face index
 * and its scan workers.
 */
export function shortlistAbove(best: SlotHeap, start: number, end: number, chunk: number, scale: number,
  dotsAbove: (from: number, count: number, floor: number) => Int32Array): void {
  for (let from = start; from < end;) {
    const count = Math.min(best.length < best.size ? best.size : chunk, chunk, end - from);
    const pairs = dotsAbove(from, count, best.floor / scale);
    for (let j = 0; j < pairs.length; j += 2) {
      const s = pairs[j + 1] * scale;
      if (s > best.floor) best.offer(from + pairs[j], s);
    }
    from += count;
  }
}
