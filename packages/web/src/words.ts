// Plain-language wording of scores. The server sends fmrText; these are used when it is missing
// and for the score band, so that every candidate reads the same way.

/** "about 1 in 100,000 different people would score this high" */
export function fmrToWords(fmr: number): string {
  if (!(fmr > 0)) return 'fewer than 1 in 10 billion different people would score this high';
  if (fmr >= 0.5) return 'about half of all different people would score this high';
  const oneIn = roundNice(1 / fmr);
  return `about 1 in ${oneIn.toLocaleString('en-US')} different people would score this high`;
}

function roundNice(n: number): number {
  const magnitude = 10 ** Math.floor(Math.log10(n));
  return Math.round(n / magnitude) * magnitude;
}

export type Band = 'very-strong' | 'strong' | 'moderate' | 'weak';

/** Score band from the false-match rate: the evidence strength, never a verdict. */
export function scoreBand(fmr: number): { band: Band; label: string } {
  if (fmr <= 1e-6) return { band: 'very-strong', label: 'Very strong similarity' };
  if (fmr <= 1e-4) return { band: 'strong', label: 'Strong similarity' };
  if (fmr <= 1e-2) return { band: 'moderate', label: 'Moderate similarity' };
  return { band: 'weak', label: 'Weak similarity' };
}

export const POSSIBLE_MATCH = 'Possible match: verify identity with documents';

export const NO_CANDIDATE_MEANS =
  'Nobody in the searched registries scored above the threshold.';
export const NO_CANDIDATE_DOES_NOT_MEAN = [
  'It does not mean the person is not enrolled anywhere: only the registries listed were searched, and a poor photo can miss a true record.',
  'It does not mean the person is who they claim to be.',
];
