import assert from 'node:assert/strict';
import { test } from 'node:test';
import { FingerIndex, encodeTemplate, type FingerTemplate } from '../src/index.ts';
import { RevoteProbe, Revoter, revoteLists, revoteShapes } from '../src/match/revote.ts';
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

test('edge lists: the fast atan2 stays within 1.2e-5 rad of Math.atan2 on every octant and axis', async () => {
  const { atan2 } = await import('../src/match/prefilter.ts');
  let worst = 0;
  for (let y = -200; y <= 200; y += 3) for (let x = -200; x <= 200; x += 7) {
    if (x === 0 && y === 0) continue;
    worst = Math.max(worst, Math.abs(atan2(y, x) - Math.atan2(y, x)));
  }
  for (const [y, x] of [[0, 5], [5, 0], [0, -5], [-5, 0], [3, 3], [-3, -3], [1e-9, -1]]) worst = Math.max(worst, Math.abs(atan2(y, x) - Math.atan2(y, x)));
  assert.ok(worst < 1.2e-5, `max error ${worst}`);
  assert.equal(atan2(0, 0), 0);
});

test('stage two: neighbour lists kept from the wider stage-one search give the same edges and votes as a new search', async () => {
  const { EdgeList, edgeList, edgesFromNeighbours, minutiaArrays, neighbourCount } = await import('../src/match/prefilter.ts');
  const { decodeTemplate } = await import('../src/index.ts');
  const rp = new RevoteProbe(base); const rv = new Revoter();
  for (let seed = 0; seed < 12; seed++) {
    // Integer positions with repeated distances (ties are ordered by index in both searches).
    const bytes = encodeTemplate(transform(randomTemplate(300 + seed, 20 + 3 * seed), 0.1 * seed, 20, 10, 2, seed));
    const { xs, ys, angles, n } = minutiaArrays(decodeTemplate(bytes));
    const wide = neighbourCount(n, 18), keep = neighbourCount(n, 10);
    const lists = new Uint8Array(n * wide);
    edgeList(xs, ys, angles, n, 18, new EdgeList(), lists);
    const direct = edgeList(xs, ys, angles, n, 10, new EdgeList());
    const fromLists = edgesFromNeighbours(xs, ys, angles, n, lists, wide, 10, new EdgeList());
    assert.equal(fromLists.count, direct.count);
    assert.deepEqual(fromLists.code.slice(0, direct.count), direct.code.slice(0, direct.count));
    const kept = revoteLists(lists, n, wide);
    assert.equal(kept.length, n * keep);
    assert.equal(rv.score(rp, bytes, kept), rv.score(rp, bytes));
  }
});

test('stage two: the stored direction bins give the same votes as computing every edge', async () => {
  const { EdgeList, edgeList, minutiaArrays, neighbourCount } = await import('../src/match/prefilter.ts');
  const { decodeTemplate } = await import('../src/index.ts');
  const rp = new RevoteProbe(base); const rv = new Revoter();
  let strong = 0;
  for (let seed = 0; seed < 16; seed++) {
    // Mates of the probe (so the votes are not all chance) and unrelated prints, at integer positions.
    const t = seed % 2 ? transform(base, 0.2 * seed, 15 * seed, -10, 2, seed) : randomTemplate(700 + seed, 25 + seed);
    const bytes = encodeTemplate(t);
    const { xs, ys, angles, n } = minutiaArrays(decodeTemplate(bytes));
    const wide = neighbourCount(n, 18);
    const lists = new Uint8Array(n * wide);
    edgeList(xs, ys, angles, n, 18, new EdgeList(), lists);
    const kept = revoteLists(lists, n, wide);
    const shapes = revoteShapes(xs, ys, angles, n, kept);
    assert.equal(shapes.length, kept.length);
    const full = rv.score(rp, bytes, kept);
    assert.equal(rv.score(rp, bytes, kept, shapes), full);
    if (full >= 10) strong++;
  }
  assert.ok(strong >= 4, `only ${strong} candidates with a real cluster`);
});

