import assert from 'node:assert/strict';
import { test } from 'node:test';
import { FingerIndex, encodeTemplate, type FingerTemplate } from '../src/index.ts';
import { RevoteProbe, Revoter } from '../src/match/revote.ts';
import { randomTemplate, transform } from './synth.ts';

const base = randomTemplate(42, 40);

/** The finger cut into an upper and a lower half, the lower one shifted sideways: every edge inside
 * a half keeps its shape and direction (so the rotation vote counts it), but the halves disagree on
 * translation. */
function patchwork(t: FingerTemplate, seed: number): FingerTemplate {
  const shift = 50 + (seed % 5) * 10;
  return { ...t, minutiae: t.minutiae.map((m) => ({ ...m, x: m.x + 60 + (m.y < 200 ? 0 : shift), y: m.y + 60 })) };
}

function setup() {
  const index = new FingerIndex();
  for (let d = 0; d < 40; d++) index.add(`patch-${d}`, [transform(patchwork(base, d + 1), 0.3, 0, 0)]);
  // The mate: rotated and shifted, positions jittered, every fifth minutia missing.
  const mate = transform(base, 0.3, 60, 60, 4);
  index.add('mate', [{ ...mate, minutiae: mate.minutiae.filter((_, i) => i % 3 !== 2) }]);
  for (let d = 0; d < 20; d++) index.add(`other-${d}`, [randomTemplate(500 + d, 40)]);
  return index;
}

test('prefilter stage two: a rotated, shifted, jittered copy ranks first among patchwork distractors', () => {
  const index = setup();
  const probe = base;
  // Stage one alone (rotation vote) ranks the 40 two-half copies above the thinned, jittered mate.
  const first = index.prefilter(probe, 61, 0).map((s) => index.idOf(s));
  assert.notEqual(first[0], 'mate');
  // With the translation-consistent second vote over all candidates, the mate comes first.
  const second = index.prefilter(probe, 5, 61).map((s) => index.idOf(s));
  assert.equal(second[0], 'mate');
});

test('prefilter stage two: votes of the mate exceed every distractor by a margin', () => {
  const rp = new RevoteProbe(base);
  const rv = new Revoter();
  const mate = transform(base, -0.8, 40, 70, 3);
  const mateVotes = rv.score(rp, encodeTemplate(mate));
  const worst = Math.max(...Array.from({ length: 20 }, (_, d) => rv.score(rp, encodeTemplate(transform(patchwork(base, d + 1), -0.8, 0, 0)))));
  assert.ok(mateVotes > 1.5 * worst, `mate ${mateVotes} vs best distractor ${worst}`);
  // The scratch accumulator is cleared between candidates: scoring again gives the same votes.
  assert.equal(rv.score(rp, encodeTemplate(mate)), mateVotes);
});

test('gallery: stored bytes kept as given, the mates shortlisted first by both stages, removed slots are reused', async () => {
  const { FingerGallery, GalleryProbe } = await import('../src/index.ts');
  const g = new FingerGallery();
  const mate = transform(base, 0.2, 30, -20, 2);
  const bytes = encodeTemplate(mate);
  const fromBytes = g.addEncoded(bytes);
  const fromTemplate = g.add(mate);
  for (let d = 0; d < 30; d++) g.add(randomTemplate(900 + d, 40));
  assert.deepEqual(g.bytes(fromBytes), bytes, 'addEncoded stores the bytes as given');
  assert.deepEqual(g.template(fromBytes).minutiae.length, mate.minutiae.length);
  const probe = new GalleryProbe(base);
  // Stage one alone, then with stage two re-ranking: the two copies of the mate lead.
  assert.deepEqual(new Set(g.shortlist(probe, 2, { revote: 0 })), new Set([fromBytes, fromTemplate]));
  assert.deepEqual(new Set(g.shortlist(probe, 2, { revote: 32 })), new Set([fromBytes, fromTemplate]));
  const size = g.size;
  g.remove(fromTemplate);
  assert.equal(g.size, size - 1);
  assert.equal(g.bytes(fromTemplate), null);
  assert.ok(!g.shortlist(probe, 5, { revote: 0 }).includes(fromTemplate));
  assert.equal(g.add(randomTemplate(77, 30)), fromTemplate, 'the freed slot is reused');
  assert.equal(g.add({ ...base, minutiae: base.minutiae.slice(0, 1) }), -1, 'one minutia cannot be searched');
});
