// In-memory 1:N index of finger records (one or more fingers per record id).
// Search is two-staged: the gallery's prefilter (finger-gallery.ts) ranks every stored finger, the
// full matcher compares the probe with the best `shortlist` of them, and each record's fingers are
// paired one-to-one with the probe's and fused into an estimated false-match rate (fusion.ts).
// A finger may carry its ISO position (1–10): a probe finger of known position is paired only with the
// record's finger of that position or of unknown position, and a record's impressions of one position
// count as one finger. The prefilter ranks every stored finger whatever its position, so in a large
// registry of positioned fingers other positions take shortlist places a positioned probe cannot use:
// keep one gallery per position there, as the server does (packages/server/src/finger-shelves.ts).
// Not thread-safe; shard across workers.
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
  /** Per probe finger: the index, among the record's stored fingers, of the one it is paired with (the best
   * impression of a position stored several times), or -1. */
  pairedWith: number[];
}
/** A finger with its ISO/IEC 19794 finger position (1 right thumb … 10 left little; 0 = unknown). */
export interface PositionedFinger { template: FingerTemplate; position: number }
type AnyFinger = FingerTemplate | PositionedFinger;

function positioned(f: AnyFinger): PositionedFinger {
  const p = 'template' in f ? f : { template: f, position: 0 };
  if (!(Number.isInteger(p.position) && p.position >= 0 && p.position <= 10)) throw new RangeError(`finger position ${p.position} is not 0–10`);
  return p;
}
/**
 * `revote`: slots the rotation vote keeps for the translation vote (default: revoteDepth of the gallery's size;
 * 0 = off). `pass`: 'auto' (default) runs the normal pass, then the deep pass for each probe finger that
 * `deepPassWarranted` picks (a small one, when the best candidate does not stand out);
 * 'normal' never goes deep; 'deep' compares the deep pass's candidates at once (they hold the normal pass's
 * but for ties at stage one's cut, whose order depends on how deep stage one ranks). A sharded search runs
 * 'normal' on every shard, decides on the merged result with `deepPassWarranted` and the whole gallery's
 * size, asks every shard for 'deep' with `skip` set to that shard's first `compared`, and merges the hits of
 * both rounds. `skip`: records an earlier pass of the same search already compared; they are not compared
 * again nor returned as hits.
 */
export interface FingerSearchOptions { limit?: number; shortlist?: number; revote?: number; pass?: 'auto' | 'normal' | 'deep'; skip?: ReadonlySet<string> }

export interface FingerSearchResult {
  hits: FingerSearchHit[];
  /** Records whose fingers the full matcher compared with the probe (in this search or, `skip`, before it). */
  compared: ReadonlySet<string>;
  /** Whether the deep pass ran. */
  deep: boolean;
}

/**
 * Whether a probe finger's search should go on to the deep pass (params.deep*): the finger is small (fewer
 * than `deepMaxMinutiae` minutiae), where the prefilter is least reliable, and the best candidate found does
 * not stand out from chance: its estimated FMR (1 if none was found) times the gallery's stored fingers is at
 * least `deepExpectedImpostors`. A search that found a strong candidate, or a large print, never pays for it.
 */
export function deepPassWarranted(probeMinutiae: number, bestFmr: number, galleryFingers: number): boolean {
  return probeMinutiae < params.deepMaxMinutiae && bestFmr * galleryFingers >= params.deepExpectedImpostors;
}

export class FingerIndex {
  private readonly gallery = new FingerGallery();
  private owner: (string | null)[] = [];
  private position: number[] = [];
  private readonly records = new Map<string, number[]>();

  get size(): number { return this.records.size; }
  get fingers(): number { return this.gallery.size; }

  /** Adds (or replaces) a record. Templates with fewer than 2 minutiae are skipped. */
  add(id: string, fingers: AnyFinger[]): void {
    const given = fingers.map(positioned);
    this.remove(id);
    const slots: number[] = [];
    for (const f of given) {
      const slot = this.gallery.add(f.template);
      if (slot < 0) continue;
      this.owner[slot] = id;
      this.position[slot] = f.position;
      slots.push(slot);
    }
    if (slots.length) this.records.set(id, slots);
  }

