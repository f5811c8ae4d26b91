import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parsePairs, imagePath } from '../src/face/pairs.ts';
import { accuracyAt, bestThreshold, verificationFigures, type Scored } from '../src/face/verification.ts';
import { buildCalibration, calibrationFrom } from '@candor/face';

test('View 1 and View 2 pairs files parse into same/different pairs with folds', () => {
  const v1 = parsePairs('2\nA\t1\t2\nB 3 4\nA 1 C 2\nB\t4\tD\t1\n');
  assert.equal(v1.view, 1);
  assert.deepEqual(v1.pairs.map((p) => [p.a, p.b, p.same]), [['A/1', 'A/2', true], ['B/3', 'B/4', true], ['A/1', 'C/2', false], ['B/4', 'D/1', false]]);
  const v2 = parsePairs('2 1\nA 1 2\nA 1 B 1\nC 1 3\nC 2 D 1\n');
  assert.equal(v2.view, 2);
  assert.deepEqual(v2.pairs.map((p) => p.fold), [0, 0, 1, 1]);
  assert.throws(() => parsePairs('1\nA 1\nB 1 C 1\n'));
  assert.equal(imagePath('/d/images', 'Aaron_Peirsol/12'), '/d/images/Aaron_Peirsol/Aaron_Peirsol_0012.jpg');
});

test('the accuracy threshold is the best one on the training pairs', () => {
  const train: Scored[] = [0.9, 0.8, 0.6, 0.35].map((score) => ({ score, same: true, fold: 0 }))
    .concat([0.5, 0.3, 0.1, -0.2].map((score) => ({ score, same: false, fold: 0 })));
  const t = bestThreshold(train);
  assert.ok(t > 0.5 && t < 0.6 || t > 0.3 && t < 0.35, `threshold ${t}`);
  assert.equal(accuracyAt(train, t), 7 / 8);
  // Failed enrolments (-Infinity) never count as accepted.
  assert.equal(accuracyAt([{ score: -Infinity, same: true, fold: 0 }], t), 0);
});

test('perfectly separated scores give accuracy 1, EER 0 and TAR 1', () => {
  const pairs: Scored[] = [];
  for (let i = 0; i < 1000; i++) pairs.push({ score: 0.5 + i / 4000, same: true, fold: i % 10 }, { score: -0.5 + i / 4000, same: false, fold: i % 10 });
  const f = verificationFigures(pairs, null);
  assert.equal(f.accuracy, 1);
  assert.equal(f.eer, 0);
  assert.equal(f['tar_at_far_1e-3'], 1);
});

test('a calibration built from impostor scores reproduces their FMR at its thresholds', () => {
  const impostors = Array.from({ length: 10000 }, (_, i) => Math.sin(i * 12.9898) * 0.3);
  const cal = calibrationFrom(buildCalibration('t@1', impostors, 'test'));
  const t = cal.thresholdFor(0.01);
  const measured = impostors.filter((s) => s >= t).length / impostors.length;
  assert.ok(Math.abs(measured - 0.01) < 0.002, `${measured}`);
});
