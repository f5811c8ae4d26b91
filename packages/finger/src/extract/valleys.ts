// Bifurcations as valley endings. A ridge bifurcation is where the valley between its two branches
// ends; SourceAFIS likewise takes both kinds of minutia as endings, of the ridge and of the valley
// skeleton. An ending is located more stably than a skeleton junction, whose shape depends on how
// thinning resolved the fork (on FVC2002 the switch cut the mean EER by 40%, docs/finger.md step 13).
import { removeFalseMinutiae } from './filter.ts';
import { detectMinutiae, type RawMinutia } from './minutiae.ts';
import { thin } from './thin.ts';

type Test = (x: number, y: number) => boolean;

/** `ridges` is the cleaned binary ridge image (left untouched), `fg` the pixel mask (1 = foreground). The valley ending points along its
 * valley, i.e. into the fork: the bifurcation direction convention of minutiae.ts. */
export function valleyBifurcations(ridges: Uint8Array, w: number, h: number, fg: Uint8Array, nearBorder: Test): RawMinutia[] {
  const valleys = new Uint8Array(w * h);
  for (let i = 0; i < w * h; i++) valleys[i] = fg[i] & (ridges[i] ^ 1);
  const found = removeFalseMinutiae(detectMinutiae(thin(valleys, w, h), w, h, fg), w, nearBorder);
  return found.filter((m) => m.type === 'ending').map((m) => ({ ...m, type: 'bifurcation' as const }));
}
