// Synthetic gallery templates for scale benchmarks: a real template rotated, shifted, thinned
// out and jittered, so each behaves like another impression of an unseen finger.
import type { FingerTemplate, Minutia } from '@candor/finger';

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

function gauss(r: () => number): number {
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
  return { ...t, minutiae };
}
