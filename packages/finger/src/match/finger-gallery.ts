// Slot-addressed storage of finger templates with the 1:N prefilter over them. It holds what a
// search needs and nothing about records: FingerIndex (records of several fingers, fused evidence)
// and the server's registry indexes (records, finger positions, their own fusion) both build on it.
// Templates are kept encoded (12 + 6n bytes, one Uint8Array per slot) and decoded only when a
// search shortlists them, so a million fingers stay a few hundred MB and add few objects for the
// garbage collector to trace. Each slot carries a finger position (1–10, 0 = unknown) so a search
// for a right thumb does not spend its shortlist on other fingers. Not thread-safe.
import { params } from '../params.ts';
import { decodeTemplate, encodeTemplate } from '../template/binary.ts';
import type { FingerTemplate } from '../types.ts';
import { EdgeIndex, edgeCodes } from './prefilter.ts';
import { RevoteProbe, Revoter } from './revote.ts';

/** A probe finger's prefilter features, computed once and reused for every shortlist call. */
export class GalleryProbe {
  readonly codes: Int32Array;
  private revote: RevoteProbe | null = null;
  constructor(readonly template: FingerTemplate) { this.codes = edgeCodes(template, params.prefilterProbeNeighbours); }
  /** Built on first use: a small gallery never runs stage two. */
  get revoteProbe(): RevoteProbe { return (this.revote ??= new RevoteProbe(this.template)); }
}

export interface ShortlistOptions {
  /** Keep to slots stored with this position or with an unknown one (0); null/0 = any. */
  position?: number | null;
  /** Slots the rotation vote keeps for the translation vote (default params.prefilterRevote; 0 = off). */
  revote?: number;
}

export class FingerGallery {
  private readonly edges = new EdgeIndex();
  private readonly revoter = new Revoter();
  private norm = new Float32Array(1024);
  private tags = new Uint8Array(1024);
  private encoded: (Uint8Array | null)[] = [];
  private free: number[] = [];

  /** Slots in use. */
  get size(): number { return this.encoded.length - this.free.length; }
  /** One past the highest slot ever used (the range a scan covers). */
  get capacity(): number { return this.encoded.length; }

  /** Stores a template; returns its slot, or -1 when it has too few minutiae to be searched. */
  add(template: FingerTemplate, position: number | null = null): number {
    return this.store(template, encodeTemplate(template), position);
  }

  /** Stores an encoded template as it is (no re-encoding); -1 when too few minutiae. Throws
   * FingerError TEMPLATE_CORRUPT / TEMPLATE_VERSION on bytes that are not a template. */
  addEncoded(bytes: Uint8Array, position: number | null = null): number {
    return this.store(decodeTemplate(bytes), bytes, position);
  }

  private store(t: FingerTemplate, bytes: Uint8Array, position: number | null): number {
    if (t.minutiae.length < 2) return -1;
    if (position !== null && !(Number.isInteger(position) && position >= 0 && position <= 10)) throw new RangeError(`finger position ${position} is not 0–10`);
    const slot = this.free.pop() ?? this.grow();
    const codes = edgeCodes(t);
    this.edges.add(slot, codes);
    this.norm[slot] = 1 / Math.sqrt(Math.max(1, codes.length));
    this.tags[slot] = position ?? 0;
    this.encoded[slot] = bytes;
    return slot;
  }

  remove(slot: number): void {
    const bytes = this.encoded[slot];
    if (!bytes) return;
    this.edges.remove(slot, edgeCodes(decodeTemplate(bytes)));
    this.norm[slot] = 0; this.tags[slot] = 0; this.encoded[slot] = null;
    this.free.push(slot);
  }

  has(slot: number): boolean { return !!this.encoded[slot]; }
  position(slot: number): number | null { return this.encoded[slot] ? this.tags[slot] || null : null; }
  /** The stored bytes (not a copy). */
  bytes(slot: number): Uint8Array | null { return this.encoded[slot] ?? null; }
  /** The stored template, decoded (a new object each call). */
  template(slot: number): FingerTemplate {
    const b = this.encoded[slot];
    if (!b) throw new RangeError(`finger slot ${slot} is empty`);
    return decodeTemplate(b);
  }

  /**
   * The `count` slots most likely to hold a mate of the probe, best first. Stage one, the rotation
   * vote over the edge index, ranks every slot and keeps max(count, revote); when that is more than
   * `count`, stage two (the rigid-transform vote, revote.ts) re-ranks them. Ties keep stage one's order.
   */
  shortlist(probe: GalleryProbe | FingerTemplate, count: number, opts: ShortlistOptions = {}): number[] {
    const p = probe instanceof GalleryProbe ? probe : new GalleryProbe(probe);
    const revote = opts.revote ?? params.prefilterRevote;
    const want = opts.position ? { tags: this.tags, tag: opts.position } : undefined;
    const first = this.edges.top(p.codes, this.encoded.length, this.norm, Math.max(count, revote), want);
    if (first.length <= count) return first;
    const rp = p.revoteProbe;
    const scores = new Float64Array(first.length);
    for (let k = 0; k < first.length; k++) scores[k] = this.revoter.score(rp, this.encoded[first[k]]!);
    return Array.from(first.keys()).sort((a, b) => scores[b] - scores[a]).slice(0, count).map((k) => first[k]);
  }

  private grow(): number {
    const slot = this.encoded.length;
    if (slot + 1 > this.norm.length) {
      const norm = new Float32Array(this.norm.length * 2); norm.set(this.norm); this.norm = norm;
      const tags = new Uint8Array(this.tags.length * 2); tags.set(this.tags); this.tags = tags;
    }
    this.encoded.push(null);
    return slot;
  }
}
