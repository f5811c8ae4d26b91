import assert from 'node:assert/strict';
import { test } from 'node:test';
import { FingerIndex, FingerprintMatcher, fingerCalibration, matchFingerprints } from '../src/index.ts';
import { params } from '../src/params.ts';
import { ridgeAgreement } from '../src/match/ridge-agreement.ts';
import type { FingerTemplate } from '../src/types.ts';
import { randomTemplate, transform } from './synth.ts';

const base = randomTemplate(42);
const impostors = Array.from({ length: 30 }, (_, i) => randomTemplate(1000 + i));

test('invariant to rotation and translation', () => {
  const self = matchFingerprints(base, base);
  for (const [rot, dx, dy] of [[0, 0, 0], [0.4, 20, -15], [-1.2, -30, 25], [Math.PI, 0, 0], [2.5, 10, 10]]) {
    const s = matchFingerprints(base, transform(base, rot, dx, dy));
    assert.ok(Math.abs(s - self) / self < 0.05, `rotation ${rot}: ${s} vs ${self}`);
  }
});

test('genuine (jittered, partial) scores far above impostors', () => {
  const partial = { ...base, minutiae: transform(base, 0.3, 15, -10, 4).minutiae.filter((_, i) => i % 4 !== 0) };
  const genuine = matchFingerprints(base, partial);
  const worstImpostor = Math.max(...impostors.map((t) => matchFingerprints(base, t)));
  assert.ok(genuine > 2 * worstImpostor, `genuine ${genuine} vs impostor max ${worstImpostor}`);
});

test('symmetric enough', () => {
  const other = transform(base, 0.5, 5, 5, 5);
  const a = matchFingerprints(base, other), b = matchFingerprints(other, base);
  assert.ok(Math.abs(a - b) <= 0.1 * Math.max(a, b), `${a} vs ${b}`);
  // Impostor scores may differ by direction (anchors are found from the probe's side), but in
  // neither direction do they reach an operating threshold.
  const threshold = fingerCalibration().thresholdFor(1e-3);
  for (const t of impostors) {
    const x = matchFingerprints(base, t), y = matchFingerprints(t, base);
    assert.ok(x < threshold && y < threshold, `${x} vs ${y}`);
  }
});

test('a prepared matcher gives the same score as the one-shot function', () => {
  const m = new FingerprintMatcher(base);
  for (const t of [transform(base, 1, 3, 3, 2), ...impostors.slice(0, 3)]) assert.equal(m.match(t), matchFingerprints(base, t));
});

test('match() (no pair list) gives the score of detail(), whose pairs join minutiae that line up after alignment', () => {
  const m = new FingerprintMatcher(base);
  const genuine = transform(base, 0.6, -12, 20, 2);
  for (const t of [genuine, ...impostors.slice(0, 5)]) assert.equal(m.match(t), m.detail(t).score);
  const d = m.detail(genuine);
  assert.ok(d.pairs.length >= base.minutiae.length * 0.8, `${d.pairs.length} pairs of ${base.minutiae.length}`);
  // transform() keeps minutia order, so a correct pairing joins a minutia with its own copy.
  assert.ok(d.pairs.filter(([a, b]) => a === b).length >= d.pairs.length * 0.9);
});

test('empty and tiny templates score zero', () => {
  const empty = { ...base, minutiae: [] };
  assert.equal(matchFingerprints(base, empty), 0);
  assert.equal(matchFingerprints(empty, base), 0);
});

test('calibration: FMR falls as the score rises, thresholds invert it', () => {
  const cal = fingerCalibration();
  let last = 1;
  for (let s = 0; s <= 120; s += 2) { const f = cal.fmrAt(s); assert.ok(f <= last && f > 0); last = f; }
  assert.equal(cal.fmrAt(0), 1);
  for (const target of [0.01, 0.001, 1e-5]) {
    const t = cal.thresholdFor(target);
    assert.ok(cal.fmrAt(t) <= target * 1.001 && cal.fmrAt(t - 0.5) > target * 0.999, `threshold for ${target}`);
  }
});

test('index: add, search finds the mate first, remove drops it', () => {
  const index = new FingerIndex();
  impostors.forEach((t, i) => index.add(`other-${i}`, [t]));
  index.add('subject', [base, randomTemplate(77)]);
  assert.equal(index.size, 31);
  const probe = transform(base, -0.6, 12, 8, 3);
  const hits = index.search([probe], { shortlist: 5, limit: 3 });
  assert.equal(hits[0].id, 'subject');
  assert.ok(hits[0].fmr < 1e-3 && hits[0].score > 3);
  assert.ok(hits.length <= 3 && hits.every((h, i) => i === 0 || h.score <= hits[i - 1].score));
  assert.ok(index.remove('subject'));
  assert.equal(index.remove('subject'), false);
  assert.ok(index.search([probe], { shortlist: 5 }).every((h) => h.id !== 'subject'));
  index.add('subject', [base]); // slot reuse after removal
  assert.equal(index.search([probe], { shortlist: 5 })[0].id, 'subject');
});