test('gallery: a template added as an object and as its bytes is indexed alike (both from the stored form)', async () => {
  const { FingerGallery, GalleryProbe } = await import('../src/index.ts');
  // Sub-pixel positions: the object path must not index them unrounded.
  const mate = { ...transform(base, 0.4, 25, 15, 3), minutiae: transform(base, 0.4, 25, 15, 3).minutiae.map((m) => ({ ...m, x: m.x + 0.49, y: m.y + 0.37 })) };
  const a = new FingerGallery(), b = new FingerGallery();
  for (let d = 0; d < 20; d++) { const t = randomTemplate(600 + d, 30 + d); a.add(t); b.addEncoded(encodeTemplate(t)); }
  a.add(mate); b.addEncoded(encodeTemplate(mate));
  const probe = new GalleryProbe(base);
  assert.deepEqual(a.shortlist(probe, 21, { revote: 0 }), b.shortlist(probe, 21, { revote: 0 }));
  assert.deepEqual(a.shortlist(probe, 5, { revote: 21 }), b.shortlist(probe, 5, { revote: 21 }));
  assert.equal(a.shortlist(probe, 1, { revote: 21 })[0], 20);
});

test('stage one: an index with removals and reused slots ranks exactly like one built fresh, across scan blocks', async () => {
  const { EdgeIndex, edgeCodes } = await import('../src/match/prefilter.ts');
  // More slots than one scan block (16,384), so the block-by-block walk is exercised.
  const slots = 20_000;
  const pool = Array.from({ length: 50 }, (_, d) => edgeCodes(transform(randomTemplate(1000 + d, 25 + (d % 20)), 0.05 * d, d, -d)));
  const codesOf = (s: number, gen: number) => pool[(s * 31 + gen * 7) % pool.length];
  const churned = new EdgeIndex(), fresh = new EdgeIndex();
  const norm = new Float32Array(slots);
  for (let s = 0; s < slots; s++) { churned.add(s, codesOf(s, 0)); norm[s] = 1 / Math.sqrt(codesOf(s, 0).length); }
  // Remove some slots (in both halves) and reuse them for other fingers: postings go in their slot order.
  const reused = [3, 17, 9000, 16_383, 16_384, 19_999];
  for (const s of reused) { churned.remove(s, codesOf(s, 0)); churned.add(s, codesOf(s, 1)); norm[s] = 1 / Math.sqrt(codesOf(s, 1).length); }
  for (let s = 0; s < slots; s++) fresh.add(s, codesOf(s, reused.includes(s) ? 1 : 0));
  const probe = edgeCodes(base, 18);
  const a = churned.top(probe, slots, norm, 200), b = fresh.top(probe, slots, norm, 200);
  assert.equal(a.length, 200);
  assert.deepEqual(a, b);
  // A removed slot without a successor gets no votes at all.
  // (norm 1 for it here, so only a missing posting can keep it out.)
  churned.remove(5, codesOf(5, 0)); norm[5] = 1;
  assert.ok(!churned.top(codesOf(5, 0), slots, norm, slots).includes(5));
  assert.ok(fresh.top(codesOf(5, 0), slots, norm, slots).includes(5));
});

test('index: storedFingers yields every stored finger once, in its stored form, and none of a removed record', () => {
  const index = new FingerIndex();
  const a = randomTemplate(7, 30), b = randomTemplate(8, 25), c = randomTemplate(9, 20);
  index.add('two', [a, b]);
  index.add('one', [c]);
  index.add('gone', [randomTemplate(10, 30)]);
  index.remove('gone');
  const seen = [...index.storedFingers()].map((f) => ({ id: f.id, bytes: Buffer.from(encodeTemplate(f.template)).toString('hex') }));
  const added: [string, FingerTemplate][] = [['two', a], ['two', b], ['one', c]];
  const want = added.map(([id, t]) => ({ id, bytes: Buffer.from(encodeTemplate(t)).toString('hex') }));
  const key = (x: { id: string; bytes: string }) => x.id + x.bytes;
  assert.deepEqual(seen.map(key).sort(), want.map(key).sort());
});

