// In-memory 1:N index of finger records (one or more fingers per record id).
// Search is two-staged: the edge-index prefilter ranks every stored finger, the full matcher
// compares the probe with the best `shortlist` of them, and per-record finger scores are fused
// into -log10(FMR) evidence. Templates are kept encoded (12 + 6n bytes) and decoded only when
// shortlisted, so a million fingers fit in a few hundred MB. Not thread-safe; shard across workers.
import { params } from '../params.ts';
import { decodeTemplate, encodeTemplate } from '../template/binary.ts';
import type { FingerTemplate } from '../types.ts';
import { evidence } from './calibration.ts';
import { FingerprintMatcher } from './matcher.ts';
import { EdgeIndex, edgeCodes } from './prefilter.ts';
import { RevoteProbe, Revoter } from './revote.ts';

export interface FingerSearchHit {
  id: string;
  /** Fused evidence, -log10 of the estimated false-match rate (higher = stronger). */
  score: number;
  /** Estimated false-match rate of the fused score. */
  fmr: number;
  /** Best matcher score per probe finger, in probe order. */
  fingerScores: number[];
}
/** `revote`: slots the rotation vote keeps for the translation vote (default params.prefilterRevote; 0 = off). */
export interface FingerSearchOptions { limit?: number; shortlist?: number; revote?: number }

export class FingerIndex {
  private readonly edges = new EdgeIndex();
  private readonly revoter = new Revoter();
  private norm = new Float32Array(1024);
  private owner: (string | null)[] = [];
  private encoded: (Uint8Array | null)[] = [];
  private free: number[] = [];
  private readonly records = new Map<string, number[]>();

  get size(): number { return this.records.size; }
  get fingers(): number { return this.owner.length - this.free.length; }

  /** Adds (or replaces) a record. Empty templates are skipped. */
  add(id: string, fingers: FingerTemplate[]): void {
    this.remove(id);
    const slots: number[] = [];
    for (const f of fingers) {
      if (f.minutiae.length < 2) continue;
      const slot = this.free.pop() ?? this.grow();
      const codes = edgeCodes(f);
      this.edges.add(slot, codes);
      this.norm[slot] = 1 / Math.sqrt(Math.max(1, codes.length));
      this.owner[slot] = id; this.encoded[slot] = encodeTemplate(f);
      slots.push(slot);
    }
    if (slots.length) this.records.set(id, slots);
  }

  remove(id: string): boolean {
    const slots = this.records.get(id);
    if (!slots) return false;
    for (const s of slots) { this.edges.remove(s, edgeCodes(decodeTemplate(this.encoded[s]!))); this.norm[s] = 0; this.owner[s] = null; this.encoded[s] = null; this.free.push(s); }
    this.records.delete(id);
    return true;
  }

  /** Record id stored in a prefilter slot (see `prefilter`). */
  idOf(slot: number): string | null { return this.owner[slot] ?? null; }

  /** Prefilter stage alone: the `count` best slots for one probe finger, best first. The rotation
   * vote keeps max(count, `revote`) slots; when that is more than `count`, the rigid-transform vote
   * (revote.ts) re-ranks them and the best `count` are returned. */
  prefilter(probe: FingerTemplate, count: number, revote: number = params.prefilterRevote): number[] {
    const first = this.edges.top(edgeCodes(probe, params.prefilterProbeNeighbours), this.owner.length, this.norm, Math.max(count, revote));
    if (first.length <= count) return first;
    const rp = new RevoteProbe(probe);
    const scores = new Float64Array(first.length);
    for (let k = 0; k < first.length; k++) scores[k] = this.revoter.score(rp, this.encoded[first[k]]!);
    // Ties keep the rotation vote's order (the sort is stable).
    return Array.from(first.keys()).sort((a, b) => scores[b] - scores[a]).slice(0, count).map((k) => first[k]);
  }

  /** Records ranked by fused evidence. Shortlist defaults to params.shortlist fingers per probe finger. */
  search(probe: FingerTemplate[], opts: FingerSearchOptions = {}): FingerSearchHit[] {
    const shortlist = opts.shortlist ?? params.shortlist; const limit = opts.limit ?? 20;
    const candidates = new Set<string>();
    for (const p of probe) for (const s of this.prefilter(p, shortlist, opts.revote)) candidates.add(this.owner[s]!);
    const matchers = probe.map((p) => new FingerprintMatcher(p));
    const hits: FingerSearchHit[] = [];
    for (const id of candidates) {
      const templates = this.records.get(id)!.map((s) => decodeTemplate(this.encoded[s]!));
      const fingerScores = matchers.map((m) => Math.max(0, ...templates.map((t) => m.match(t))));
      let score = 0;
      for (const s of fingerScores) score += evidence(s);
      hits.push({ id, score, fmr: 10 ** -score, fingerScores });
    }
    return hits.sort((a, b) => b.score - a.score).slice(0, limit);
  }

  private grow(): number {
    const slot = this.owner.length;
    if (slot + 1 > this.norm.length) {
      const norm = new Float32Array(this.norm.length * 2); norm.set(this.norm); this.norm = norm;
    }
    this.owner.push(null); this.encoded.push(null);
    return slot;
  }
}
