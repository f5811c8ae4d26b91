// Synthetic gallery templates for scale benchmarks: a real template rotated, shifted, thinned
// out and jittered, so each behaves like another impression of an unseen finger.
import { codeDirection, directionCode, type FingerTemplate, type Minutia, type RidgeField } from '@candor/finger';

/** Small deterministic PRNG (mulberry32) so benchmark galleries are reproducible. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A standard normal deviate (Box–Muller) from `r`. */
export function gauss(r: () => number): number {
  return Math.sqrt(-2 * Math.log(Math.max(1e-12, r()))) * Math.cos(2 * Math.PI * r());
}

export function perturb(t: FingerTemplate, r: () => number): FingerTemplate {
  const rot = (r() - 0.5) * (Math.PI / 2);
  const dx = (r() - 0.5) * 100, dy = (r() - 0.5) * 100;
  const keep = 0.7 + 0.25 * r();
  const cx = t.width / 2, cy = t.height / 2; const c = Math.cos(rot), s = Math.sin(rot);
  const minutiae: Minutia[] = [];
  for (const m of t.minutiae) {
    if (r() > keep) continue;
    const x = c * (m.x - cx) - s * (m.y - cy) + cx + dx + 2 * gauss(r);
    const y = s * (m.x - cx) + c * (m.y - cy) + cy + dy + 2 * gauss(r);
    if (x < 0 || y < 0) continue;
    const angle = (((m.angle + rot + 0.08 * gauss(r)) % (2 * Math.PI)) + 2 * Math.PI) % (2 * Math.PI);
    minutiae.push({ x, y, angle, type: r() < 0.1 ? (m.type === 'ending' ? 'bifurcation' : 'ending') : m.type, quality: m.quality });
  }
  const out: FingerTemplate = { ...t, minutiae };
  // The ridge field moves with the minutiae (a copy with an untransformed field would disagree with
  // its own minutiae and score lower than a real impostor: an easier gallery than a real one).
  if (t.field) out.field = moveField(t.field, rot, cx, cy, dx, dy);
  return out;
}

/** The field of a print rotated by `rot` about (cx, cy) and shifted by (dx, dy), on the same grid. */
export function moveField(f: RidgeField, rot: number, cx: number, cy: number, dx: number, dy: number): RidgeField {
  const c = Math.cos(rot), s = Math.sin(rot), L = f.levels;
  const codes = new Uint8Array(f.cols * f.rows);
  for (let by = 0; by < f.rows; by++) {
    for (let bx = 0; bx < f.cols; bx++) {
      // Where this block's centre came from: the inverse of the minutiae's transform.
      const X = (bx + 0.5) * f.block - cx - dx, Y = (by + 0.5) * f.block - cy - dy;
      const x = c * X + s * Y + cx, y = -s * X + c * Y + cy;
      const sx = Math.floor(x / f.block), sy = Math.floor(y / f.block);
      if (sx < 0 || sy < 0 || sx >= f.cols || sy >= f.rows) continue;
      const k = f.codes[sy * f.cols + sx];
      if (k === 0) continue;
      codes[by * f.cols + bx] = directionCode(codeDirection(k, L) + rot, L);
    }
  }
  return { ...f, codes };
}
