// Contactless pipeline on synthetic finger photos (no data set): recovered ridge period,
// orientation, fingertip and a print that lines up with the flat pattern it was rendered from.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { contactlessToGray, contactlessToGrayAll, extractContactless, ContactlessError, type ContactlessPrint } from '../src/contactless/index.ts';
import { extractFromGray, fingerCalibration, matchFingerprints } from '../src/index.ts';
import { bestAlignment, flatGray, flatPattern, flatPrint, photograph, FLAT_PERIOD, type PhotoSpec } from './contactless-fixtures.ts';

const SCALE = 11 / FLAT_PERIOD; // photo pixels per 500 ppi pixel in the renders
const pattern = flatPattern(1);
const flat = flatPrint(pattern);

function render(spec: PhotoSpec, common: PhotoSpec = {}) {
  return photograph([{ pattern, spec: { scale: SCALE, ...spec } }], { blur: 1.2, ...common });
}

function angleOf(v: { x: number; y: number }): number {
  return (Math.atan2(v.x, -v.y) * 180) / Math.PI; // 0 = up, 90 = right, as in PhotoSpec.angle
}

function angleDiff(a: number, b: number): number {
  return Math.abs(((a - b + 540) % 360) - 180);
}

const upright = render({ angle: 0, tipAt: [0.5, 0.09] }, { keystone: 0.1 });
let uprightPrint: ContactlessPrint;

test('recovers the ridge period of a photographed finger', () => {
  uprightPrint = contactlessToGray(upright);
  const truth = FLAT_PERIOD * SCALE;
  assert.ok(Math.abs(uprightPrint.periodPx - truth) / truth < 0.08, `period ${uprightPrint.periodPx} vs ${truth}`);
  assert.equal(uprightPrint.scaleSource, 'ridges');
  assert.equal(uprightPrint.ppi, 500);
});

test('finds the fingertip and its direction', () => {
  const t = uprightPrint.fingertip;
  assert.ok(angleDiff(angleOf(t.axis), 0) < 3, `axis ${angleOf(t.axis)}°`);
  const trueWidth = 0.94 * pattern.width * SCALE;
  assert.ok(Math.abs(t.width - trueWidth) / trueWidth < 0.15, `width ${t.width} vs ${trueWidth}`);
  const tip = { x: 0.5 * upright.width, y: 0.09 * upright.height };
  assert.ok(Math.hypot(t.tip.x - tip.x, t.tip.y - tip.y) < 0.1 * trueWidth, `tip ${JSON.stringify(t.tip)} vs ${JSON.stringify(tip)}`);
});

test('the print is upright, mirrored back and lines up with the flat pattern', () => {
  const p = uprightPrint;
  const inside = p.mask.data.reduce((s, v) => s + v, 0) / p.mask.data.length;
  assert.ok(inside > 0.5 && inside < 1, `mask covers ${inside}`);
  for (let i = 0; i < p.mask.data.length; i++) if (!p.mask.data[i]) assert.equal(p.image.data[i], 255);
  const aligned = bestAlignment(p.image, flat);
  assert.ok(aligned.ncc > 0.5, `ncc ${aligned.ncc}`);
  // Without the mirror the same photo does not line up: the mirror is what makes it contact-like.
  const unmirrored = contactlessToGray(upright, { mirror: false });
  assert.ok(bestAlignment(unmirrored.image, flat).ncc < aligned.ncc - 0.25);
});

let upTemplate: ReturnType<typeof extractFromGray>['template'] | null = null;
const uprightTemplate = () => (upTemplate ??= extractFromGray(uprightPrint, { dpi: 500 }).template);

test('rotated photos give the same print', () => {
  const cases: [number, [number, number]][] = [[90, [0.85, 0.5]], [200, [0.4, 0.85]], [-37, [0.3, 0.12]]];
  for (const [angle, tipAt] of cases) {
    const p = contactlessToGray(render({ angle, tipAt }));
    assert.ok(angleDiff(angleOf(p.fingertip.axis), angle) < 3, `${angle}°: axis ${angleOf(p.fingertip.axis)}°`);
    assert.ok(Math.abs(p.periodPx - uprightPrint.periodPx) / uprightPrint.periodPx < 0.06, `${angle}°: period ${p.periodPx}`);
    const a = bestAlignment(p.image, flat);
    // (Rings barely change under rotation about the core, so orientation is checked on the axis.)
    assert.ok(a.ncc > 0.5, `${angle}°: ${JSON.stringify(a)}`);
    const score = matchFingerprints(extractFromGray(p, { dpi: 500 }).template, uprightTemplate());
    assert.ok(fingerCalibration('contact').fmrAt(score) < 1e-3, `${angle}°: template score ${score} against the upright photo's`);
  }
});

