import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildCalibration, calibrationFrom, compareFaces, faceCalibration, DEFAULT_ENCODER, encoderModelId, FaceError } from '@candor/face';

// A deterministic pseudo-random impostor distribution (no fixture data).
function impostors(n: number): number[] {
  let s = 12345;
  const rand = (): number => { // mulberry32
    s = (s + 0x6d2b79f5) | 0;
    let t = Math.imul(s ^ (s >>> 15), 1 | s);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return Array.from({ length: n }, () => { let v = 0; for (let i = 0; i < 6; i++) v += rand(); return (v - 3) * 0.12; });
}

test('built calibration is monotone: higher score, lower FMR; threshold inverts it', () => {
  const scores = impostors(200_000);
  const cal = calibrationFrom(buildCalibration('test@1', scores, 'synthetic'));
  let last = 2;
  for (let s = -0.5; s <= 1; s += 0.01) {
    const f = cal.fmrAt(s);
    assert.ok(f <= last + 1e-12, `fmr not increasing at ${s}`);
    assert.ok(f > 0 && f <= 1);
    last = f;
  }
  for (const target of [1e-1, 1e-2, 1e-3, 1e-4]) {
    const t = cal.thresholdFor(target);
    const measured = scores.filter((v) => v >= t).length / scores.length;
    assert.ok(measured <= target * 1.35 && measured >= target / 1.35, `at FMR ${target}: threshold ${t} lets ${measured} through`);
    assert.ok(Math.abs(Math.log10(cal.fmrAt(t)) - Math.log10(target)) < 0.05);
  }
  assert.ok(cal.thresholdFor(1e-9) >= cal.thresholdFor(1e-4), 'FMR below the measured floor clamps to the last row');
});

test('the shipped calibration of the default model is monotone and covers 1e-4', () => {
  const cal = faceCalibration(encoderModelId(DEFAULT_ENCODER));
  const ts = [1e-1, 1e-2, 1e-3, 1e-4].map((f) => cal.thresholdFor(f));
  for (let i = 1; i < ts.length; i++) assert.ok(ts[i] > ts[i - 1]);
  assert.ok(cal.fmrAt(ts[3]) <= 1.01e-4);
});

test('comparing templates of different models is refused', () => {
  const v = new Float32Array([1, 0]);
  assert.equal(compareFaces({ modelId: 'a@1', vector: v }, { modelId: 'a@1', vector: v }), 1);
  assert.throws(() => compareFaces({ modelId: 'a@1', vector: v }, { modelId: 'b@1', vector: v }), (e: unknown) => e instanceof FaceError && e.code === 'MODEL_MISMATCH');
  assert.throws(() => faceCalibration('unknown@0'), FaceError);
});
