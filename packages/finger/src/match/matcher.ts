import type { FingerTemplate } from '../types.ts';

/** Prepares a probe once; `match` compares it with one candidate. Higher = more similar. */
export class FingerprintMatcher {
  constructor(readonly probe: FingerTemplate) {}
  match(candidate: FingerTemplate): number { void candidate; return 0; }
}

export function matchFingerprints(probe: FingerTemplate, candidate: FingerTemplate): number {
  return new FingerprintMatcher(probe).match(candidate);
}