test('ridges come out dark whichever way the photo shows them', () => {
  const dark = contactlessToGray(render({ angle: 0, tipAt: [0.5, 0.09] }, { ridgesBright: false }));
  assert.notEqual(dark.inverted, uprightPrint.inverted);
  assert.ok(bestAlignment(dark.image, flat).ncc > 0.5);
});

test('rejects photos without a finger with a typed reason', () => {
  const w = 400, h = 300;
  const plain = { width: w, height: h, channels: 3 as const, data: new Uint8Array(w * h * 3).map((_, i) => [196, 146, 122][i % 3]) };
  let s = 12345;
  const noise = { width: w, height: h, channels: 3 as const, data: new Uint8Array(w * h * 3).map(() => ((s = (s * 1103515245 + 12345) >>> 0) >>> 24)) };
  const ramp = { width: w, height: h, channels: 3 as const, data: new Uint8Array(w * h * 3).map((_, i) => Math.floor(i / 3) % w * 0.6) };
  for (const [name, img] of [['plain', plain], ['noise', noise], ['ramp', ramp]] as const) {
    assert.throws(() => contactlessToGray(img), (err: unknown) => {
      assert.ok(err instanceof ContactlessError, `${name}: ${String(err)}`);
      assert.ok(['NO_FINGER', 'NO_RIDGES'].includes(err.code), `${name}: ${err.code}`);
      return true;
    });
  }
});

test('finds four fingertips of a hand and labels them', () => {
  const specs: PhotoSpec[] = [
    { angle: -12, tipAt: [0.14, 0.3] }, { angle: -4, tipAt: [0.38, 0.12] },
    { angle: 4, tipAt: [0.62, 0.1] }, { angle: 12, tipAt: [0.86, 0.22] },
  ];
  const patterns = [11, 12, 13, 14].map((seed) => flatPattern(seed));
  const photo = photograph(patterns.map((p, i) => ({ pattern: p, spec: { scale: 0.55, ...specs[i] } })), { width: 1000, height: 760, blur: 0.8 });
  const prints = contactlessToGrayAll(photo, { hand: 'right' });
  assert.equal(prints.length, 4);
  const xs = prints.map((p) => p.fingertip.tip.x);
  assert.deepEqual([...xs].sort((a, b) => a - b), xs, 'ordered left to right');
  assert.deepEqual(prints.map((p) => p.fingertip.position), [5, 4, 3, 2]);
  prints.forEach((p, i) => {
    assert.ok(Math.abs(p.fingertip.tip.x - specs[i].tipAt![0] * 1000) < 40, `finger ${i} tip x ${p.fingertip.tip.x}`);
    assert.ok(angleDiff(angleOf(p.fingertip.axis), specs[i].angle!) < 5, `finger ${i} axis ${angleOf(p.fingertip.axis)}`);
  });
  const left = contactlessToGrayAll(photo, { hand: 'left' });
  assert.deepEqual(left.map((p) => p.fingertip.position), [7, 8, 9, 10]);
});

test('a photographed finger yields a template that matches its flat print, not another', () => {
  const cal = fingerCalibration('contact');
  for (const seed of [2, 3]) {
    const own = flatPattern(seed), other = flatPattern(seed + 10);
    const photo = photograph([{ pattern: own, spec: { angle: 30, tipAt: [0.35, 0.1], scale: SCALE } }], { blur: 1.2, keystone: 0.06 });
    const ex = extractContactless(photo);
    const genuine = matchFingerprints(ex.template, extractFromGray(flatGray(own), { dpi: 500 }).template);
    const impostor = matchFingerprints(ex.template, extractFromGray(flatGray(other), { dpi: 500 }).template);
    assert.ok(cal.fmrAt(genuine) < 1e-3, `seed ${seed}: genuine ${genuine} (FMR ${cal.fmrAt(genuine)})`);
    assert.ok(genuine > impostor + 10, `seed ${seed}: genuine ${genuine}, impostor ${impostor}`);
  }
});

test('unrolling a curved finger brings its template closer to the flat print', () => {
  let flatScores = 0, unrolledScores = 0;
  for (const seed of [1, 2]) {
    const own = flatPattern(seed);
    const photo = photograph([{ pattern: own, spec: { angle: 0, tipAt: [0.5, 0.09], scale: SCALE } }], { blur: 1.0, cylinder: true });
    const flatTemplate = extractFromGray(flatGray(own), { dpi: 500 }).template;
    const score = (unroll: boolean) => matchFingerprints(extractFromGray(contactlessToGray(photo, { unroll }), { dpi: 500 }).template, flatTemplate);
    flatScores += score(false);
    unrolledScores += score(true);
  }
  assert.ok(unrolledScores > flatScores + 5, `unrolled ${unrolledScores} vs not ${flatScores}`);
});
