// Synthetic "faces" for the fake camera, drawn here (no personal data). Two clearly different
// people: the test engine below tells them apart, and recognises each through the camera path.
import sharp from 'sharp';

export interface Scene { name: string; svg: string }

function face(skin: string, hair: string, eyes: number, mouth: string, bg: string, pattern: number): string {
  const stripes = Array.from({ length: 24 }, (_, i) =>
    `<rect x="${i * 28}" y="0" width="${8 + ((i * pattern) % 13)}" height="480" fill="#000" opacity="0.18"/>`).join('');
  return `<svg xmlns="http://www.w3.org/2000/svg" width="640" height="480">
  <rect width="640" height="480" fill="${bg}"/>${stripes}
  <ellipse cx="320" cy="250" rx="${120 + pattern}" ry="160" fill="${skin}" stroke="#222" stroke-width="6"/>
  <path d="M200 190 Q320 ${40 + pattern * 3} 440 190 L440 140 Q320 60 200 140 Z" fill="${hair}"/>
  <circle cx="${320 - eyes}" cy="230" r="18" fill="#fff" stroke="#111" stroke-width="4"/><circle cx="${320 - eyes}" cy="232" r="8" fill="#111"/>
  <circle cx="${320 + eyes}" cy="230" r="18" fill="#fff" stroke="#111" stroke-width="4"/><circle cx="${320 + eyes}" cy="232" r="8" fill="#111"/>
  <path d="M320 250 L305 310 L335 310" fill="none" stroke="#6b3b2a" stroke-width="5"/>
  <path d="${mouth}" fill="none" stroke="#7a1f1f" stroke-width="8" stroke-linecap="round"/>
</svg>`;
}

export const ALICE: Scene = { name: 'alice', svg: face('#e0b48f', '#3a2414', 52, 'M275 350 Q320 385 365 350', '#6f8fb0', 3) };
export const BOB: Scene = { name: 'bob', svg: face('#8d5a3b', '#0d0d0d', 64, 'M270 360 L370 350', '#b7a26a', 7) };

/** The scene as a 640x480 PNG: what the fake camera shows, and what enrolment stores. */
export function scenePng(scene: Scene): Promise<Buffer> {
  return sharp(Buffer.from(scene.svg)).png().toBuffer();
}

/** A synthetic fingerprint-like image (concentric ridges, 500 dpi scanner style): what a scanner upload looks like. */
export function scannerPng(seed = 1): Promise<Buffer> {
  const w = 300, h = 400, data = Buffer.alloc(w * h);
  for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) {
    const r = Math.hypot(x - w / 2 - 20 * seed, (y - h * 0.45) * 0.8);
    const inside = ((x - w / 2) / (w * 0.45)) ** 2 + ((y - h / 2) / (h * 0.47)) ** 2 < 1;
    data[y * w + x] = inside ? Math.round(128 + 110 * Math.cos(r / (1.4 + 0.2 * seed))) : 255;
  }
  return sharp(data, { raw: { width: w, height: h, channels: 1 } }).png().toBuffer();
}
