// Layout of the shared contactless sample (see ../shared/datasets/README.md):
// `<subj>/SIRE-<subj>_<finger>_<capture>.bmp` processed finger images, and
// `<subj>/raw/<subj>_<finger>_<capture>_<k>.jpg` raw camera frames of capture 1.
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Sample } from '../finger/dataset.ts';

export interface SampleSet {
  /** Processed images; `finger` is `<subj>_<finger>` so fingers of different people never collide. */
  processed: Sample[];
  /** Raw frames per finger (key `<subj>_<finger>`), ordered by frame index. */
  raw: Map<string, string[]>;
}

export function listContactlessSample(dir: string): SampleSet {
  const processed: Sample[] = [];
  const raw = new Map<string, string[]>();
  for (const subj of readdirSync(dir, { withFileTypes: true })) {
    if (!subj.isDirectory()) continue;
    const sdir = join(dir, subj.name);
    for (const name of readdirSync(sdir)) {
      const m = /^SIRE-(\d+)_(\d+)_(\d+)\.bmp$/i.exec(name);
      if (m) processed.push({ finger: `${m[1]}_${m[2]}`, impression: Number(m[3]), path: join(sdir, name) });
    }
    let frames: string[] = [];
    try { frames = readdirSync(join(sdir, 'raw')); } catch { /* no raw frames for this subject */ }
    for (const name of frames.sort()) {
      const m = /^(\d+)_(\d+)_(\d+)_(\d+)\.jpe?g$/i.exec(name);
      if (!m) continue;
      const key = `${m[1]}_${m[2]}`;
      const list = raw.get(key) ?? [];
      list[Number(m[4])] = join(sdir, 'raw', name);
      raw.set(key, list);
    }
  }
  processed.sort((a, b) => a.finger.localeCompare(b.finger) || a.impression - b.impression);
  return { processed, raw };
}
