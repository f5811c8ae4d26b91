// In-memory 1:N index of finger records (one or more fingers per record id).
// Search is two-staged: the gallery's prefilter (finger-gallery.ts) ranks every stored finger, the
// full matcher compares the probe with the best `shortlist` of them, and each record's fingers are
// paired one-to-one with the probe's and fused into an estimated false-match rate (fusion.ts).
// Fingers carry no position here, so every pairing is possible. Not thread-safe; shard across workers.
import { params } from '../params.ts';
import type { FingerTemplate } from '../types.ts';
import { evidence } from './calibration.ts';
import { FingerGallery, GalleryProbe } from './finger-gallery.ts';
import { FingerprintMatcher } from './matcher.ts';
import { fuseFingerEvidence, MAX_PROBE_FINGERS } from './fusion.ts';

export interface FingerSearchHit {
  id: string;
  /** -log10 of the estimated false-match rate (higher = stronger). */
  score: number;
  /** Estimated false-match rate of the record (fusion.ts: paired fingers, their sum, the choice of pairing). */
  fmr: number;
  /** Per probe finger, in probe order: the matcher score of the record finger it is paired with (0 if none). */
  fingerScores: number[];
  /** Per probe finger: the index of the record finger it is paired with, or -1. */
  pairedWith: number[];
}
/** `revote`: slots the rotation vote keeps for the translation vote (default: revoteDepth of the gallery's size; 0 = off). */
export interface FingerSearchOptions { limit?: number; shortlist?: number; revote?: number }

export class FingerIndex {
  private readonly gallery = new FingerGallery();
  private owner: (string | null)[] = [];
  private readonly records = new Map<string, number[]>();

  get size(): number { return this.records.size; }
  get fingers(): number { return this.gallery.size; }

  /** Adds (or replaces) a record. Templates with fewer than 2 minutiae are skipped. */
  add(id: string, fingers: FingerTemplate[]): void {
    this.remove(id);
    const slots: number[] = [];
    for (const f of fingers) {
      const slot = this.gallery.add(f);
      if (slot < 0) continue;
      this.owner[slot] = id;
      slots.push(slot);
    }
    if (slots.length) this.records.set(id, slots);
  }

  remove(id: string): boolean {
    const slots = this.records.get(id);
    if (!slots) return false;
    for (const s of slots) { this.gallery.remove(s); this.owner[s] = null; }
    this.records.delete(id);
    return true;
  }

  /** Every stored finger with its record id, decoded one at a time (for exhaustive reference scans, which
   * are slow at scale: a search should use `search`). */
  *storedFingers(): Generator<{ id: string; template: FingerTemplate }> {
    for (const [id, slots] of this.records) for (const s of slots) yield { id, template: this.gallery.template(s) };
  }

  /** Record id stored in a prefilter slot (see `prefilter`). */
  idOf(slot: number): string | null { return this.owner[slot] ?? null; }

  /** Prefilter stage alone: the slots the full matcher would compare for one probe finger
   * (FingerGallery.shortlist: stage two's best `count`, then stage one's reserve in a large gallery). */
  prefilter(probe: FingerTemplate | GalleryProbe, count: number = params.shortlist, revote?: number): number[] {
    return this.gallery.shortlist(probe, count, { revote });
  }

  /** Records ranked by fused evidence. Shortlist defaults to params.shortlist fingers per probe finger. */
  search(probe: FingerTemplate[], opts: FingerSearchOptions = {}): FingerSearchHit[] {
    if (probe.length > MAX_PROBE_FINGERS) throw new RangeError(`a probe of ${probe.length} fingers: at most ${MAX_PROBE_FINGERS}`);
    const shortlist = opts.shortlist ?? params.shortlist; const limit = opts.limit ?? 20;
    const candidates = new Set<string>();
    for (const p of probe) for (const s of this.prefilter(p, shortlist, opts.revote)) candidates.add(this.owner[s]!);
    const matchers = probe.map((p) => new FingerprintMatcher(p));
    const hits: (FingerSearchHit & { evidence: number })[] = [];
    for (const id of candidates) {
      const templates = this.records.get(id)!.map((s) => this.gallery.template(s));
      const scores = matchers.map((m) => templates.map((t) => m.match(t)));
      const fused = fuseFingerEvidence(scores.map((row) => row.map((s) => evidence(s))));
      const fingerScores = fused.pairedWith.map((r, p) => (r >= 0 ? scores[p][r] : 0));
      hits.push({ id, score: fused.score, fmr: fused.fmr, fingerScores, pairedWith: fused.pairedWith, evidence: fused.evidence });
    }
    // Records at the FMR cap (1) tie on score: the larger evidence sum goes first.
    hits.sort((a, b) => b.score - a.score || b.evidence - a.evidence);
    return hits.slice(0, limit).map(({ evidence: _, ...h }) => h);
  }
}
