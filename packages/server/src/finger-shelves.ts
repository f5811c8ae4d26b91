// A registry's fingers for 1:N: one engine gallery per finger position (ISO 1–10) and one for
// fingers of unknown position. A probe finger of a known position is searched against its own
// position and the unknown ones only, so a ten-print registry of N people costs a positioned probe
// about N fingers of prefilter scan, not 10 N (the prefilter's posting scan is the bulk of a finger
// search: docs/finger.md). A probe of unknown position is searched against every shelf.
import type { FingerGalleryPort } from './engines.ts';

/** Slots of one shelf stay below this; a finger is referred to as position × SPAN + slot. */
const SPAN = 2 ** 32;
const POSITIONS = 11; // 0 = unknown, 1–10

interface Shelf { gallery: FingerGalleryPort; owner: Int32Array }

/** Whether a probe finger of `position` (null = unknown) meets stored fingers of shelf `p`: its own position
 * and the unknown one (0), or every shelf when its position is unknown. */
function meets(position: number | null, p: number): boolean {
  return position === null || p === 0 || p === position;
}

export class FingerShelves {
  private readonly shelves: (Shelf | null)[] = new Array(POSITIONS).fill(null);
  private readonly byRecord = new Map<number, number[]>();
  /** Scores already computed for a prepared probe (by finger reference): a search shortlists
   * records by their fingers, then completes each record's contributions, which would compare the
   * same fingers again. Keyed weakly by the probe, so a search's scores go with its probe. */
  private readonly scored = new WeakMap<object, Map<number, number>>();
  constructor(private readonly newGallery: () => FingerGalleryPort) {}

  get size(): number { return this.shelves.reduce((n, s) => n + (s?.gallery.size ?? 0), 0); }

  /** Stores one finger of a record (by its integer key); false when the engine cannot search it. */
  add(recordKey: number, position: number | null, data: Uint8Array): boolean {
    const p = position ?? 0;
    if (!(Number.isInteger(p) && p >= 0 && p < POSITIONS)) throw new RangeError(`finger position ${position} is not 1–10`);
    const shelf = (this.shelves[p] ??= { gallery: this.newGallery(), owner: new Int32Array(1024) });
    const slot = shelf.gallery.add(data);
    if (slot < 0) return false;
    if (slot >= SPAN) throw new RangeError('finger shelf is full');
    if (slot >= shelf.owner.length) {
      const grown = new Int32Array(Math.max(slot + 1, shelf.owner.length * 2));
      grown.set(shelf.owner); shelf.owner = grown;
    }
    shelf.owner[slot] = recordKey;
    const ref = p * SPAN + slot;
    const list = this.byRecord.get(recordKey);
    if (list) list.push(ref); else this.byRecord.set(recordKey, [ref]);
    return true;
  }

  /**
   * Best score per record key for a prepared probe finger: each searched shelf's prefilter
   * shortlists `count` fingers (and its deep-pass candidates when `deep`), the engine's matcher compares them.
   */
  search(probe: unknown, position: number | null, count: number, deep = false): Map<number, number> {
    const best = new Map<number, number>();
    for (let p = 0; p < POSITIONS; p++) {
      const shelf = this.shelves[p];
      if (!shelf || !meets(position, p)) continue;
      for (const slot of shelf.gallery.shortlist(probe, count, deep ? { deep } : undefined)) {
        const key = shelf.owner[slot];
        const s = this.compare(probe, p * SPAN + slot);
        if (!(best.get(key)! >= s)) best.set(key, s);
      }
    }
    return best;
  }

  /** Stored fingers a probe of this position is searched against (its shelf and the unknown one; all when unknown). */
  searched(position: number | null): number {
    let n = 0;
    for (let p = 0; p < POSITIONS; p++) if (meets(position, p)) n += this.shelves[p]?.gallery.size ?? 0;
    return n;
  }

  /**
   * A record's fingers that a probe finger may be paired with, and its score against each: one entry per
   * known position (the best of that position's stored impressions, which are one finger) and one per
   * finger of unknown position. A probe of known position meets its own position and the unknown ones;
   * a probe of unknown position meets all. Positions are 0 for unknown.
   */
  scores(recordKey: number, probe: unknown, position: number | null): { position: number; score: number }[] {
    const out: { position: number; score: number }[] = [];
    for (const ref of this.byRecord.get(recordKey) ?? []) {
      const p = Math.floor(ref / SPAN);
      if (!meets(position, p)) continue;
      const s = this.compare(probe, ref);
      const same = p !== 0 ? out.find((o) => o.position === p) : undefined;
      if (!same) out.push({ position: p, score: s });
      else if (s > same.score) same.score = s;
    }
    return out;
  }

  /** The engine's comparison of a probe with one finger, once per (probe, finger). */
  private compare(probe: unknown, ref: number): number {
    let memo: Map<number, number> | undefined;
    if (typeof probe === 'object' && probe !== null) {
      memo = this.scored.get(probe);
      if (!memo) this.scored.set(probe, (memo = new Map()));
    }
    const known = memo?.get(ref);
    if (known !== undefined) return known;
    const p = Math.floor(ref / SPAN);
    const s = this.shelves[p]!.gallery.compare(probe, ref - p * SPAN);
    memo?.set(ref, s);
    return s;
  }
}
