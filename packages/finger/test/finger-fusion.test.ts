import assert from 'node:assert/strict';
import { test } from 'node:test';
import { FingerIndex, fuseFingerEvidence, fuseFingerScores, fingerCalibration, sumTail } from '../src/index.ts';
import { randomTemplate, transform } from './synth.ts';

/** A deterministic generator (xorshift32; the LCG of synth.ts is too regular for sums of draws): the Monte
 * Carlo checks must not flake. Values in (0, 1). */
function rng(seed: number): () => number {
  let x = seed | 1;
  return () => { x ^= x << 13; x ^= x >>> 17; x ^= x << 5; return (x >>> 0) / 4294967296 + 1 / 8589934592; };
}

test('sum tail: one term is the FMR itself; more terms make the same sum more likely', () => {
  assert.ok(Math.abs(sumTail(3, 1) - 1e-3) < 1e-12);
  // Two fingers at a product of 1e-6: the chance of a sum that large is 1e-6 * (1 + ln 1e6), not 1e-6.
  assert.ok(Math.abs(sumTail(6, 2) - 1e-6 * (1 + 6 * Math.LN10)) < 1e-12);
  assert.ok(sumTail(6, 3) > sumTail(6, 2));
  assert.equal(sumTail(0, 2), 1);
  assert.equal(sumTail(5, 0), 1);
});

test('sum tail matches simulated impostors (uniform FMRs) for 2 and 4 fingers', () => {
  const next = rng(7), n = 200_000;
  for (const terms of [2, 4]) {
    for (const evidence of [2, 3.5]) {
      let over = 0;
      for (let i = 0; i < n; i++) {
        let e = 0;
        for (let t = 0; t < terms; t++) e -= Math.log10(1 - next());
        if (e >= evidence) over++;
      }
      const expected = sumTail(evidence, terms), sd = Math.sqrt(expected * (1 - expected) / n);
      assert.ok(Math.abs(over / n - expected) < 5 * sd + 1e-5, `${terms} terms at ${evidence}: ${over / n} vs ${expected}`);
    }
  }
});

test('pairing is one-to-one: one record finger cannot serve two probe fingers', () => {
  // Both probe fingers match record finger 0 best; the pairing gives one of them finger 1.
  const e = [[6, 1], [5, 0.5]];
  const fused = fuseFingerEvidence(e);
  assert.deepEqual(fused.pairedWith, [0, 1]);
  assert.equal(fused.terms, 2);
  assert.ok(Math.abs(fused.evidence - 6.5) < 1e-12);
  // Two pairings of size 2 were possible: the FMR of the best is bounded by twice one pairing's.
  assert.equal(fused.alternatives, 2);
  assert.ok(Math.abs(fused.fmr - 2 * sumTail(6.5, 2)) < 1e-15);
  assert.ok(Math.abs(fused.score + Math.log10(fused.fmr)) < 1e-12);
});

test('pairing is exact: it finds the best sum where greedy choices would not', () => {
  // Greedy (largest first: p0-r0 = 9) leaves p1 with r1 = 0 (sum 9); the best pairing is p0-r1, p1-r0 (8 + 8).
  const fused = fuseFingerEvidence([[9, 8], [8, 0]]);
  assert.deepEqual(fused.pairedWith, [1, 0]);
  assert.equal(fused.evidence, 16);
  // Random matrices: the dynamic programme agrees with brute force over every pairing.
  const next = rng(11);
  for (let trial = 0; trial < 200; trial++) {
    const k = 1 + Math.floor(next() * 4), m = 1 + Math.floor(next() * 5);
    const e = Array.from({ length: k }, () => Array.from({ length: m }, () => next() * 6));
    const fused = fuseFingerEvidence(e);
    const brute = bruteForce(e);
    assert.equal(fused.terms, Math.min(k, m));
    assert.ok(Math.abs(fused.evidence - brute.best) < 1e-9, `trial ${trial}`);
    assert.equal(fused.alternatives, brute.count);
    const used = fused.pairedWith.filter((r) => r >= 0);
    assert.equal(new Set(used).size, used.length);
    assert.ok(Math.abs(fused.pairedWith.reduce((s, r, p) => s + (r >= 0 ? e[p][r] : 0), 0) - fused.evidence) < 1e-9);
  }
});

