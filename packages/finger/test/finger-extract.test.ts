import assert from 'node:assert/strict';
import { test } from 'node:test';
import { FingerError, extractFromGray, matchFingerprints } from '../src/index.ts';
import { resample } from '../src/extract/resample.ts';
import { normaliseContrast } from '../src/extract/contrast.ts';
import { params } from '../src/params.ts';
import { ridgeField } from '../src/extract/ridge-field.ts';
import { ridgeImage, rotate90 } from './synth.ts';

const planted = [{ x: 110, y: 110 }, { x: 210, y: 120 }, { x: 120, y: 210 }, { x: 215, y: 215 }];
const eight = [...planted, { x: 160, y: 70 }, { x: 70, y: 160 }, { x: 250, y: 170 }, { x: 165, y: 255 }];

test('finds each planted minutia and nothing else on a clean synthetic print', () => {
  const { template, quality } = extractFromGray(ridgeImage({ minutiae: planted }));
  assert.equal(template.dpi, 500);
  assert.equal(template.minutiae.length, planted.length);
  for (const p of planted) {
    const d = Math.min(...template.minutiae.map((m) => Math.hypot(m.x - p.x, m.y - p.y)));
    assert.ok(d <= 6, `planted minutia at ${p.x},${p.y} found within ${d.toFixed(1)} px`);
  }
  for (const m of template.minutiae) {
    assert.ok(m.angle >= 0 && m.angle < 2 * Math.PI);
    assert.ok(m.quality >= 0 && m.quality <= 100);
  }
  assert.ok(quality.reasons.includes('TOO_FEW_MINUTIAE'), 'four minutiae are too few for a good print');
});

test('minutia directions follow the ridge flow', () => {
  const angle = 0.3; // ridges run perpendicular to the wave vector
  const { template } = extractFromGray(ridgeImage({ minutiae: planted, angle }));
  const ridge = angle + Math.PI / 2;
  for (const m of template.minutiae) {
    const off = Math.abs(Math.sin(m.angle - ridge)); // 0 when parallel to the ridge either way
    assert.ok(off < 0.35, `direction ${m.angle.toFixed(2)} is along the ridge ${ridge.toFixed(2)}`);
  }
});

test('survives noise and finds the planted minutiae', () => {
  const { template } = extractFromGray(ridgeImage({ minutiae: eight, noise: 120 }));
  const found = eight.filter((p) => template.minutiae.some((m) => Math.hypot(m.x - p.x, m.y - p.y) <= 8)).length;
  assert.ok(found >= 6, `found ${found} of 8 with noise`);
  assert.ok(template.minutiae.length <= 12, `${template.minutiae.length} minutiae, few spurious`);
});

test('a 90° rotated image yields the rotated template (matcher agrees)', () => {
  const many = eight;
  const a = extractFromGray(ridgeImage({ minutiae: many })).template;
  const b = extractFromGray(rotate90(ridgeImage({ minutiae: many }))).template;
  assert.ok(a.minutiae.length >= 6);
  assert.ok(b.minutiae.length <= many.length);
  const kept = a.minutiae.filter((m) => b.minutiae.some((n) => Math.hypot(n.x - (320 - 1 - m.y), n.y - m.x) <= 4)).length;
  assert.ok(kept >= a.minutiae.length - 1, `${kept} of ${a.minutiae.length} minutiae found at their rotated place`);
  const other = extractFromGray(ridgeImage({ minutiae: [{ x: 90, y: 140 }, { x: 230, y: 100 }, { x: 150, y: 230 }, { x: 240, y: 240 }, { x: 130, y: 80 }, { x: 90, y: 230 }] })).template;
  assert.ok(matchFingerprints(a, b) > 2 * matchFingerprints(a, other), 'rotated copy scores far above a different pattern');
});

test('resolution is normalised to 500 ppi', () => {
  const img = ridgeImage({ minutiae: planted });
  const big = resample(img, 500, 1000); // the same print scanned at 1000 ppi
  const { template } = extractFromGray(big, { dpi: 1000 });
  assert.equal(template.width, img.width);
  for (const p of planted) {
    assert.ok(template.minutiae.some((m) => Math.hypot(m.x - p.x, m.y - p.y) <= 7));
  }
});

test('typed errors for images that are not fingerprints', () => {
  const uniform = { width: 200, height: 200, data: new Uint8Array(200 * 200).fill(128) };
  assert.throws(() => extractFromGray(uniform), (e: unknown) => e instanceof FingerError && e.code === 'NOT_A_FINGERPRINT');
  const bad = { width: 200, height: 200, data: new Uint8Array(10) };
  assert.throws(() => extractFromGray(bad), (e: unknown) => e instanceof FingerError && e.code === 'IMAGE_CORRUPT');
  assert.throws(() => extractFromGray(ridgeImage(), { dpi: 5 }), (e: unknown) => e instanceof FingerError);
});

