// Removal of false minutiae (after NBIS MINDTCT's and SourceAFIS's published clean-up rules):
// short isolated ridges, spurs, bridges and holes found by the branch traces; broken ridges
// (two endings facing each other across a small gap); dense clusters; minutiae near the border.
import { params } from '../params.ts';
import type { RawMinutia } from './minutiae.ts';

export function removeFalseMinutiae(ms: RawMinutia[], w: number, nearBorder: (x: number, y: number) => boolean): RawMinutia[] {
  const n = ms.length;
  const drop = new Uint8Array(n);
  const at = new Map<number, number>();
  ms.forEach((m, i) => at.set(m.y * w + m.x, i));
  const findNear = (p: number): number => {
    for (const d of [0, -1, 1, -w, w, -w - 1, -w + 1, w - 1, w + 1]) { const j = at.get(p + d); if (j !== undefined) return j; }
    return -1;
  };
  for (let i = 0; i < n; i++) {
    const m = ms[i];
    for (const b of m.branches) {
      if (b.end === 'length') continue;
      const limit = m.type === 'ending' && b.end === 'ending' ? params.shortRidge
        : m.type === 'bifurcation' && b.end === 'junction' ? params.bridgeLength : params.spurLength;
      if (b.length > limit) continue;
      const j = findNear(b.endAt);
      drop[i] = 1;
      if (j >= 0) drop[j] = 1;
    }
  }
  const g2 = params.brokenGap * params.brokenGap;
  const c2 = params.clusterRadius * params.clusterRadius;
  for (let i = 0; i < n; i++) {
    const a = ms[i]; let close = 0;
    for (let j = i + 1; j < n; j++) {
      const b = ms[j]; const dx = b.x - a.x, dy = b.y - a.y; const d2 = dx * dx + dy * dy;
      if (d2 < c2) { close++; }
      if (a.type === 'ending' && b.type === 'ending' && d2 < g2 && d2 > 0) {
        const d = Math.sqrt(d2);
        // Endings point into their own ridge: across a gap each points away from the other.
        const ca = (Math.cos(a.angle) * dx + Math.sin(a.angle) * dy) / d;
        const cb = -(Math.cos(b.angle) * dx + Math.sin(b.angle) * dy) / d;
        if (ca < -params.brokenCos && cb < -params.brokenCos) { drop[i] = 1; drop[j] = 1; }
      }
    }
    if (close >= 2) {
      for (let j = 0; j < n; j++) { const dx = ms[j].x - a.x, dy = ms[j].y - a.y; if (dx * dx + dy * dy < c2) drop[j] = 1; }
    }
    if (nearBorder(a.x, a.y)) drop[i] = 1;
  }
  return ms.filter((_, i) => !drop[i]);
}
