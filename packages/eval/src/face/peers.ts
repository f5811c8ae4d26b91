// Peer face recognisers run on the same pairs (filled in by --compare; see docs/face.md).
import type { PairsFile } from './pairs.ts';
import type { Scored } from './verification.ts';

export interface PeerResult { summary: Record<string, unknown>; scores: Scored[] | null }

export async function runPeers(_file: PairsFile, _train: PairsFile | null, _imagesDir: string, _log: (s: string) => void): Promise<PeerResult[]> {
  return [];
}
