import assert from 'node:assert/strict';
import { test } from 'node:test';
import { detCurve, detSvg, errorRates } from '../src/metrics.ts';

test('perfect separation gives zero errors', () => {
  const r = errorRates([5, 6, 7, 8], [1, 2, 3]);
  assert.deepEqual(r, { eer: 0, fmr100: 0, fmr1000: 0, zerofmr: 0 });
});

test('EER where the rates cross, FNMR at FMR limits', () => {
  // Genuine 10..109, impostor 0..99: at threshold t, FMR = (100 - t)/100 and FNMR = (t - 10)/100, equal at t = 55.
  const genuine = Array.from({ length: 100 }, (_, i) => i + 10);
  const impostor = Array.from({ length: 100 }, (_, i) => i);
  const r = errorRates(genuine, impostor);
  assert.ok(Math.abs(r.eer - 0.45) < 0.006, `eer ${r.eer}`);
  assert.equal(r.zerofmr, 0.9); // must exceed 99: genuine 10..99 rejected
  assert.equal(r.fmr100, 0.89); // one impostor (99) may pass
});

test('failed enrolments (-Infinity) count as rejected', () => {
  const r = errorRates([-Infinity, 10, 11, 12], [1, 2]);
  assert.equal(r.zerofmr, 0.25);
});

test('DET curve is monotone and renders as SVG', () => {
  const det = detCurve([3, 4, 5, 6], [1, 2, 3.5, 4.5]);
  for (let i = 1; i < det.length; i++) { assert.ok(det[i].fmr <= det[i - 1].fmr); assert.ok(det[i].fnmr >= det[i - 1].fnmr); }
  const svg = detSvg([{ label: 'a<b', points: det }]);
  assert.match(svg, /^<svg[\s\S]*<polyline[\s\S]*<\/svg>\n$/);
  assert.ok(svg.includes('a&#60;b'));
});

test('error-versus-discard: lowest quality first, ties discarded in proportion', async () => {
  const { fnmrAfterDiscard } = await import('../src/finger/eval-finger-quality.ts');
  // Ten pairs; the two misses have the two lowest qualities: discarding 20% removes both.
  const ordered = Array.from({ length: 10 }, (_, i) => ({ quality: i, miss: i < 2 }));
  assert.equal(fnmrAfterDiscard(ordered, 0), 0.2);
  assert.equal(fnmrAfterDiscard(ordered, 0.1), 1 / 9);
  assert.equal(fnmrAfterDiscard(ordered, 0.2), 0);
  // All tied: discarding any share leaves the same expected FNMR, whatever order the pairs are listed in.
  const tied = Array.from({ length: 10 }, (_, i) => ({ quality: 5, miss: i < 2 }));
  for (const f of [0.1, 0.25, 0.5]) assert.ok(Math.abs(fnmrAfterDiscard(tied, f) - 0.2) < 1e-12);
  // A tie straddling the cut: 4 pairs at quality 1 (one miss), 4 at quality 2 (no miss); discarding 2 of 8
  // keeps half of the first group: 0.5 expected misses among 6 kept.
  const straddle = [...Array.from({ length: 4 }, (_, i) => ({ quality: 1, miss: i === 0 })), ...Array.from({ length: 4 }, () => ({ quality: 2, miss: false }))];
  assert.ok(Math.abs(fnmrAfterDiscard(straddle, 0.25) - 0.5 / 6) < 1e-12);
});
