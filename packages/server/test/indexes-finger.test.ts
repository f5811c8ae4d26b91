// The registry indexes search fingers through the engine's gallery: only the shortlist the engine's
// prefilter returns is compared (a million-finger registry is never scanned in full), slots map back
// to their records, and completing a record compares only that record's fingers of the probe's position.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Engines, FingerGalleryPort } from '../src/engines.ts';
import { Indexes } from '../src/indexes.ts';

function countingEngines() {
  const stored: { text: string; position: number | null }[] = [];
  const compared: number[] = [];
  const shortlists: { count: number; position: number | null }[] = [];
  const gallery: FingerGalleryPort = {
    get size() { return stored.length; },
    add(bytes, position) {
      const text = new TextDecoder().decode(bytes);
      if (text === 'EMPTY') return -1;
      stored.push({ text, position }); return stored.length - 1;
    },
    // The "prefilter": slots whose text shares the probe's first letter, in slot order.
    shortlist(probe, count, position) {
      shortlists.push({ count, position });
      return stored.map((s, slot) => [s, slot] as const)
        .filter(([s]) => s.text[0] === (probe as string)[0] && (position === null || s.position === null || s.position === position))
        .slice(0, count).map(([, slot]) => slot);
    },
    compare(probe, slot) { compared.push(slot); return stored[slot].text === probe ? 90 : 10 + slot; },
  };
  const engines: Engines = {
    finger: {
      modelId: 'count@1',
      async extract() { throw new Error('not used'); },
      prepare: (b) => new TextDecoder().decode(b),
      gallery: () => gallery,
      calibration: () => ({ fmrAt: () => 0.5, thresholdFor: () => 50 }),
    },
  };
  return { engines, stored, compared, shortlists };
}

const bytes = (s: string) => new TextEncoder().encode(s);

test('finger 1:N compares the engine shortlist only, best finger per record', () => {
  const { engines, compared, shortlists } = countingEngines();
  const ix = new Indexes(engines);
  const add = (recordId: string, position: number | null, text: string) =>
    ix.add({ registryId: 'r', recordId, modality: 'finger', position, modelId: 'count@1', data: bytes(text) });
  assert.equal(add('alice', 1, 'apple'), true);
  add('alice', 2, 'avocado');
  add('bob', 1, 'banana');
  add('bob', 2, 'apricot');
  for (let i = 0; i < 50; i++) add(`other-${i}`, 1, `b${i}`);
  assert.equal(add('carol', 1, 'EMPTY'), false, 'a template the engine cannot search is not indexed');
  assert.equal(ix.add({ registryId: 'r', recordId: 'x', modality: 'finger', position: 1, modelId: 'other@1', data: bytes('apple') }), false, 'other models are skipped');
  assert.equal(ix.fingerCount('r'), 54);

  const hits = ix.searchFinger('r', 'apple', null, 10);
  // Three stored fingers start with "a": only they were compared, not the 54.
  assert.deepEqual(compared.sort((a, b) => a - b), [0, 1, 3]);
  assert.deepEqual(shortlists, [{ count: 10, position: null }]);
  assert.deepEqual(hits.map((h) => h.recordId), ['alice', 'bob']);
  assert.equal(hits[0].score, 90);
  assert.equal(hits[1].score, 13, 'bob: his one shortlisted finger');

  // A position keeps the shortlist to that finger (or unknown ones).
  compared.length = 0;
  assert.deepEqual(ix.searchFinger('r', 'apple', 2, 10).map((h) => h.recordId), ['bob', 'alice']);
  assert.deepEqual(compared.sort((a, b) => a - b), [1, 3]);

  // Completing a record compares its own fingers of that position only.
  compared.length = 0;
  assert.equal(ix.scoreFinger('r', 'bob', 'banana', 1), 90);
  assert.deepEqual(compared, [2]);
  compared.length = 0;
  assert.equal(ix.scoreFinger('r', 'bob', 'banana', null), 90);
  assert.deepEqual(compared.sort(), [2, 3]);
  assert.equal(ix.scoreFinger('r', 'nobody', 'banana', null), null);
  assert.deepEqual(ix.searchFinger('unknown-registry', 'apple', null, 10), []);
});