test('stage two depth: a share of the gallery between the floor and the cap', async () => {
  const { revoteDepth } = await import('../src/match/finger-gallery.ts');
  const { params } = await import('../src/params.ts');
  assert.equal(revoteDepth(0), params.prefilterRevote);
  assert.equal(revoteDepth(50_000), params.prefilterRevote);
  const mid = Math.round(params.prefilterRevote / params.prefilterRevoteShare) * 2;
  assert.equal(revoteDepth(mid), Math.round(params.prefilterRevoteShare * mid));
  assert.ok(revoteDepth(mid) > params.prefilterRevote && revoteDepth(mid) < params.prefilterRevoteMax);
  assert.equal(revoteDepth(10_000_000), params.prefilterRevoteMax);
  // Monotone: a larger gallery never gets a shallower stage two.
  for (let n = 0; n < 2_000_000; n += 37_000) assert.ok(revoteDepth(n + 37_000) >= revoteDepth(n));
});

test('stage one probe codes: margin 0 gives the exact codes; a margin adds neighbouring bins and keeps every exact code', async () => {
  const { edgeCodes, probeCodes } = await import('../src/match/prefilter.ts');
  for (const seed of [7, 8, 9]) {
    const t = randomTemplate(seed, 45);
    const exact = edgeCodes(t, 18);
    assert.deepEqual(Array.from(probeCodes(t, 18, 0)), Array.from(exact));
    const soft = probeCodes(t, 18, 0.1);
    const has = new Set(soft);
    for (const c of exact) assert.ok(has.has(c), `exact code ${c} missing from the widened query`);
    assert.ok(soft.length > exact.length * 1.2 && soft.length < exact.length * 2.5, `${soft.length} codes against ${exact.length}`);
    for (let k = 1; k < soft.length; k++) assert.ok(soft[k] > soft[k - 1], 'sorted and unique');
  }
});

test('stage one probe codes: a jittered copy collides with more of the stored edges through the widened query', async () => {
  const { edgeCodes, probeCodes } = await import('../src/match/prefilter.ts');
  let exactHits = 0, softHits = 0;
  for (const seed of [11, 12, 13, 14]) {
    const t = randomTemplate(seed, 40);
    // Same frame (no rotation), so the stored and probe direction bins can be compared directly.
    const stored = new Set(edgeCodes(transform(t, 0, 0, 0, 3, seed)));
    for (const c of edgeCodes(t, 18)) if (stored.has(c)) exactHits++;
    for (const c of probeCodes(t, 18, 0.1)) if (stored.has(c)) softHits++;
  }
  assert.ok(softHits > exactHits * 1.1, `collisions ${softHits} (widened) against ${exactHits} (exact)`);
});

test('gallery shortlist: stage two\'s best first, then stage one\'s reserve, only when stage one cut the gallery', async () => {
  const { FingerGallery, GalleryProbe } = await import('../src/index.ts');
  const g = new FingerGallery();
  for (let d = 0; d < 60; d++) g.add(d % 2 ? randomTemplate(900 + d, 35) : transform(patchwork(base, d + 1), 0.2, 0, 0));
  const probe = new GalleryProbe(transform(base, 0.3, 40, 40, 3));
  const stageTwo = g.shortlist(probe, 5, { revote: 20, reserve: 0 });
  // Stage one alone (no stage two when it keeps only `count`), as deep as `both` runs it (20: ties keep its order).
  const stageOne = g.shortlist(probe, 20, { revote: 0 }).slice(0, 15);
  const both = g.shortlist(probe, 5, { revote: 20, reserve: 15 });
  assert.equal(stageTwo.length, 5);
  assert.deepEqual(both.slice(0, 5), stageTwo);
  assert.deepEqual(new Set(both), new Set([...stageTwo, ...stageOne]));
  assert.equal(new Set(both).size, both.length, 'no slot twice');
  // Stage one kept the whole gallery (60 <= max(5, 100)): nothing to add, stage two saw every finger.
  assert.deepEqual(g.shortlist(probe, 5, { revote: 100, reserve: 15 }), g.shortlist(probe, 5, { revote: 100, reserve: 0 }));
});

