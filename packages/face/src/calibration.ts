// Score -> false-match rate, from a measured impostor score distribution. A table lists, for
// decreasing FMRs, the similarity that that fraction of impostor comparisons reached or exceeded;
// between rows the FMR is interpolated linearly in log10(FMR). Beyond the last row the FMR is
// reported as the last row's (the smallest rate the measurement can support: about 1 / impostors).
import { FaceError } from './errors.ts';
import table from './models/faceplugin-fr_feature@0.0.1.calibration.json' with { type: 'json' };

export interface CalibrationTable {
  modelId: string;
  impostors: number; // comparisons measured
  source: string; // data and command that produced it
  points: [number, number][]; // [score, fmr], score ascending, fmr descending
}

export interface ScoreCalibration {
  readonly modelId: string;
  /** Estimated fraction of different-person comparisons scoring at least `score`. */
  fmrAt(score: number): number;
  /** Lowest score whose estimated FMR is at most `fmr`. */
  thresholdFor(fmr: number): number;
}

const tables = new Map<string, CalibrationTable>([[table.modelId, table as CalibrationTable]]);

/** Adds the table of a user-configured model (or replaces a bundled one). */
export function registerFaceCalibration(t: CalibrationTable): void {
  tables.set(t.modelId, t);
}

export function faceCalibration(modelId: string): ScoreCalibration {
  const t = tables.get(modelId);
  if (!t) throw new FaceError('MODEL_MISMATCH', `no calibration for ${modelId}`);
  return calibrationFrom(t);
}

export function calibrationFrom(t: CalibrationTable): ScoreCalibration {
  const pts = t.points;
  const logs = pts.map(([, f]) => Math.log10(f));
  return {
    modelId: t.modelId,
    fmrAt(score: number): number {
      if (score <= pts[0][0]) return pts[0][1];
      for (let i = 1; i < pts.length; i++) {
        if (score <= pts[i][0]) {
          const [s0, s1] = [pts[i - 1][0], pts[i][0]];
          const k = s1 > s0 ? (score - s0) / (s1 - s0) : 1;
          return 10 ** (logs[i - 1] + k * (logs[i] - logs[i - 1]));
        }
      }
      return pts[pts.length - 1][1];
    },
    thresholdFor(fmr: number): number {
      const target = Math.log10(Math.max(fmr, pts[pts.length - 1][1]));
      if (target >= logs[0]) return pts[0][0];
      for (let i = 1; i < pts.length; i++) {
        if (target >= logs[i]) {
          const k = logs[i - 1] > logs[i] ? (logs[i - 1] - target) / (logs[i - 1] - logs[i]) : 1;
          return pts[i - 1][0] + k * (pts[i][0] - pts[i - 1][0]);
        }
      }
      return pts[pts.length - 1][0];
    },
  };
}

/**
 * Builds a table from impostor scores: rows at FMR 10^(-k/steps) down to 1/n, each the score that
 * fraction of impostors reached. Used by `candor eval face --write-calibration`.
 */
export function buildCalibration(modelId: string, impostorScores: Float32Array | number[], source: string, steps = 8): CalibrationTable {
  const sorted = Float64Array.from(impostorScores).sort(); // ascending
  const n = sorted.length;
  const points: [number, number][] = [[-1, 1]];
  for (let k = 1; ; k++) {
    const fmr = 10 ** (-k / steps);
    const count = Math.floor(fmr * n); // impostors allowed at or above the threshold
    if (count < 1) break;
    const score = sorted[n - count];
    if (score > points[points.length - 1][0]) points.push([round(score), fmr]);
  }
  points.push([round(sorted[n - 1] + 1e-6), 1 / n]);
  return { modelId, impostors: n, source, points: points.map(([s, f]) => [s, Number(f.toPrecision(4))]) };
}

const round = (v: number): number => Math.round(v * 1e6) / 1e6;
