// `candor eval finger-ident --dataset DIR[,DIR...] [--shortlist N] [--revote N] [--json]`
// (--revote: slots the prefilter's rotation vote keeps for its second, translation vote; 0 = stage one only)
// 1:N identification: gallery = impression 1 of every finger, probes = all other impressions.
// Reports rank-1 identification rate of exhaustive matching and of the two-stage search, and the
// prefilter hit rate: how often the exhaustive best candidate survives the prefilter's shortlist.
import { FingerIndex, FingerprintMatcher } from '@candor/finger';
import { defaultDpi, enrolAll, listSamples, parseArgs, type Enrolled } from './dataset.ts';

export default async function evalFingerIdent(argv: string[]): Promise<number> {
  const args = parseArgs(argv);
  if (typeof args.dataset !== 'string') {
    process.stderr.write('usage: candor eval finger-ident --dataset DIR[,DIR...] [--shortlist N] [--revote N] [--json]\n');
    return 2;
  }
  const all: Enrolled[] = [];
  for (const dir of args.dataset.split(',')) {
    for (const e of await enrolAll(listSamples(dir), defaultDpi(dir))) all.push({ ...e, finger: `${dir}/${e.finger}` });
  }
  const gallery = all.filter((e) => e.impression === 1 && e.template);
  const probes = all.filter((e) => e.impression !== 1);
  const shortlist = typeof args.shortlist === 'string' ? Number(args.shortlist) : Math.max(1, Math.round(gallery.length / 10));
  const revote = typeof args.revote === 'string' ? Number(args.revote) : undefined;
  const index = new FingerIndex();
  for (const g of gallery) index.add(g.finger, [g.template!]);
  let exhaustiveRank1 = 0, searchRank1 = 0, prefilterHits = 0, mateInShortlist = 0, failed = 0;
  for (const p of probes) {
    if (!p.template) { failed++; continue; }
    const m = new FingerprintMatcher(p.template);
    let best = '', bestScore = -1;
    for (const g of gallery) { const s = m.match(g.template!); if (s > bestScore) { bestScore = s; best = g.finger; } }
    if (best === p.finger) exhaustiveRank1++;
    const hits = index.search([p.template], { shortlist, limit: 1, revote });
    if (hits[0]?.id === p.finger) searchRank1++;
    const short = new Set(index.prefilter(p.template, shortlist, revote).map((s) => gallery[s].finger));
    if (short.has(best)) prefilterHits++;
    if (short.has(p.finger)) mateInShortlist++;
  }
  const n = probes.length;
  const result = {
    gallery: gallery.length, probes: n, shortlist, revote: revote ?? 'default', fte: failed / n,
    rank1Exhaustive: exhaustiveRank1 / n, rank1: searchRank1 / n,
    prefilterHitRate: prefilterHits / (n - failed), mateInShortlist: mateInShortlist / (n - failed),
  };
  if (args.json) process.stdout.write(`${JSON.stringify(result)}\n`);
  else process.stdout.write(`${Object.entries(result).map(([k, v]) => `${k}: ${typeof v === 'number' && v < 1.0001 && !Number.isInteger(v) ? v.toFixed(4) : v}`).join('\n')}\n`);
  return 0;
}
