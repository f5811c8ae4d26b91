// Bifurcations as valley endings. A ridge bifurcation is where the valley between its two branches
// ends; SourceAFIS likewise takes both kinds of minutia as endings, of the ridge and of the valley
// skeleton. An ending is located more stably than a skeleton junction, whose shape depends on how
// thinning resolved the fork (on FVC2002 the switch cut the mean EER by 40%, docs/finger.md step 13).
import { removeFalseMinutiae } from './filter.ts';
import { detectMinutiae, type RawMinutia } from './minutiae.ts';
import { thin } from './thin.ts';

type Test = (x: number, y: number) => boolean;

/** `ridges` is the cleaned binary ridge image (left untouched). The valley ending points along its
 * valley, i.e. into the fork: the bifurcation direction convention of minutiae.ts. */
export function valleyBifurcations(ridges: Uint8Array, w: number, h: number, inMask: Test, nearBorder: Test): RawMinutia[] {
  const valleys = new Uint8Array(w * h);
  for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) valleys[y * w + x] = !ridges[y * w + x] && inMask(x, y) ? 1 : 0;
  const found = removeFalseMinutiae(detectMinutiae(thin(valleys, w, h), w, h, inMask), w, nearBorder);
  return found.filter((m) => m.type === 'ending').map((m) => ({ ...m, type: 'bifurcation' as const }));
}
