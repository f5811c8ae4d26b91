// The shipped contactless calibration tables behave as calibrations: FMR falls as the score
// rises, and thresholdFor inverts fmrAt.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { contactlessCalibration, contactlessCalibrationSize } from '../src/contactless/index.ts';

for (const against of ['contact', 'contactless'] as const) {
  test(`contactless-to-${against} calibration is monotone and invertible`, () => {
    const cal = contactlessCalibration(against);
    let prev = 1;
    for (let s = 0; s <= 100; s += 0.5) {
      const f = cal.fmrAt(s);
      assert.ok(f <= prev + 1e-12 && f > 0 && f <= 1, `fmr ${f} at ${s}`);
      prev = f;
    }
    for (const target of [0.1, 0.01, 0.001]) {
      const t = cal.thresholdFor(target);
      assert.ok(cal.fmrAt(t) <= target * 1.001, `${against}: fmr ${cal.fmrAt(t)} at threshold ${t} for ${target}`);
      assert.ok(cal.fmrAt(t - 0.05) >= target * 0.8, `${against}: threshold ${t} for ${target} is not the lowest`);
    }
  });
}

test('the tables say how many impostors they rest on', () => {
  const n = contactlessCalibrationSize();
  assert.ok(n.toContact > n.toContactless && n.toContactless > 0);
});
