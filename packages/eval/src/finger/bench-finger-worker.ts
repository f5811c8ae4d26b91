// One shard of the 1:N benchmark: builds a FingerIndex of synthetic templates (plus any real
// gallery templates handed to it) and answers searches. Asked to `scan`, it also runs the full matcher
// against every template the index holds (the reference the prefilter's hit rate is defined against).
import { parentPort, workerData } from 'node:worker_threads';
import { FingerIndex, FingerprintMatcher, decodeTemplate } from '@candor/finger';
import { perturb, rng } from './synthetic.ts';

const { seeds, count, seed, gallery, shortlist, revote } = workerData as {
  seeds: number[][]; count: number; seed: number; gallery: { id: string; t: number[] }[]; shortlist?: number; revote?: number;
};
const base = seeds.map((b) => decodeTemplate(Uint8Array.from(b)));
const r = rng(seed);
const index = new FingerIndex();
const t0 = performance.now();
for (let i = 0; i < count; i++) index.add(`syn-${seed}-${i}`, [perturb(base[i % base.length], r)]);
for (const g of gallery) index.add(g.id, [decodeTemplate(Uint8Array.from(g.t))]);
parentPort!.postMessage({ ready: true, buildMs: performance.now() - t0, fingers: index.fingers });

// The records the last normal pass compared: a deep pass (which always follows the normal pass of the same
// probe) does not compare them again.
let lastCompared: ReadonlySet<string> = new Set();
parentPort!.on('message', (msg: { probe: number[]; mate: string; scan?: boolean; pass: 'normal' | 'deep' } | 'exit') => {
  if (msg === 'exit') { process.exit(0); }
  const probe = decodeTemplate(Uint8Array.from(msg.probe));
  const t1 = performance.now();
  const skip = msg.pass === 'deep' ? lastCompared : undefined;
  const { hits, compared } = index.searchDetailed([probe], { shortlist, limit: 5, revote, pass: msg.pass, skip });
  if (msg.pass === 'normal') lastCompared = compared;
  const t2 = performance.now();
  // Outside the timed search: the prefilter stage of the normal pass alone, timed (repeats it).
  if (msg.pass === 'normal') index.prefilter(probe, shortlist, revote);
  const t3 = performance.now();
  // Best full-matcher score of any template that is not the mate, over the whole shard.
  let bestOther: number | null = null;
  if (msg.scan) {
    const m = new FingerprintMatcher(probe); bestOther = 0;
    for (const f of index.storedFingers()) if (f.id !== msg.mate) { const v = m.match(f.template); if (v > bestOther) bestOther = v; }
  }
  parentPort!.postMessage({ hits, mateInShortlist: compared.has(msg.mate), searchMs: t2 - t1, prefilterMs: t3 - t2, bestOther });
});