test('the template\'s ridge field: the flow in 4-bit codes, background where the print is absent or its flow unclear', () => {
  // 6 × 6 blocks of 8 px: direction π/3 everywhere; left two columns outside the print, top two rows incoherent.
  const grid = { size: 8, cols: 6, rows: 6 };
  const angle = new Float32Array(36).fill(Math.PI / 3), coherence = new Float32Array(36).fill(0.8), mask = new Uint8Array(36).fill(1);
  for (let y = 0; y < 6; y++) for (let x = 0; x < 6; x++) {
    if (x < 2) mask[y * 6 + x] = 0;
    if (y < 3) coherence[y * 6 + x] = 0.1;
  }
  const f = ridgeField({ grid, angle, coherence }, mask, grid);
  assert.deepEqual([f.block, f.cols, f.rows, f.levels], [24, 2, 2, 15]);
  // Blocks of 3 × 3: (0,0) has 3 of 9 sub-blocks in the print → background; (1,0) incoherent → background;
  // (0,1) 3 of 9 in the print → background; (1,1) clear → code 1 + round(15 / 3) = 6.
  assert.deepEqual(Array.from(f.codes), [0, 0, 0, 6]);
});

test('contrast normalisation: a faint print is stretched about its middle, a normal one is left as it is', () => {
  const img = ridgeImage({ minutiae: planted });
  assert.equal(normaliseContrast(img), img, 'a print spanning 200 levels is not touched');
  const faint = { ...img, data: img.data.map((v) => Math.round(128 + 0.3 * (v - 128))) };
  const out = normaliseContrast(faint);
  const range = (d: Uint8Array) => { const s = Array.from(d).sort((a, b) => a - b); return s[Math.floor(0.99 * s.length)] - s[Math.floor(0.01 * s.length)]; };
  assert.ok(Math.abs(range(out.data) - params.contrastTargetRange) <= 3, `stretched to ${range(out.data)} levels`);
  // Order of gray levels kept (a monotone map).
  for (let i = 1; i < 2000; i++) if (faint.data[i] > faint.data[i - 1]) assert.ok(out.data[i] >= out.data[i - 1]);
  // A nearly blank platen: the gain is capped, so its sensor noise stays small.
  const blank = { width: 100, height: 100, data: Uint8Array.from({ length: 10000 }, (_, i) => 120 + ((i * 7919) % 5)) };
  const b = normaliseContrast(blank);
  assert.ok(range(b.data) <= 4 * params.contrastMaxGain, `blank platen range ${range(b.data)}`);
});

test('a faint print (contrast cut to 30%) yields the same minutiae as the full-contrast one', () => {
  const img = ridgeImage({ minutiae: eight, noise: 40 });
  const faint = { ...img, data: img.data.map((v) => Math.round(128 + 0.3 * (v - 128))) };
  const a = extractFromGray(img).template, b = extractFromGray(faint).template;
  const found = eight.filter((p) => b.minutiae.some((m) => Math.hypot(m.x - p.x, m.y - p.y) <= 8)).length;
  assert.ok(found >= eight.length - 1, `found ${found} of ${eight.length} in the faint print`);
  assert.ok(matchFingerprints(a, b) > 0.8 * matchFingerprints(a, a), 'the faint print matches its full-contrast capture');
  // Minutia qualities weight the minutiae in matching: read from the stretched print, they stay near the
  // full-contrast ones (without the stretch they fell by a quarter: 86.9 → 63.6).
  const meanQuality = (t: typeof a) => t.minutiae.reduce((q, m) => q + m.quality, 0) / t.minutiae.length;
  assert.ok(meanQuality(b) > 0.85 * meanQuality(a), `mean minutia quality ${meanQuality(b).toFixed(1)} against ${meanQuality(a).toFixed(1)}`);
});

test('a blank platen with sensor noise is not a fingerprint', () => {
  let s = 5; const r = () => { s = (s * 1103515245 + 12345) & 0x7fffffff; return s / 0x7fffffff; };
  const blank = { width: 300, height: 300, data: Uint8Array.from({ length: 90000 }, () => 200 + Math.round(6 * (r() - 0.5))) };
  assert.throws(() => extractFromGray(blank), (e: unknown) => e instanceof FingerError && (e.code === 'NOT_A_FINGERPRINT' || e.code === 'TOO_FEW_MINUTIAE'));
});
