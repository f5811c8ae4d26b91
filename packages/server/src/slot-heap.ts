// Shortlists of a scan: used by the face index and by its scan workers (scan-pool.ts).

/** The `size` best slots by score: a binary min-heap, so a shortlist of thousands stays cheap. */
export class SlotHeap {
  private readonly score: Float64Array;
  private readonly slot: Int32Array;
  private n = 0;
  constructor(private readonly size: number) {
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

