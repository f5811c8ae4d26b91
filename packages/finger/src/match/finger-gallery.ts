// Slot-addressed storage of finger templates with the 1:N prefilter over them. It holds what a
// search needs and nothing about records: FingerIndex (records of several fingers, fused evidence)
// and the server's registry indexes (records, finger positions, their own fusion) both build on it.
// Templates are kept encoded (12 + 6n bytes of minutiae, plus ~140 bytes of ridge field in version 2)
// back to back in a few large byte arenas and decoded only when a search shortlists them, each followed by
// its stage-two neighbour lists and their edges' direction bins (~350 bytes each): a million fingers take
// about 1.1 GB (400 MB without the lists, 250 MB in version 1; the posting lists of stage one come on top) and add no per-finger object
// for the garbage collector to trace (decoded templates were ~40 objects each, 40M in a ten-print
// registry of 100k people; one Uint8Array per finger would still be 1M buffers to track). A gallery
// knows nothing of finger positions: the server keeps one gallery per position (finger-shelves.ts),
// which also keeps a positioned probe's posting scan to its own position. Not thread-safe.
import { params } from '../params.ts';
import { decodeTemplate, encodeTemplate } from '../template/binary.ts';
import type { FingerTemplate } from '../types.ts';
import { EdgeIndex, EdgeList, codesOf, edgeCodes, edgeList, minutiaArrays, neighbourCount, probeCodes, MAX_LISTED_MINUTIAE } from './prefilter.ts';
import { RevoteProbe, Revoter, revoteLists, revoteShapes } from './revote.ts';

/** A probe finger's prefilter features, computed once and reused for every shortlist call. */
export class GalleryProbe {
  readonly codes: Int32Array;
  private revote: RevoteProbe | null = null;
  constructor(readonly template: FingerTemplate) { this.codes = probeCodes(template, params.prefilterProbeNeighbours, params.prefilterProbeMargin); }
  /** Built on first use: a small gallery never runs stage two. */
  get revoteProbe(): RevoteProbe { return (this.revote ??= new RevoteProbe(this.template)); }
}

export interface ShortlistOptions {
  /** Slots the rotation vote keeps for the translation vote (default: `revoteDepth` of the gallery's size; 0 = off). */
  revote?: number;
  /** Stage one's best slots added to stage two's `count` when stage one cut the gallery (default
   * `prefilterStageOneReserve`; 0 = none). */
  reserve?: number;
  /** The deep pass (params.deep*): also stage two's best `deepShortlist` of a deeper re-rank
   * (`deepRevoteDepth`) and everything the normal pass re-ranked, after the normal shortlist. */
  deep?: boolean;
}

/** Stage two's default depth for a gallery of `size` fingers: a share of it, within a floor and a cap (params). */
export function revoteDepth(size: number): number {
  return Math.min(params.prefilterRevoteMax, Math.max(params.prefilterRevote, Math.round(params.prefilterRevoteShare * size)));
}

/** Stage two's depth in a deep pass over a gallery of `size` fingers (never less than the normal depth). */
export function deepRevoteDepth(size: number): number {
  return Math.max(revoteDepth(size), Math.min(params.deepRevoteMax, Math.round(params.deepRevoteShare * size)));
}

export class FingerGallery {
  private readonly edges = new EdgeIndex();
  private readonly revoter = new Revoter();
  private norm = new Float32Array(1024);
  private readonly arena = new ByteArena();
  /** Where slot s's bytes are: arena position, and length (0 = empty slot). */
  private at = new Float64Array(1024);
  private len = new Uint32Array(1024);
  /** Bytes of stage-two neighbour lists stored after slot s's template bytes. */
  private listLen = new Uint32Array(1024);
  private slots = 0;
  private free: number[] = [];

  /** Slots in use. */
  get size(): number { return this.slots - this.free.length; }

