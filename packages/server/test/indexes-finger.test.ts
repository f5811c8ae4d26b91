// The registry indexes search fingers through the engine's galleries: one per finger position (and
// one for unknown positions), only the shortlist each searched gallery's prefilter returns is
// compared (a million-finger registry is never scanned in full), slots map back to their records, and
// completing a record compares only that record's fingers of the probe's position.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Engines, FingerGalleryPort } from '../src/engines.ts';
import { Indexes } from '../src/indexes.ts';

function countingEngines() {
  const compared: string[] = [];
  const shortlisted: { gallery: number; count: number }[] = [];
  let galleries = 0;
  const newGallery = (): FingerGalleryPort => {
    const id = galleries++;
    const stored: string[] = [];
    return {
      get size() { return stored.length; },
      add(bytes) {
        const text = new TextDecoder().decode(bytes);
        if (text === 'EMPTY') return -1;
        stored.push(text); return stored.length - 1;
      },
      // The "prefilter": stored texts sharing the probe's first letter, in slot order.
      shortlist(probe, count) {
        shortlisted.push({ gallery: id, count });
        return stored.map((t, slot) => [t, slot] as const).filter(([t]) => t[0] === (probe as string)[0]).slice(0, count).map(([, slot]) => slot);
      },
      compare(probe, slot) { compared.push(stored[slot]); return stored[slot] === probe ? 90 : 10 + stored[slot].length; },
    };
  };
  const engines: Engines = {
    finger: {
      modelId: 'count@1',
      async extract() { throw new Error('not used'); },
      prepare: (b) => new TextDecoder().decode(b),
      gallery: newGallery,
      calibration: () => ({ fmrAt: () => 0.5, thresholdFor: () => 50 }),
    },
  };
  return { engines, compared, shortlisted, galleries: () => galleries };
}

const bytes = (s: string) => new TextEncoder().encode(s);

test('finger 1:N compares the engine shortlists of the probe position only, best finger per record', () => {
  const { engines, compared, shortlisted, galleries } = countingEngines();
  const ix = new Indexes(engines);
  const add = (recordId: string, position: number | null, text: string) =>
    ix.add({ registryId: 'r', recordId, modality: 'finger', position, modelId: 'count@1', data: bytes(text) });
  assert.equal(add('alice', 1, 'apple'), true);
  add('alice', 2, 'avocado');
  add('bob', 1, 'banana');
  add('bob', 2, 'apricot');
  add('dave', null, 'almond');
  for (let i = 0; i < 50; i++) add(`other-${i}`, 1 + (i % 10), `b${i}`);
  assert.equal(add('carol', 1, 'EMPTY'), false, 'a template the engine cannot search is not indexed');
  assert.equal(ix.add({ registryId: 'r', recordId: 'x', modality: 'finger', position: 1, modelId: 'other@1', data: bytes('apple') }), false, 'other models are skipped');
  assert.throws(() => add('eve', 11, 'apple'), RangeError);
  assert.equal(ix.fingerCount('r'), 55);
  assert.equal(galleries(), 11, 'one gallery per position 1–10 and one for unknown positions');

  // Position 1: its own gallery and the unknown-position one; only their "a" fingers are compared.
  const hits = ix.searchFinger('r', 'apple', 1, 10);
  assert.deepEqual(compared.sort(), ['almond', 'apple']);
  assert.equal(shortlisted.length, 2);
  assert.ok(shortlisted.every((s) => s.count === 10));
  assert.deepEqual(hits.map((h) => [h.recordId, h.score]), [['alice', 90], ['dave', 16]]);

  // Position unknown: every gallery; best finger per record.
  compared.length = 0;
  assert.deepEqual(ix.searchFinger('r', 'apricot', null, 10).map((h) => [h.recordId, h.score]), [['bob', 90], ['alice', 17], ['dave', 16]]);
  assert.deepEqual(compared.sort(), ['almond', 'apple', 'apricot', 'avocado']);

  // Completing a record compares its own fingers of that position (and unknown ones) only.
  compared.length = 0;
  assert.deepEqual(ix.scoreFingers('r', 'bob', 'banana', 1), [{ position: 1, score: 90 }]);
  assert.deepEqual(compared, ['banana']);
  compared.length = 0;
  assert.deepEqual(ix.scoreFingers('r', 'bob', 'banana', null), [{ position: 1, score: 90 }, { position: 2, score: 17 }]);
  assert.deepEqual(compared.sort(), ['apricot', 'banana']);
  assert.deepEqual(ix.scoreFingers('r', 'dave', 'almond', 7), [{ position: 0, score: 90 }], 'an unknown-position finger serves any probe');
  assert.equal(ix.scoreFingers('r', 'nobody', 'banana', null), null);
  // Two stored impressions of one position are one finger: its best score.
  add('bob', 1, 'bananas');
  assert.deepEqual(ix.scoreFingers('r', 'bob', 'banana', 1), [{ position: 1, score: 90 }]);
  assert.deepEqual(ix.searchFinger('unknown-registry', 'apple', null, 10), []);
});

