// LFW pairs files. View 1 (pairsDevTrain/pairsDevTest): first line N, then N same-person lines
// "name i j" and N different-person lines "name1 i name2 j". View 2 (pairs.txt): first line
// "folds N", then per fold N same and N different lines.
import { join } from 'node:path';

export interface Pair { a: string; b: string; same: boolean; fold: number } // a, b: image keys "name/i"

export interface PairsFile { view: 1 | 2; folds: number; pairs: Pair[] }

export function parsePairs(text: string): PairsFile {
  const lines = text.split(/\r?\n/).map((l) => l.trim()).filter((l) => l.length > 0);
  const head = lines[0].split(/\s+/).map(Number);
  const view2 = head.length >= 2;
  const folds = view2 ? head[0] : 1, perSet = view2 ? head[1] : head[0];
  const pairs: Pair[] = [];
  let at = 1;
  for (let fold = 0; fold < folds; fold++) {
    for (const same of [true, false]) {
      for (let k = 0; k < perSet; k++, at++) {
        const f = (lines[at] ?? '').split(/\s+/);
        if (same && f.length === 3) pairs.push({ a: key(f[0], f[1]), b: key(f[0], f[2]), same, fold });
        else if (!same && f.length === 4) pairs.push({ a: key(f[0], f[1]), b: key(f[2], f[3]), same, fold });
        else throw new Error(`pairs file: unexpected line ${at + 1}`);
      }
    }
  }
  return { view: view2 ? 2 : 1, folds, pairs };
}

const key = (name: string, i: string): string => `${name}/${Number(i)}`;

/** images/<name>/<name>_<iiii>.jpg under the dataset directory. */
export function imagePath(imagesDir: string, imageKey: string): string {
  const [name, i] = imageKey.split('/');
  return join(imagesDir, name, `${name}_${i.padStart(4, '0')}.jpg`);
}

export const personOf = (imageKey: string): string => imageKey.split('/')[0];