test('known positions: only comparable pairs, one pairing, no penalty for the choice', () => {
  const e = [[6, 9], [9, 5]];
  const positioned = fuseFingerEvidence(e, (p, r) => p === r);
  assert.deepEqual(positioned.pairedWith, [0, 1]);
  assert.equal(positioned.alternatives, 1);
  assert.ok(Math.abs(positioned.fmr - sumTail(11, 2)) < 1e-15);
  // A probe finger with no comparable record finger is left out of the sum, not counted as a zero.
  const one = fuseFingerEvidence([[4, 0], [3, 0]], (p, r) => p === 0 && r === 0);
  assert.equal(one.terms, 1);
  assert.deepEqual(one.pairedWith, [0, -1]);
  assert.ok(Math.abs(one.fmr - 1e-4) < 1e-15);
  // Nothing comparable (or an empty record): no evidence.
  assert.equal(fuseFingerEvidence([[4]], () => false).fmr, 1);
  assert.equal(fuseFingerEvidence([[]]).fmr, 1);
  assert.throws(() => fuseFingerEvidence(Array.from({ length: 13 }, () => [1])), RangeError);
});

test('two moderate fingers outweigh one strong one, after the corrections', () => {
  const cal = fingerCalibration();
  const strong = cal.thresholdFor(1e-4), moderate = cal.thresholdFor(1e-3);
  assert.ok(fuseFingerScores([moderate, moderate]) > fuseFingerScores([strong]));
  assert.ok(Math.abs(fuseFingerScores([strong]) - 4) < 0.01);
  assert.equal(fuseFingerScores([]), 0);
});

test('index: a probe of two captures of the same finger does not count that finger twice', () => {
  const base = randomTemplate(42), other = randomTemplate(43);
  const index = new FingerIndex();
  for (let i = 0; i < 20; i++) index.add(`other-${i}`, [randomTemplate(2000 + i)]);
  index.add('subject', [base, other]);
  const capture = transform(base, 0.2, 4, 4, 3), again = transform(base, -0.1, -3, 5, 3);
  const once = index.search([capture], { shortlist: 10 })[0];
  const twice = index.search([capture, again], { shortlist: 10 })[0];
  assert.equal(twice.id, 'subject');
  // The second capture is paired with the record's other finger, which it does not match.
  assert.equal(new Set(twice.pairedWith).size, 2);
  assert.ok(twice.fingerScores[0] > 5 * twice.fingerScores[1] || twice.fingerScores[1] > 5 * twice.fingerScores[0], `${twice.fingerScores}`);
  assert.ok(twice.score < once.score + 1, `${twice.score} vs ${once.score}`);
});

function bruteForce(e: number[][]): { best: number; count: number } {
  const k = e.length, m = e[0].length, t = Math.min(k, m);
  let best = -Infinity, count = 0;
  const used = new Array<boolean>(m).fill(false);
  const walk = (p: number, pairs: number, sum: number): void => {
    if (p === k) { if (pairs === t) { count++; best = Math.max(best, sum); } return; }
    walk(p + 1, pairs, sum);
    for (let r = 0; r < m; r++) if (!used[r]) { used[r] = true; walk(p + 1, pairs + 1, sum + e[p][r]); used[r] = false; }
  };
  walk(0, 0, 0);
  return { best, count };
}

test('index: known positions pair only like with like, and pay nothing for the choice', () => {
  const thumb = randomTemplate(51), index = randomTemplate(52);
  const gallery = new FingerIndex();
  for (let i = 0; i < 20; i++) gallery.add(`other-${i}`, [{ template: randomTemplate(3000 + i), position: 1 + (i % 10) }]);
  // A second impression of the thumb is stored too: it counts as the same finger.
  gallery.add('subject', [{ template: thumb, position: 1 }, { template: index, position: 2 }, { template: transform(thumb, 0.05, 2, 1, 2), position: 1 }]);
  const probeThumb = transform(thumb, 0.2, 4, 4, 3), probeIndex = transform(index, -0.2, 3, -2, 3);
  const unknown = gallery.search([probeThumb, probeIndex], { shortlist: 10 })[0];
  const known = gallery.search([{ template: probeThumb, position: 1 }, { template: probeIndex, position: 2 }], { shortlist: 10 })[0];
  assert.equal(known.id, 'subject');
  assert.equal(unknown.id, 'subject');
  // Same pairing either way; with positions there was one possible pairing instead of several.
  assert.deepEqual(known.fingerScores, unknown.fingerScores);
  assert.ok(known.fmr < unknown.fmr, `${known.fmr} vs ${unknown.fmr}`);
  assert.equal(known.pairedWith[1], 1);
  assert.ok([0, 2].includes(known.pairedWith[0]));
  // Positions swapped: each probe finger may only meet the other finger, which it does not match.
  const swapped = gallery.search([{ template: probeThumb, position: 2 }, { template: probeIndex, position: 1 }], { shortlist: 10 }).find((h) => h.id === 'subject');
  assert.ok(!swapped || swapped.score < known.score / 3, `${swapped?.score} vs ${known.score}`);
  assert.throws(() => gallery.add('bad', [{ template: thumb, position: 11 }]), RangeError);
  assert.throws(() => gallery.search([{ template: thumb, position: -1 }]), RangeError);
});