test('finger 1:N: completing a shortlisted record does not compare the same probe and finger again', () => {
  const compared: string[] = [];
  const newGallery = (): FingerGalleryPort => {
    const stored: string[] = [];
    return {
      get size() { return stored.length; },
      add(bytes) { stored.push(new TextDecoder().decode(bytes)); return stored.length - 1; },
      shortlist(_probe, count) { return stored.map((_, slot) => slot).slice(0, count); },
      compare(probe, slot) { compared.push(stored[slot]); return stored[slot] === (probe as { text: string }).text ? 90 : 10; },
    };
  };
  const engines: Engines = {
    finger: {
      modelId: 'count@1', async extract() { throw new Error('not used'); },
      // A prepared probe is an object, as the real engine's is: its scores are remembered per search.
      prepare: (b) => ({ text: new TextDecoder().decode(b) }),
      gallery: newGallery,
      calibration: () => ({ fmrAt: () => 0.5, thresholdFor: () => 50 }),
    },
  };
  const ix = new Indexes(engines);
  for (const [id, pos, text] of [['alice', 1, 'apple'], ['alice', 2, 'avocado'], ['bob', 1, 'banana']] as const) {
    ix.add({ registryId: 'r', recordId: id, modality: 'finger', position: pos, modelId: 'count@1', data: bytes(text) });
  }
  const probe = engines.finger!.prepare(bytes('apple'));
  assert.deepEqual(ix.searchFinger('r', probe, null, 10).map((h) => [h.recordId, h.score]), [['alice', 90], ['bob', 10]]);
  assert.deepEqual(compared.sort(), ['apple', 'avocado', 'banana']);
  compared.length = 0;
  assert.deepEqual(ix.scoreFingers('r', 'alice', probe, null)?.map((f) => f.score), [90, 10]);
  assert.deepEqual(ix.scoreFingers('r', 'bob', probe, 1)?.map((f) => f.score), [10]);
  assert.deepEqual(compared, [], 'scores of this probe were already computed');
  // Another prepared probe (another search) compares afresh.
  assert.deepEqual(ix.scoreFingers('r', 'bob', engines.finger!.prepare(bytes('banana')), 1)?.map((f) => f.score), [90]);
  assert.deepEqual(compared, ['banana']);
});

test('fusion pairs probe fingers one-to-one with a record\'s: two captures of one finger count once', async () => {
  const { matchRegistry } = await import('../src/matching.ts');
  const { sumTail } = await import('@candor/finger/fusion');
  const { engines } = countingEngines();
  const calibration = { fmrAt: (s: number) => (s >= 90 ? 1e-4 : 0.5), thresholdFor: () => 90 };
  const ix = new Indexes(engines);
  for (const [id, pos, text] of [['alice', 1, 'apple'], ['alice', 2, 'avocado'], ['bob', 1, 'banana']] as const) {
    ix.add({ registryId: 'r', recordId: id, modality: 'finger', position: pos, modelId: 'count@1', data: bytes(text) });
  }
  // Positions unknown: both captures of alice's finger 1 would take finger 1 (90 each, a product of 1e-8);
  // paired, the second meets finger 2 (score 17, fmr 0.5), and the two possible pairings are paid for.
  const twice = await matchRegistry(ix, engines, 'r', { face: null, fingers: [{ position: null, probe: 'apple', calibration }, { position: null, probe: 'apple', calibration }] });
  const alice = twice.find((c) => c.recordId === 'alice')!;
  assert.deepEqual(alice.fused.fingers!.map((f) => [f.position, f.score]).sort(), [[1, 90], [2, 17]]);
  const evidence = 4 + Math.log10(2);
  assert.ok(Math.abs(alice.fused.evidence - evidence) < 1e-9);
  assert.ok(Math.abs(alice.fused.fmr - 2 * sumTail(evidence, 2)) < 1e-15);
  // Known positions: one pairing, no charge for the choice; a probe of a position the record lacks adds nothing.
  const positioned = await matchRegistry(ix, engines, 'r', { face: null, fingers: [{ position: 1, probe: 'apple', calibration }, { position: 2, probe: 'avocado', calibration }] });
  const both = positioned.find((c) => c.recordId === 'alice')!;
  assert.equal(both.fused.evidence, 8);
  assert.ok(Math.abs(both.fused.fmr - sumTail(8, 2)) < 1e-20);
  const bob = (await matchRegistry(ix, engines, 'r', { face: null, fingers: [{ position: 1, probe: 'banana', calibration }, { position: 2, probe: 'banana', calibration }] })).find((c) => c.recordId === 'bob')!;
  assert.deepEqual(bob.fused.fingers!.map((f) => f.position), [1]);
  assert.equal(bob.fused.fmr, 1e-4);
});

