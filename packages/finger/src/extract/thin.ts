// Skeletonisation by Zhang & Suen's two-subiteration thinning, driven by 256-entry lookup tables
// over the 8-neighbourhood so each pixel test is one table read.
// Neighbour bits: P2 (N)=1, P3 (NE)=2, P4 (E)=4, P5 (SE)=8, P6 (S)=16, P7 (SW)=32, P8 (W)=64, P9 (NW)=128.

function buildTable(second: boolean): Uint8Array {
  const t = new Uint8Array(256);
  for (let m = 0; m < 256; m++) {
    const p = (i: number) => (m >> i) & 1; // p(0)=P2 ... p(7)=P9
    let b = 0, a = 0;
    for (let i = 0; i < 8; i++) { b += p(i); if (!p(i) && p((i + 1) % 8)) a++; }
    const [P2, P4, P6, P8] = [p(0), p(2), p(4), p(6)];
    const c1 = second ? P2 * P4 * P8 : P2 * P4 * P6;
    const c2 = second ? P2 * P6 * P8 : P4 * P6 * P8;
    t[m] = b >= 2 && b <= 6 && a === 1 && c1 === 0 && c2 === 0 ? 1 : 0;
  }
  return t;
}
const FIRST = buildTable(false);
const SECOND = buildTable(true);

export function neighbourCode(img: Uint8Array, w: number, i: number): number {
  return img[i - w] | (img[i - w + 1] << 1) | (img[i + 1] << 2) | (img[i + w + 1] << 3) |
    (img[i + w] << 4) | (img[i + w - 1] << 5) | (img[i - 1] << 6) | (img[i - w - 1] << 7);
}

/** Thins a binary image (1 = ridge) in place to one-pixel-wide 8-connected lines. Border pixels are cleared. */
export function thin(img: Uint8Array, w: number, h: number): Uint8Array {
  for (let x = 0; x < w; x++) { img[x] = 0; img[(h - 1) * w + x] = 0; }
  for (let y = 0; y < h; y++) { img[y * w] = 0; img[y * w + w - 1] = 0; }
  // Remaining ridge pixels in ascending order, compacted after every subiteration that deleted some.
  const active = new Int32Array(w * h); let n = 0;
  for (let i = 0; i < w * h; i++) if (img[i]) active[n++] = i;
  const del = new Int32Array(n);
  for (let changed = true; changed;) {
    changed = false;
    for (let t = 0; t < 2; t++) {
      const table = t === 0 ? FIRST : SECOND;
      let nd = 0;
      for (let q = 0; q < n; q++) { const i = active[q]; if (table[neighbourCode(img, w, i)]) del[nd++] = i; }
      for (let q = 0; q < nd; q++) img[del[q]] = 0;
      if (nd) {
        changed = true;
        let k = 0;
        for (let q = 0; q < n; q++) { const i = active[q]; if (img[i]) active[k++] = i; }
        n = k;
      }
    }
  }
  // Remove staircase corners (a pixel whose two 4-neighbours already connect diagonally),
  // which would otherwise read as false bifurcations. Sequential, in raster order.
  for (let q = 0; q < n; q++) {
    const i = active[q];
    const m = neighbourCode(img, w, i);
    const N = m & 1, E = (m >> 2) & 1, S = (m >> 4) & 1, W = (m >> 6) & 1;
    if ((N && E && !(m & 16) && !(m & 64) && !(m & 8) && !(m & 32)) || (S && E && !(m & 1) && !(m & 64) && !(m & 2) && !(m & 128)) ||
        (S && W && !(m & 1) && !(m & 4) && !(m & 2) && !(m & 8)) || (N && W && !(m & 4) && !(m & 16) && !(m & 8) && !(m & 32))) {
      img[i] = 0;
    }
  }
  return img;
}
