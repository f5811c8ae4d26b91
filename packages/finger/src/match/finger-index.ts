import type { FingerTemplate } from '../types.ts';

export interface FingerSearchHit { id: string; score: number; fmr: number }
export interface FingerSearchOptions { limit?: number; shortlist?: number }

/** In-memory 1:N index over records of one or more fingers. */
export class FingerIndex {
  add(id: string, fingers: FingerTemplate[]): void { void id; void fingers; }
  remove(id: string): boolean { void id; return false; }
  search(probe: FingerTemplate[], opts: FingerSearchOptions = {}): FingerSearchHit[] { void probe; void opts; return []; }
  get size(): number { return 0; }
}