  remove(id: string): boolean {
    const slots = this.records.get(id);
    if (!slots) return false;
    for (const s of slots) { this.gallery.remove(s); this.owner[s] = null; this.position[s] = 0; }
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
  search(probe: AnyFinger[], opts: FingerSearchOptions = {}): FingerSearchHit[] {
    return this.searchDetailed(probe, opts).hits;
  }

  /** `search`, also saying which records were compared and whether the deep pass ran. */
  searchDetailed(probe: AnyFinger[], opts: FingerSearchOptions = {}): FingerSearchResult {
    if (probe.length > MAX_PROBE_FINGERS) throw new RangeError(`a probe of ${probe.length} fingers: at most ${MAX_PROBE_FINGERS}`);
    const given = probe.map(positioned);
    const shortlist = opts.shortlist ?? params.shortlist; const limit = opts.limit ?? 20; const pass = opts.pass ?? 'auto';
    const prefilterProbes = given.map((p) => new GalleryProbe(p.template));
    const matchers = given.map((p) => new FingerprintMatcher(p.template));
    const compared = new Set<string>(opts.skip);
    const hits: (FingerSearchHit & { evidence: number })[] = [];
    // `deep`: per probe finger, whether its shortlist includes the deep pass's candidates.
    const compareShortlisted = (deep: boolean[]) => {
      const fresh: string[] = [];
      for (const [f, gp] of prefilterProbes.entries()) {
        for (const s of this.gallery.shortlist(gp, shortlist, { revote: opts.revote, deep: deep[f] })) {
          const id = this.owner[s]!;
          if (!compared.has(id)) { compared.add(id); fresh.push(id); }
        }
      }
      for (const id of fresh) hits.push(this.compareRecord(id, given, matchers));
    };
    compareShortlisted(given.map(() => pass === 'deep'));
    let deep = pass === 'deep';
    if (pass === 'auto') {
      // Only the small fingers go deep: a large finger's prefilter ranking is the reliable one.
      const bestFmr = hits.reduce((m, h) => Math.min(m, h.fmr), 1);
      const small = given.map((p) => deepPassWarranted(p.template.minutiae.length, bestFmr, this.gallery.size));
      if (small.some(Boolean)) { compareShortlisted(small); deep = true; }
    }
    // Records at the FMR cap (1) tie on score: the larger evidence sum goes first.
    hits.sort((a, b) => b.score - a.score || b.evidence - a.evidence);
    return { hits: hits.slice(0, limit).map(({ evidence: _, ...h }) => h), compared, deep };
  }

  /** The full matcher on one record: its fingers paired with the probe's and fused (fusion.ts). */
  private compareRecord(id: string, given: PositionedFinger[], matchers: FingerprintMatcher[]): FingerSearchHit & { evidence: number } {
    const slots = this.records.get(id)!;
    const templates = slots.map((s) => this.gallery.template(s));
    // Columns: one per known position (its impressions' best score), one per finger of unknown position;
    // members index the record's stored fingers.
    const columns: { position: number; members: number[] }[] = [];
    slots.forEach((s, f) => {
      const pos = this.position[s];
      const same = pos ? columns.find((c) => c.position === pos) : undefined;
      if (same) same.members.push(f); else columns.push({ position: pos, members: [f] });
    });
    const comparable = (p: number, c: number) => !given[p].position || !columns[c].position || given[p].position === columns[c].position;
    // Per probe finger and column: the best impression's score and which stored finger it was.
    const scores = matchers.map(() => new Array<number>(columns.length).fill(0));
    const which = matchers.map(() => new Array<number>(columns.length).fill(-1));
    matchers.forEach((m, p) => columns.forEach((col, c) => {
      if (!comparable(p, c)) return;
      for (const f of col.members) {
        const v = m.match(templates[f]);
        if (which[p][c] < 0 || v > scores[p][c]) { scores[p][c] = v; which[p][c] = f; }
      }
    }));
    const fused = fuseFingerEvidence(scores.map((row) => row.map((s) => evidence(s))), comparable);
    const fingerScores = fused.pairedWith.map((c, p) => (c >= 0 ? scores[p][c] : 0));
    const pairedWith = fused.pairedWith.map((c, p) => (c >= 0 ? which[p][c] : -1));
    return { id, score: fused.score, fmr: fused.fmr, fingerScores, pairedWith, evidence: fused.evidence };
  }
}
