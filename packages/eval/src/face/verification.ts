// Verification figures from scored pairs: accuracy with a threshold chosen on separate data
// (View 1: the DevTrain pairs; View 2: 10-fold cross-validation), EER and TAR at fixed FARs.
import { detCurve, errorRates } from '../metrics.ts';

export interface Scored { score: number; same: boolean; fold: number }

export interface VerificationFigures {
  pairs: number; accuracy: number; threshold: number; eer: number;
  'tar_at_far_1e-2': number; 'tar_at_far_1e-3': number;
}

/** The threshold with the best accuracy on `train` (midpoint between neighbouring scores). */
export function bestThreshold(train: Scored[]): number {
  const sorted = [...train].sort((a, b) => a.score - b.score);
  const sameTotal = sorted.filter((p) => p.same).length;
  // Accept score >= t. Start with t below everything: every same accepted, every different wrong.
  let correct = sameTotal, best = correct, threshold = -Infinity;
  for (let i = 0; i < sorted.length; i++) {
    correct += sorted[i].same ? -1 : 1; // t moves just above sorted[i]
    const next = i + 1 < sorted.length ? sorted[i + 1].score : sorted[i].score + 1e-3;
    if (next === sorted[i].score) continue;
    if (correct > best) { best = correct; threshold = Number.isFinite(sorted[i].score) ? (sorted[i].score + next) / 2 : next - 1e-6; }
  }
  return threshold;
}

export function accuracyAt(pairs: Scored[], t: number): number {
  return pairs.filter((p) => (p.score >= t) === p.same).length / pairs.length;
}

export function verificationFigures(test: Scored[], train: Scored[] | null): VerificationFigures {
  let accuracy: number, threshold: number;
  const folds = [...new Set(test.map((p) => p.fold))];
  if (train || folds.length < 2) {
    // Without separate training pairs or folds, the threshold is chosen on the test pairs
    // themselves (optimistic; reported as such in the protocol field).
    threshold = bestThreshold(train ?? test);
    accuracy = accuracyAt(test, threshold);
  } else {
    const accs: number[] = [], ts: number[] = [];
    for (const f of folds) {
      const t = bestThreshold(test.filter((p) => p.fold !== f));
      accs.push(accuracyAt(test.filter((p) => p.fold === f), t)); ts.push(t);
    }
    accuracy = accs.reduce((a, b) => a + b, 0) / accs.length;
    threshold = ts.reduce((a, b) => a + b, 0) / ts.length;
  }
  const genuine = test.filter((p) => p.same).map((p) => p.score), impostor = test.filter((p) => !p.same).map((p) => p.score);
  const rates = errorRates(genuine, impostor);
  return { pairs: test.length, accuracy, threshold, eer: rates.eer, 'tar_at_far_1e-2': 1 - rates.fmr100, 'tar_at_far_1e-3': 1 - rates.fmr1000 };
}

export function detPoints(test: Scored[]) {
  return detCurve(test.filter((p) => p.same).map((p) => p.score), test.filter((p) => !p.same).map((p) => p.score));
}