test('index: two fingers of one record are fused', () => {
  const second = randomTemplate(78);
  const index = new FingerIndex();
  impostors.forEach((t, i) => index.add(`other-${i}`, [t]));
  index.add('subject', [base, second]);
  const one = index.search([transform(base, 0.2, 4, 4, 3)], { shortlist: 10 })[0];
  const two = index.search([transform(base, 0.2, 4, 4, 3), transform(second, 0.2, 4, 4, 3)], { shortlist: 10 })[0];
  assert.equal(two.id, 'subject');
  assert.equal(two.fingerScores.length, 2);
  assert.ok(two.score > one.score);
});

/** A uniform ridge field at direction code `k` over the template's area. */
function flat(t: FingerTemplate, k: number): FingerTemplate {
  const cols = 20, rows = 25;
  return { ...t, field: { block: 16, cols, rows, levels: 15, codes: new Uint8Array(cols * rows).fill(k) } };
}

test('ridge flow: agreeing fields keep the minutia score, crossing fields cancel it, no field costs the fixed factor', () => {
  const bare = matchFingerprints(base, base) / params.fieldlessFactor;
  assert.ok(Math.abs(matchFingerprints(flat(base, 1), flat(base, 1)) - bare) < 1e-9, 'same flow: factor 1');
  // Code 1 is 0 rad, code 8 is 7π/15 (84°): cos 2Δ ≈ -0.98, so the factor is 0.
  assert.equal(matchFingerprints(flat(base, 1), flat(base, 8)), 0);
  assert.ok(Math.abs(matchFingerprints(flat(base, 1), base) - bare * params.fieldlessFactor) < 1e-9, 'one side without a field');
});

test('ridge agreement follows the alignment\'s rotation', () => {
  const f = (k: number) => ({ block: 16, cols: 20, rows: 20, levels: 15, codes: new Uint8Array(400).fill(k) });
  // Direction code 4 is 3π/15; rotating the probe by 2π/15 turns its code 2 (π/15) into code 4.
  const r = ridgeAgreement(f(2), f(4), (2 * Math.PI) / 15, 0, 0);
  assert.ok(r.agreement > 0.999 && r.blocks > 100, JSON.stringify(r));
  assert.ok(ridgeAgreement(f(2), f(4), 0, 0, 0).agreement < 0.95);
  // Shifted entirely off the candidate: no common blocks.
  assert.equal(ridgeAgreement(f(2), f(4), 0, 1000, 0).blocks, 0);
});

test('with ridge fields the common area is the other print\'s foreground: minutiae off it do not count', () => {
  const top = { ...base, minutiae: base.minutiae.filter((m) => m.y < 200) };
  const field = (rows: number) => ({ block: 24, cols: 20, rows: 25, levels: 15, codes: Uint8Array.from({ length: 500 }, (_, i) => (Math.floor(i / 20) < rows ? 1 : 0)) });
  const probe = { ...base, field: field(25) };
  // The candidate shows only the top of the finger: its field ends at y = 216 (9 rows of 24 px).
  const partial = matchFingerprints(probe, { ...top, field: field(9) });
  const whole = matchFingerprints(probe, { ...top, field: field(25) });
  assert.ok(partial > 1.5 * whole, `partial-field ${partial} vs whole-field ${whole}`);
});

/** The template scaled by `s` about its centre (a print read at the wrong resolution), then turned and shifted. */
function scaled(t: FingerTemplate, s: number, rot: number): FingerTemplate {
  const grown = { ...t, minutiae: t.minutiae.map((m) => ({ ...m, x: 160 + s * (m.x - 160), y: 200 + s * (m.y - 200) })) };
  return transform(grown, rot, 6, -9);
}

test('the re-fit recovers a scale within 10% from a well-supported pairing, and only from one', () => {
  const self = matchFingerprints(base, base);
  const m = new FingerprintMatcher(base);
  for (const s of [0.93, 1.07]) {
    const d = m.detail(scaled(base, s, 0.3));
    assert.ok(Math.abs(d.scale - s) < 0.01, `scale ${s}: fitted ${d.scale}`);
    assert.ok(d.score > 0.8 * self, `scale ${s}: ${d.score} vs ${self}`);
  }
  // A rigid copy keeps scale 1 (up to the f32 positions the kernel holds); impostors stay far below a scaled mate.
  assert.ok(Math.abs(m.detail(transform(base, 0.3, 6, -9)).scale - 1) < 1e-6);
  const worst = Math.max(...impostors.map((t) => m.detail(t).score));
  assert.ok(m.detail(scaled(base, 1.07, 0.3)).score > 3 * worst);
  // Fewer than params.refitScaleMinPairs pairs: the re-fit stays rigid (scale exactly 1).
  const few = { ...base, minutiae: base.minutiae.slice(0, params.refitScaleMinPairs - 1) };
  assert.equal(new FingerprintMatcher(few).detail(scaled(few, 1.05, 0.2)).scale, 1);
});