  /** Stores a template; returns its slot, or -1 when it has too few minutiae to be searched. */
  add(template: FingerTemplate): number {
    // Indexed from its stored form (positions rounded, directions in 256 steps), as addEncoded does:
    // the prefilter sees the same finger whichever way it arrived, and remove() finds its postings.
    const bytes = encodeTemplate(template);
    return this.store(decodeTemplate(bytes), bytes);
  }

  /** Stores an encoded template (its bytes are copied; not re-encoded); -1 when too few minutiae. Throws
   * FingerError TEMPLATE_CORRUPT / TEMPLATE_VERSION on bytes that are not a template. */
  addEncoded(bytes: Uint8Array): number {
    return this.store(decodeTemplate(bytes), bytes);
  }

  private store(t: FingerTemplate, bytes: Uint8Array): number {
    if (t.minutiae.length < 2) return -1;
    const slot = this.free.pop() ?? this.grow();
    // One nearest-neighbour search serves both stages: stage one's edge codes use the 18 nearest of each
    // minutia, and the first 10 of those lists are kept for stage two, which would otherwise search again
    // for every shortlisted candidate (docs/finger.md, session 12).
    const { xs, ys, angles, n } = minutiaArrays(t);
    const wide = neighbourCount(Math.min(n, MAX_LISTED_MINUTIAE), params.prefilterNeighbours);
    const found = new Uint8Array(Math.min(n, MAX_LISTED_MINUTIAE) * wide);
    const codes = codesOf(edgeList(xs, ys, angles, n, params.prefilterNeighbours, storeEdges, found));
    this.edges.add(slot, codes);
    this.norm[slot] = 1 / Math.sqrt(Math.max(1, codes.length));
    // Stored after the template bytes: one byte per kept neighbour (about 350 bytes for 35 minutiae).
    const lists = revoteLists(found, n, wide);
    // Then the direction bins of those edges, one byte each (revoteShapes): stage two then needs directions
    // only for the edges whose shape the probe has.
    const shapes = revoteShapes(xs, ys, angles, n, lists);
    const record = new Uint8Array(bytes.length + 2 * lists.length);
    record.set(bytes); record.set(lists, bytes.length); record.set(shapes, bytes.length + lists.length);
    this.at[slot] = this.arena.put(record);
    this.len[slot] = bytes.length;
    this.listLen[slot] = lists.length;
    return slot;
  }

  /** Frees a slot for reuse. Its bytes stay in the arena (a hole): removals are rare (corrections,
   * erasure requests), and a restart loads the registry compactly. */
  remove(slot: number): void {
    const bytes = this.bytes(slot);
    if (!bytes) return;
    this.edges.remove(slot, edgeCodes(decodeTemplate(bytes)));
    this.norm[slot] = 0; this.len[slot] = 0; this.listLen[slot] = 0;
    this.free.push(slot);
  }

  has(slot: number): boolean { return slot >= 0 && slot < this.slots && this.len[slot] > 0; }
  /** The stored bytes: a view into the arena (do not write to it). */
  bytes(slot: number): Uint8Array | null { return this.has(slot) ? this.arena.view(this.at[slot], this.len[slot]) : null; }
  /** Stage two's neighbour lists of the stored finger (see store). */
  private lists(slot: number): Uint8Array { return this.arena.view(this.at[slot] + this.len[slot], this.listLen[slot]); }
  /** The direction bins of those lists' edges (see store). */
  private shapes(slot: number): Uint8Array { return this.arena.view(this.at[slot] + this.len[slot] + this.listLen[slot], this.listLen[slot]); }
  /** The stored template, decoded (a new object each call). */
  template(slot: number): FingerTemplate {
    const b = this.bytes(slot);
    if (!b) throw new RangeError(`finger slot ${slot} is empty`);
    return decodeTemplate(b);
  }

