// False-match rates in plain words for the operator. Never says "match": a candidate is not a
// match until a human has reviewed it.
export function fmrText(fmr: number): string {
  if (!(fmr > 0) || fmr >= 0.5) return 'many different people would score this high: weak evidence';
  const oneIn = 1 / fmr;
  const rounded = roundNice(oneIn);
  return `about 1 in ${rounded.toLocaleString('en-US')} different people would score this high`;
}

function roundNice(x: number): number {
  if (x < 10) return Math.round(x);
  const p = 10 ** Math.floor(Math.log10(x));
  return Math.round(x / p) * p;
}
