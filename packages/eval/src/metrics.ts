// Verification error metrics shared by the face and finger evaluations.
// Scores: higher = more similar; a comparison is accepted when score >= threshold.
// Failed enrolments should be passed as -Infinity: they count as rejected (FVC convention).

export interface ErrorRates {
  /** Equal error rate: where false-match and false-non-match rates cross. */
  eer: number;
  /** Lowest false-non-match rate with false-match rate <= 1%, <= 0.1%, and = 0. */
  fmr100: number;
  fmr1000: number;
  zerofmr: number;
}

export interface DetPoint { threshold: number; fmr: number; fnmr: number }

/** Operating points at every distinct score, thresholds ascending (FMR falls, FNMR rises). */
export function detCurve(genuine: number[], impostor: number[]): DetPoint[] {
  const g = Float64Array.from(genuine).sort();
  const im = Float64Array.from(impostor).sort();
  const thresholds = Array.from(new Set([...g, ...im].filter(Number.isFinite))).sort((a, b) => a - b);
  thresholds.push(Infinity);
  const out: DetPoint[] = [];
  let gi = 0; let ii = 0;
  for (const t of thresholds) {
    while (gi < g.length && g[gi] < t) gi++;
    while (ii < im.length && im[ii] < t) ii++;
    out.push({ threshold: t, fmr: im.length ? (im.length - ii) / im.length : 0, fnmr: g.length ? gi / g.length : 0 });
  }
  return out;
}

export function errorRates(genuine: number[], impostor: number[]): ErrorRates {
  const det = detCurve(genuine, impostor);
  let eer = 1; let best = Infinity;
  for (let i = 0; i < det.length; i++) {
    const p = det[i];
    const gap = Math.abs(p.fmr - p.fnmr);
    if (gap < best) { best = gap; eer = (p.fmr + p.fnmr) / 2; }
    // Between two operating points the curves cross: interpolate the crossing.
    if (i > 0) {
      const q = det[i - 1];
      const d0 = q.fmr - q.fnmr; const d1 = p.fmr - p.fnmr;
      if (d0 > 0 && d1 < 0) {
        const e = Math.min(Math.max(q.fnmr, p.fmr), Math.max(q.fmr, p.fnmr));
        const mid = (Math.max(q.fnmr, p.fmr) + Math.min(q.fmr, p.fnmr)) / 2;
        if (0 < best) { best = 0; eer = Math.min(e, mid); }
      }
    }
  }
  return { eer, fmr100: fnmrAt(det, 0.01), fmr1000: fnmrAt(det, 0.001), zerofmr: fnmrAt(det, 0) };
}

/** Lowest FNMR among operating points whose FMR <= target. */
export function fnmrAt(det: DetPoint[], target: number): number {
  let best = 1;
  for (const p of det) if (p.fmr <= target + 1e-12 && p.fnmr < best) best = p.fnmr;
  return best;
}

/** DET plot (FNMR against FMR, log-log) as a self-contained SVG document. */
export function detSvg(curves: { label: string; points: DetPoint[] }[], title = 'DET'): string {
  const W = 480; const H = 400; const L = 60; const B = 50; const lo = 1e-4;
  const sx = (v: number) => L + ((Math.log10(Math.max(v, lo)) + 4) / 4) * (W - L - 20);
  const sy = (v: number) => H - B - ((Math.log10(Math.max(v, lo)) + 4) / 4) * (H - B - 30);
  const colours = ['#1f77b4', '#d62728', '#2ca02c', '#9467bd'];
  let s = `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" font-family="sans-serif" font-size="11">`;
  s += `<rect width="${W}" height="${H}" fill="white"/><text x="${W / 2}" y="16" text-anchor="middle">${esc(title)}</text>`;
  for (let e = -4; e <= 0; e++) {
    const v = 10 ** e;
    s += `<line x1="${sx(v)}" y1="30" x2="${sx(v)}" y2="${H - B}" stroke="#ddd"/><text x="${sx(v)}" y="${H - B + 14}" text-anchor="middle">${v}</text>`;
    s += `<line x1="${L}" y1="${sy(v)}" x2="${W - 20}" y2="${sy(v)}" stroke="#ddd"/><text x="${L - 4}" y="${sy(v) + 4}" text-anchor="end">${v}</text>`;
  }
  s += `<text x="${W / 2}" y="${H - 12}" text-anchor="middle">false-match rate</text>`;
  s += `<text x="14" y="${H / 2}" transform="rotate(-90 14 ${H / 2})" text-anchor="middle">false-non-match rate</text>`;
  curves.forEach((c, i) => {
    const pts = c.points.map((p) => `${sx(p.fmr).toFixed(1)},${sy(p.fnmr).toFixed(1)}`).join(' ');
    s += `<polyline fill="none" stroke="${colours[i % colours.length]}" stroke-width="1.5" points="${pts}"/>`;
    s += `<text x="${W - 30}" y="${40 + 14 * i}" text-anchor="end" fill="${colours[i % colours.length]}">${esc(c.label)}</text>`;
  });
  return s + '</svg>\n';
}

function esc(t: string): string {
  return t.replace(/[<>&"]/g, (ch) => `&#${ch.charCodeAt(0)};`);
}