  /**
   * The slots most likely to hold a mate of the probe. Stage one, the rotation vote over the edge index,
   * ranks every slot and keeps max(count, revote); when that is more than `count`, stage two (the
   * rigid-transform vote, revote.ts) re-ranks them and its best `count` come first (ties keep stage one's
   * order), followed by those of stage one's best `reserve` that stage two left out, when stage one had
   * to cut the gallery. The two votes fail on different prints: stage two, which wants one translation
   * for the whole print, drops distorted mates that stage one ranks in its first few hundred (500k-finger
   * shard: DB3 105_2 at 225 → 7,536, DB4 101_6 86 → 706), so the full matcher sees both lists
   * (docs/finger.md, session 17).
   */
  shortlist(probe: GalleryProbe | FingerTemplate, count: number, opts: ShortlistOptions = {}): number[] {
    const p = probe instanceof GalleryProbe ? probe : new GalleryProbe(probe);
    const revote = opts.revote ?? revoteDepth(this.size);
    // A deep pass re-ranks deeper; the normal shortlist is taken from the first `revote` of the same
    // ranking (stage two scores each slot on its own, so its scores there are the normal pass's).
    const deep = opts.deep && revote > 0 ? Math.max(revote, deepRevoteDepth(this.size)) : 0;
    const first = this.edges.top(p.codes, this.slots, this.norm, Math.max(count, revote, deep));
    if (first.length <= count) return first;
    const rp = p.revoteProbe;
    const scores = new Float64Array(first.length);
    for (let k = 0; k < first.length; k++) scores[k] = this.revoter.score(rp, this.bytes(first[k])!, this.lists(first[k]), this.shapes(first[k]));
    // Stage two's best `keep` of stage one's first `n` (ties keep stage one's order: the sort is stable).
    const best = (n: number, keep: number) => Array.from({ length: n }, (_, k) => k).sort((a, b) => scores[b] - scores[a]).slice(0, keep).map((k) => first[k]);
    // The normal pass's share of the ranking: all of it unless the deep pass ranked further.
    const normalFirst = Math.min(first.length, Math.max(count, revote));
    const out = best(normalFirst, count);
    const reserve = Math.min(normalFirst, this.size > normalFirst ? (opts.reserve ?? params.prefilterStageOneReserve) : 0);
    const taken = new Set(out);
    const append = (slots: Iterable<number>) => { for (const s of slots) if (!taken.has(s)) { taken.add(s); out.push(s); } };
    if (reserve > 0) append(first.slice(0, reserve));
    if (deep) { append(best(first.length, params.deepShortlist)); append(first.slice(0, normalFirst)); }
    return out;
  }

  private grow(): number {
    const slot = this.slots++;
    if (slot >= this.norm.length) {
      const n = this.norm.length * 2;
      this.norm = grown(this.norm, new Float32Array(n));
      this.at = grown(this.at, new Float64Array(n)); this.len = grown(this.len, new Uint32Array(n));
      this.listLen = grown(this.listLen, new Uint32Array(n));
    }
    return slot;
  }
}

function grown<T extends Float32Array | Float64Array | Uint32Array>(from: T, to: T): T { to.set(from as never); return to; }

const storeEdges = new EdgeList();

/** Append-only byte storage in 16 MB chunks; a position is chunk × CHUNK + offset. */
class ByteArena {
  private static readonly CHUNK = 1 << 24;
  private readonly chunks: Uint8Array[] = [];
  private used = ByteArena.CHUNK; // forces the first chunk

  put(bytes: Uint8Array): number {
    if (bytes.length > ByteArena.CHUNK) throw new RangeError(`template of ${bytes.length} bytes`);
    if (this.used + bytes.length > ByteArena.CHUNK) { this.chunks.push(new Uint8Array(ByteArena.CHUNK)); this.used = 0; }
    const c = this.chunks.length - 1;
    this.chunks[c].set(bytes, this.used);
    const at = c * ByteArena.CHUNK + this.used;
    this.used += bytes.length;
    return at;
  }

  view(at: number, length: number): Uint8Array {
    const c = Math.floor(at / ByteArena.CHUNK), off = at - c * ByteArena.CHUNK;
    return this.chunks[c].subarray(off, off + length);
  }
}