test('candidates are ranked by fused FMR, not by evidence alone', async () => {
  const { byFusedFmr } = await import('../src/matching.ts');
  const { fuse } = await import('../src/fusion.ts');
  // One finger at FMR 1e-5 (evidence 5) against a face and a finger at 10^-2.75 each (evidence 5.5, but
  // two chances to score high: fused FMR 10^-5.5 (1 + 5.5 ln 10) = 4.3e-5).
  const single = { registryId: 'r', recordId: 'single', fused: fuse(undefined, [{ position: 1, score: 40, fmr: 1e-5 }]) };
  const spread = { registryId: 'r', recordId: 'spread', fused: fuse({ score: 0.5, fmr: 10 ** -2.75 }, [{ position: 1, score: 20, fmr: 10 ** -2.75 }]) };
  assert.ok(spread.fused.evidence > single.fused.evidence && spread.fused.fmr > single.fused.fmr);
  assert.deepEqual([spread, single].sort(byFusedFmr).map((c) => c.recordId), ['single', 'spread']);
  // At the FMR floor, the larger evidence first.
  const a = { registryId: 'r', recordId: 'a', fused: { evidence: 30, fmr: 1e-9 } }, b = { registryId: 'r', recordId: 'b', fused: { evidence: 40, fmr: 1e-9 } };
  assert.deepEqual([a, b].sort(byFusedFmr).map((c) => c.recordId), ['b', 'a']);
});

test('deep pass: a small probe finger that found no one standing out searches again, deeper; others do not', async () => {
  const { matchRegistry } = await import('../src/matching.ts');
  const asked: { probe: string; bestFmr: number; fingers: number }[] = []; const deepCalls: string[] = [];
  const stored: string[] = [];
  const gallery: FingerGalleryPort = {
    get size() { return stored.length; },
    add(bytes) { stored.push(new TextDecoder().decode(bytes)); return stored.length - 1; },
    // Normal pass: the first letter must match; the deep pass also takes the last letter's.
    shortlist(probe, count, opts) {
      const p = probe as string; if (opts?.deep) deepCalls.push(p);
      return stored.map((t, slot) => [t, slot] as const).filter(([t]) => t[0] === p[0] || (!!opts?.deep && t.at(-1) === p.at(-1))).slice(0, count).map(([, slot]) => slot);
    },
    compare(probe, slot) { return stored[slot] === probe ? 90 : 14; },
  };
  const engines: Engines = {
    finger: {
      modelId: 'count@1', async extract() { throw new Error('not used'); }, prepare: (b) => new TextDecoder().decode(b),
      gallery: () => gallery, calibration: () => calibration,
      // "Small" = a short text, as the engine's rule is a small minutiae count.
      wantsDeepPass(probe, bestFmr, fingers) { asked.push({ probe: probe as string, bestFmr, fingers }); return (probe as string).length < 5 && bestFmr * fingers >= 1; },
    },
  };
  const calibration = { fmrAt: (s: number) => (s >= 90 ? 1e-6 : 0.5), thresholdFor: () => 90 };
  const ix = new Indexes(engines);
  for (const [id, text] of [['alice', 'plum'], ['bob', 'kiwi'], ['carol', 'pear']] as const) {
    ix.add({ registryId: 'r', recordId: id, modality: 'finger', position: 1, modelId: 'count@1', data: new TextEncoder().encode(text) });
  }
  const search = async (text: string) => (await matchRegistry(ix, engines, 'r', { face: null, fingers: [{ position: 1, probe: text, calibration }] })).map((c) => c.recordId).sort();
  // Small, nobody stands out (FMR 0.5 × 3 fingers): the deep pass adds bob, who shares the last letter.
  assert.deepEqual(await search('pxxi'), ['alice', 'bob', 'carol']);
  assert.deepEqual(asked.at(-1), { probe: 'pxxi', bestFmr: 0.5, fingers: 3 });
  assert.deepEqual(deepCalls, ['pxxi']);
  // A large probe, or a small one that found its mate (FMR 1e-6 × 3 < 1): no deep pass.
  assert.deepEqual(await search('pxxxxxi'), ['alice', 'carol']);
  assert.deepEqual(await search('plum'), ['alice', 'carol']);
  assert.deepEqual(deepCalls, ['pxxi']);
});
