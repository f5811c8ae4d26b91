// A synthetic fingerprint for end-to-end tests with the real finger engine: concentric ridges
// (period 9 px, about 500 ppi) around a core, with phase singularities that start or end ridges
// (minutiae), on a light background, encoded as binary PGM (P5).
export function syntheticPrint(seed: number, opts: { width?: number; height?: number; dx?: number; dy?: number; noise?: number } = {}): Uint8Array {
  const width = opts.width ?? 300, height = opts.height ?? 360;
  let s = seed >>> 0;
  const rand = () => ((s = (Math.imul(s, 1103515245) + 12345) >>> 0) / 2 ** 32);
  const cx = width * (0.4 + 0.2 * rand()), cy = height * (0.4 + 0.15 * rand());
  const sing = Array.from({ length: 16 }, () => ({ x: width * (0.1 + 0.8 * rand()), y: height * (0.1 + 0.8 * rand()), k: rand() < 0.5 ? 1 : -1 }));
  const header = new TextEncoder().encode(`P5\n${width} ${height}\n255\n`);
  const out = new Uint8Array(header.length + width * height);
  out.set(header);
  let n = seed * 7 + 1;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const px = x - (opts.dx ?? 0), py = y - (opts.dy ?? 0);
      const ex = (px - width / 2) / (width * 0.45), ey = (py - height / 2) / (height * 0.47);
      let v = 235;
      if (ex * ex + ey * ey <= 1) {
        let phase = (2 * Math.PI * Math.hypot(px - cx, py - cy)) / 9;
        for (const q of sing) phase += q.k * Math.atan2(py - q.y, px - q.x);
        n = (Math.imul(n, 1664525) + 1013904223) >>> 0;
        v = 128 - 95 * Math.cos(phase) + (opts.noise ?? 0) * ((n / 2 ** 32) - 0.5);
      }
      out[header.length + y * width + x] = Math.max(0, Math.min(255, Math.round(v)));
    }
  }
  return out;
}
