// Shortlists of a scan: used by the face index and by its scan workers (scan-pool.ts).

/**
 * The `size` best slots by score. Offers above the floor are appended to a buffer of 2·size; when it
 * fills, a selection (quickselect) keeps the best `size` and raises the floor to the worst of them.
 * Amortised O(1) per offer: a binary heap did ~11 sift steps per offer, about 2 ms of a 1M-row
 * projected face scan's ~15k offers on one core (a CPU profile of the scan).
 */
export class TopSlots {
  private readonly score: Float64Array;
  private readonly slot: Int32Array;
  private n = 0;
  private min = -Infinity;
  constructor(readonly size: number) {
    this.score = new Float64Array(2 * Math.max(1, size));
    this.slot = new Int32Array(2 * Math.max(1, size));
  }
  /** Scores at or below this cannot enter: the worst kept score once `size` are held, −∞ before. */
  get floor(): number { return this.min; }
  offer(slot: number, score: number): void {
    if (score <= this.min) return;
    if (this.n === this.score.length) this.shrink();
    this.score[this.n] = score; this.slot[this.n++] = slot;
    if (this.n === this.size && this.min === -Infinity) this.shrink();
  }
  /** Slots held (up to `size` after `slots()`; up to 2·size in between). */
  get length(): number { return Math.min(this.n, this.size); }
  /** The best `size` slots held, in no particular order. */
  slots(): Int32Array { this.shrink(); return this.slot.slice(0, this.n); }
  /** Copies the best (slot, score) pairs out; returns how many. */
  copyTo(slots: Int32Array, scores: Float64Array): number {
    this.shrink();
    slots.set(this.slot.subarray(0, this.n)); scores.set(this.score.subarray(0, this.n));
    return this.n;
  }

  // Keeps the best `size` (partitioned to the front), the floor becoming the worst of them.
  private shrink(): void {
    if (this.n >= this.size) {
      if (this.n > this.size) selectTop(this.score, this.slot, this.n, this.size);
      this.n = this.size;
      let m = Infinity;
      for (let i = 0; i < this.n; i++) if (this.score[i] < m) m = this.score[i];
      this.min = m;
    }
  }
}

/** Reorders the first n entries so the k best scores come first (Hoare partitioning, descending). */
function selectTop(score: Float64Array, slot: Int32Array, n: number, k: number): void {
  let lo = 0, hi = n - 1;
  while (lo < hi) {
    const pivot = score[(lo + hi) >>> 1];
    let i = lo, j = hi;
    while (i <= j) {
      while (score[i] > pivot) i++;
      while (score[j] < pivot) j--;
      if (i <= j) {
        const s = score[i]; score[i] = score[j]; score[j] = s;
        const t = slot[i]; slot[i] = slot[j]; slot[j] = t;
        i++; j--;
      }
    }
    // [lo, j] ≥ pivot ≥ [i, hi]; keep narrowing on the side that holds position k − 1.
    if (k - 1 <= j) hi = j; else if (k - 1 >= i) lo = i; else return;
  }
}

/**
 * Offers rows [start, end) to `best`, `chunk` rows per kernel call: `dotsAbove(from, count, floor)`
 * returns pairs (row − from, dot) whose dot exceeds the floor, a score being dot · scale. The first
 * call covers only as many rows as the shortlist holds: until it is full the floor is −∞ and every row
 * comes back, which over a whole chunk would be thousands of offers. Shared by the face index
 * and its scan workers.
 */
export function shortlistAbove(best: TopSlots, start: number, end: number, chunk: number, scale: number,
  dotsAbove: (from: number, count: number, floor: number) => Int32Array): void {
  for (let from = start; from < end;) {
    const count = Math.min(best.length < best.size ? best.size : chunk, chunk, end - from);
    const pairs = dotsAbove(from, count, best.floor / scale);
    // offer() itself ignores scores at or below the floor (which rises as the shortlist fills).
    for (let j = 0; j < pairs.length; j += 2) best.offer(from + pairs[j], pairs[j + 1] * scale);
    from += count;
  }
}