test('deep pass: the normal shortlist, stage one\'s normal depth, and stage two\'s best of a deeper re-rank', async () => {
  const { FingerGallery, GalleryProbe, deepRevoteDepth } = await import('../src/index.ts');
  const { params } = await import('../src/params.ts');
  const saved = { floor: params.prefilterRevote, share: params.deepRevoteShare, keep: params.deepShortlist };
  // A 60-finger gallery with the depths of a large one scaled down: normal depth 10, deep depth 40, 4 kept.
  Object.assign(params, { prefilterRevote: 10, deepRevoteShare: 40 / 60, deepShortlist: 4 });
  try {
    const g = new FingerGallery();
    for (let d = 0; d < 60; d++) g.add(d % 2 ? randomTemplate(900 + d, 35) : transform(patchwork(base, d + 1), 0.2, 0, 0));
    assert.equal(deepRevoteDepth(g.size), 40);
    const probe = new GalleryProbe(transform(base, 0.3, 40, 40, 3));
    const normal = g.shortlist(probe, 5, { revote: 10 });
    const deep = g.shortlist(probe, 5, { revote: 10, deep: true });
    // Stage one's first 40 in the order a 40-deep call ranks them, and stage two's best 4 of those.
    const stageOne = g.shortlist(probe, 40, { revote: 0 });
    const stageTwoDeep = g.shortlist(probe, 4, { revote: 40, reserve: 0 });
    assert.equal(stageOne.length, 40);
    assert.deepEqual(new Set(deep), new Set([...stageOne.slice(0, 10), ...stageTwoDeep]));
    assert.equal(new Set(deep).size, deep.length, 'no slot twice');
    // (Stage one's first 10 of a 40-deep ranking may differ from a 10-deep one's by ties at the cut, so the
    // normal shortlist is compared as a set only where no cut is involved, in the index test below.)
    assert.ok(stageTwoDeep.some((s) => !normal.includes(s)), 'the deeper re-rank adds fingers the normal pass did not compare');
    // Stage two off: no deep pass either.
    assert.deepEqual(g.shortlist(probe, 5, { revote: 0, deep: true }), g.shortlist(probe, 5, { revote: 0 }));
  } finally { Object.assign(params, { prefilterRevote: saved.floor, deepRevoteShare: saved.share, deepShortlist: saved.keep }); }
});

test('deep pass: runs for a small probe that found no one, not for a large one or a small one that found its mate', () => {
  const index = setup();
  const small = randomTemplate(7, 15), large = randomTemplate(8, 45);
  const none = index.searchDetailed([small]);
  assert.ok(none.hits.length === 0 || none.hits[0].fmr * index.fingers >= 1, 'nobody stands out');
  assert.equal(none.deep, true);
  assert.equal(index.searchDetailed([large]).deep, false, 'a large print never pays for the deep pass');
  const found = index.searchDetailed([{ ...base, minutiae: base.minutiae.slice(0, 20) }]);
  assert.equal(found.hits[0].id, 'mate');
  assert.ok(found.hits[0].fmr * index.fingers < 1);
  assert.equal(found.deep, false);
  // 'normal' never goes deep; 'deep' compares at least what 'normal' does; 'auto' gives search()'s hits.
  const normal = index.searchDetailed([small], { pass: 'normal' }), deep = index.searchDetailed([small], { pass: 'deep' });
  assert.equal(normal.deep, false); assert.equal(deep.deep, true);
  for (const id of normal.compared) assert.ok(deep.compared.has(id));
  // A second round told what the first compared (a sharded search's 'deep' round) compares and returns only new records.
  const first5 = index.searchDetailed([small], { pass: 'normal', shortlist: 5 });
  const second = index.searchDetailed([small], { pass: 'deep', shortlist: 5, skip: first5.compared });
  assert.equal(first5.compared.size, 5);
  assert.deepEqual(new Set(second.compared), new Set(index.searchDetailed([small], { pass: 'deep', shortlist: 5 }).compared));
  assert.ok(second.hits.length > 0);
  for (const h of second.hits) assert.ok(!first5.compared.has(h.id));
  assert.deepEqual(index.search([small]), none.hits);
});

test('deep pass rule: a small probe finger and best FMR times stored fingers at least 1', async () => {
  const { deepPassWarranted } = await import('../src/index.ts');
  assert.equal(deepPassWarranted(14, 1, 1_000_000), true);
  assert.equal(deepPassWarranted(14, 1e-5, 1_000_000), true);
  assert.equal(deepPassWarranted(14, 1e-7, 1_000_000), false);
  assert.equal(deepPassWarranted(40, 1, 1_000_000), false);
  assert.deepEqual([40, 20].map((n) => deepPassWarranted(n, 1, 1_000_000)), [false, true], 'each finger of a multi-finger probe on its own');
});
