// Finds fingertips (first phalanges) in the analysis-scale skin mask: decides which way the
// fingers point, turns the mask upright and sweeps it from the top, so each finger appears as a
// new region at its tip and stops when it is a phalanx long or runs into a neighbour (hand).
import { ContactlessError } from './errors.ts';
import { warpMask, type Affine } from './imageops.ts';
import { params } from './parameters.ts';
import { keepLargeComponents } from './segment.ts';
import type { FingerPosition, Fingertip, Hand, Mask } from './types.ts';

export interface FindOptions {
  /** Which way the fingers point in the photo; 'auto' infers it from where the hand leaves the frame. */
  direction?: 'auto' | 'up' | 'down' | 'left' | 'right';
  hand?: Hand;
  /** Finger position of a single-finger photo (1..10). */
  position?: FingerPosition;
}

export interface FoundTips {
  tips: Fingertip[];
  /** Unit vector the fingers point along, in photo coordinates. */
  direction: { x: number; y: number };
  /** The mask of ridged skin actually used (analysis scale). */
  mask: Mask;
}

interface Run { y: number; x0: number; x1: number }
interface Track { tipY: number; runs: Run[]; open: boolean; widths: number[] }

/** Fingertips of the mask (analysis scale); positions in the result are in photo pixels (× factor). */
export function findFingertips(rawMask: Mask, factor: number, opts: FindOptions = {}): FoundTips {
  const mask = keepLargeComponents(rawMask, params.segment.minAreaFraction, params.segment.minOfLargest);
  let area = 0;
  for (const v of mask.data) area += v;
  if (area === 0) throw new ContactlessError('NO_FINGER', 'no finger found in the photo');
  // A crop filled by the finger is taken as upright, with no axis of its own to estimate.
  const isCrop = (opts.direction ?? 'auto') === 'auto' && (sidesTouched(mask) >= 3 || area >= params.segment.cropAreaFraction * mask.data.length);
  const d = isCrop ? { x: 0, y: -1 } : fingerDirection(mask, opts.direction ?? 'auto');
  const r = { x: -d.y, y: d.x };
  const { upright, toSource } = rotateUpright(mask, d, r);
  const tracks = sweepTips(upright);
  if (tracks.length === 0) throw new ContactlessError('NO_FINGER', 'no fingertip found in the photo');
  // A lone finger's axis is refined on the whole mask; in a hand, neighbours would pull it over.
  const tips = tracks.map((t) => describeTip(t, toSource, factor))
    .map((t) => (isCrop ? { ...t, axis: { x: 0, y: -1 }, crop: true } : tracks.length === 1 ? refineAxis(mask, t, factor) : t)).sort((a, b) => uprightX(a, r) - uprightX(b, r));
  labelPositions(tips, opts);
  return { tips, direction: d, mask };
}

function uprightX(t: Fingertip, r: { x: number; y: number }): number {
  return t.tip.x * r.x + t.tip.y * r.y;
}

/** Direction the fingers point: away from where the skin touches the border (the hand is outside). */
function fingerDirection(m: Mask, hint: NonNullable<FindOptions['direction']>): { x: number; y: number } {
  if (hint === 'up') return { x: 0, y: -1 };
  if (hint === 'down') return { x: 0, y: 1 };
  if (hint === 'left') return { x: -1, y: 0 };
  if (hint === 'right') return { x: 1, y: 0 };
  const { width: w, height: h, data } = m;
  let cx = 0, cy = 0, n = 0, bx = 0, by = 0, bn = 0;
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      if (!data[y * w + x]) continue;
      cx += x; cy += y; n++;
      if (x === 0 || y === 0 || x === w - 1 || y === h - 1) { bx += x; by += y; bn++; }
    }
  }
  cx /= n; cy /= n;
  const axis = principalAxis(m, cx, cy);
  if (bn > 0) {
    const vx = cx - bx / bn, vy = cy - by / bn, len = Math.hypot(vx, vy);
    // Skin touching the border all round (a crop filled by the finger) says nothing: assume upright.
    if (len > 0.05 * Math.max(w, h)) {
      // Snap to the principal axis when it agrees: the border centroid is biased by the frame shape.
      const ux = vx / len, uy = vy / len, dot = ux * axis.x + uy * axis.y;
      if (axis.elongation > 1.3 && Math.abs(dot) > 0.8) return dot > 0 ? axis : { x: -axis.x, y: -axis.y };
      return { x: ux, y: uy };
    }
    return { x: 0, y: -1 };
  }
  if (axis.elongation < 1.3) return { x: 0, y: -1 };
  // Floating finger: the tip end is the narrower, rounded end.
  return taperEnd(m, cx, cy, axis);
}

/**
 * Number of frame sides along which skin covers at least a fifth of the side. Three or four (or
 * skin over most of the frame) mean the photo is already a fingertip crop (a reader's output, a
 * capture guide's box), upright by convention.
 */
function sidesTouched(m: Mask): number {
  const { width: w, height: h, data } = m;
  let top = 0, bottom = 0, left = 0, right = 0;
  for (let x = 0; x < w; x++) { top += data[x]; bottom += data[(h - 1) * w + x]; }
  for (let y = 0; y < h; y++) { left += data[y * w]; right += data[y * w + w - 1]; }
  return [top / w, bottom / w, left / h, right / h].filter((f) => f >= 0.2).length;
}

function principalAxis(m: Mask, cx: number, cy: number): { x: number; y: number; elongation: number } {
  const { width: w, height: h, data } = m;
  let sxx = 0, syy = 0, sxy = 0;
  for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) {
    if (!data[y * w + x]) continue;
    const dx = x - cx, dy = y - cy;
    sxx += dx * dx; syy += dy * dy; sxy += dx * dy;
  }
  const theta = 0.5 * Math.atan2(2 * sxy, sxx - syy);
  const tr = sxx + syy, det = sxx * syy - sxy * sxy, disc = Math.sqrt(Math.max(0, tr * tr / 4 - det));
  const l1 = tr / 2 + disc, l2 = Math.max(1e-9, tr / 2 - disc);
  return { x: Math.cos(theta), y: Math.sin(theta), elongation: Math.sqrt(l1 / l2) };
}

function taperEnd(m: Mask, cx: number, cy: number, a: { x: number; y: number }): { x: number; y: number } {
  const { width: w, height: h, data } = m;
  let lo = Infinity, hi = -Infinity;
  for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) if (data[y * w + x]) {
    const p = (x - cx) * a.x + (y - cy) * a.y;
    if (p < lo) lo = p; if (p > hi) hi = p;
  }
  const band = 0.15 * (hi - lo);
  let nLo = 0, nHi = 0;
  for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) if (data[y * w + x]) {
    const p = (x - cx) * a.x + (y - cy) * a.y;
    if (p < lo + band) nLo++; else if (p > hi - band) nHi++;
  }
  return nHi < nLo ? { x: a.x, y: a.y } : { x: -a.x, y: -a.y };
}

/** Rotates the mask so that direction d points up (−y); r becomes +x. */
function rotateUpright(m: Mask, d: { x: number; y: number }, r: { x: number; y: number }) {
  const cx = m.width / 2, cy = m.height / 2;
  const W = Math.ceil(Math.abs(m.width * r.x) + Math.abs(m.height * r.y));
  const H = Math.ceil(Math.abs(m.width * d.x) + Math.abs(m.height * d.y));
  const cu = W / 2, cv = H / 2;
  // source = c + (u − cu)·r − (v − cv)·d
  const toSource: Affine = {
    a: r.x, b: -d.x, c: cx - cu * r.x + cv * d.x,
    d: r.y, e: -d.y, f: cy - cu * r.y + cv * d.y,
  };
  return { upright: warpMask(m, W, H, toSource), toSource };
}

/** Top-down sweep: every region that starts on its own is a tip; it ends when a phalanx long or merged. */
function sweepTips(m: Mask): Track[] {
  const { width: w, height: h, data } = m;
  const parent: number[] = [];
  const tracks: (Track | null)[] = [];
  const find = (i: number): number => { while (parent[i] !== i) { parent[i] = parent[parent[i]]; i = parent[i]; } return i; };
  let prev: { run: Run; id: number }[] = [];
  for (let y = 0; y < h; y++) {
    const cur: { run: Run; id: number }[] = [];
    for (let x = 0; x < w;) {
      if (!data[y * w + x]) { x++; continue; }
      const x0 = x;
      while (x < w && data[y * w + x]) x++;
      const run = { y, x0, x1: x - 1 };
      const roots = new Set<number>();
      for (const p of prev) if (p.run.x0 <= run.x1 && p.run.x1 >= run.x0) roots.add(find(p.id));
      let id: number;
      if (roots.size === 0) {
        id = parent.length; parent.push(id);
        tracks.push({ tipY: y, runs: [], open: true, widths: [] });
      } else {
        const list = [...roots];
        id = list[0];
        if (list.length > 1) id = mergeTracks(list, tracks, parent, y);
      }
      cur.push({ run, id });
      const t = tracks[find(id)];
      if (t && t.open) t.runs.push(run);
      x++;
    }
    // Close tracks that have grown a phalanx long.
    const widthThisRow = new Map<number, number>();
    for (const c of cur) { const k = find(c.id); widthThisRow.set(k, (widthThisRow.get(k) ?? 0) + c.run.x1 - c.run.x0 + 1); }
    for (const [k, wid] of widthThisRow) {
      const t = tracks[k];
      if (!t || !t.open) continue;
      t.widths.push(wid);
      if (y - t.tipY >= params.phalanx.lengthPerWidth * fingerWidth(t)) t.open = false;
    }
    prev = cur;
  }
  const done = tracks.filter((t): t is Track => !!t && t.runs.length > 0)
    .filter((t) => t.runs.length >= params.phalanx.minLengthPerWidth * fingerWidth(t));
  const maxW = Math.max(0, ...done.map(fingerWidth));
  return done.filter((t) => fingerWidth(t) >= 0.35 * maxW)
    .sort((a, b) => area(b) - area(a)).slice(0, params.segment.maxFingers);
}

/**
 * Regions meet. Two grown fingers meeting (at the palm) complete both tips; a young region (a
 * jagged outline, a crease) is absorbed into the grown one, which carries on.
 */
function mergeTracks(list: number[], tracks: (Track | null)[], parent: number[], y: number): number {
  const grown = (k: number) => {
    const t = tracks[k];
    return !!t && y - t.tipY >= Math.max(5, params.phalanx.minLengthPerWidth * fingerWidth(t));
  };
  const merged = list.filter((k) => tracks[k] === null); // regions where fingers already met
  const mature = list.filter(grown);
  let keep: number;
  if (mature.length + Math.min(1, merged.length) >= 2) {
    for (const k of list) { const t = tracks[k]; if (t) t.open = false; }
    keep = parent.length; parent.push(keep);
    tracks.push(null);
  } else if (merged.length > 0) {
    keep = merged[0];
  } else {
    keep = list.reduce((a, b) => (area(tracks[a]!) >= area(tracks[b]!) ? a : b));
  }
  for (const k of list) if (k !== keep) { parent[k] = keep; if (tracks[k]?.open !== false) tracks[k] = null; }
  return keep;
}

/** Finger width: the widest cross-section seen so far (the tip is rounded, the phalanx is not). */
function fingerWidth(t: Track): number {
  let m = 0;
  for (const w of t.widths) if (w > m) m = w;
  return m;
}

function area(t: Track): number {
  let a = 0;
  for (const r of t.runs) a += r.x1 - r.x0 + 1;
  return a;
}

function describeTip(t: Track, toSource: Affine, factor: number): Fingertip {
  const top = t.runs[0];
  const u = (top.x0 + top.x1) / 2, v = top.y;
  const width = fingerWidth(t);
  const length = Math.min(t.runs[t.runs.length - 1].y - t.tipY + 1, params.phalanx.lengthPerWidth * width);
  // Axis of this finger: a line fitted through the midpoints of its rows below the rounded cap
  // (robust to where the region was cut); in the upright frame it is close to vertical.
  let n = 0, sy = 0, sx = 0, syy = 0, sxy = 0;
  for (let k = 0; k < t.runs.length; k++) {
    const r = t.runs[k];
    if ((t.widths[r.y - t.tipY] ?? 0) < 0.8 * width) continue; // cap rows, or rows with a neighbour
    const mid = (r.x0 + r.x1) / 2;
    n++; sy += r.y; sx += mid; syy += r.y * r.y; sxy += r.y * mid;
  }
  let ax = 0, ay = -1;
  const den = n * syy - sy * sy;
  if (n >= 5 && den > 0) {
    const slope = (n * sxy - sx * sy) / den; // dx/dy along the finger
    const len = Math.hypot(slope, 1);
    ax = -slope / len; ay = -1 / len;
  }
  // A short region's axis is noisy: trust it only within 35° of the hand's direction.
  if (-ay < Math.cos((35 * Math.PI) / 180)) { ax = 0; ay = -1; }
  const tipSrc = { x: toSource.a * u + toSource.b * v + toSource.c, y: toSource.d * u + toSource.e * v + toSource.f };
  const axis = { x: toSource.a * ax + toSource.b * ay, y: toSource.d * ax + toSource.e * ay };
  return {
    position: 0,
    tip: { x: (tipSrc.x + 0.5) * factor, y: (tipSrc.y + 0.5) * factor },
    axis,
    width: width * factor,
    length: length * factor,
  };
}

/**
 * Re-estimates a fingertip's axis from the skin within one phalanx of its tip, cut square to the
 * current axis; repeated, this removes the bias of the first cut (made square to the hand).
 */
function refineAxis(m: Mask, tip: Fingertip, factor: number): Fingertip {
  let ax = tip.axis.x, ay = tip.axis.y;
  let tx = tip.tip.x / factor - 0.5, ty = tip.tip.y / factor - 0.5;
  const len = tip.length / factor, half = (0.55 * tip.width) / factor;
  for (let iter = 0; iter < 3; iter++) {
    let n = 0, sx = 0, sy = 0, sxx = 0, syy = 0, sxy = 0;
    const x0 = Math.max(0, Math.floor(Math.min(tx, tx - ax * len) - half)), x1 = Math.min(m.width - 1, Math.ceil(Math.max(tx, tx - ax * len) + half));
    const y0 = Math.max(0, Math.floor(Math.min(ty, ty - ay * len) - half)), y1 = Math.min(m.height - 1, Math.ceil(Math.max(ty, ty - ay * len) + half));
    for (let y = y0; y <= y1; y++) for (let x = x0; x <= x1; x++) {
      if (!m.data[y * m.width + x]) continue;
      const down = -((x - tx) * ax + (y - ty) * ay), side = (x - tx) * -ay + (y - ty) * ax;
      if (down < 0 || down > len || Math.abs(side) > half) continue;
      n++; sx += x; sy += y; sxx += x * x; syy += y * y; sxy += x * y;
    }
    if (n < 50) break;
    const cx = sx / n, cy = sy / n;
    const vxx = sxx / n - cx * cx, vyy = syy / n - cy * cy, vxy = sxy / n - cx * cy;
    const theta = 0.5 * Math.atan2(2 * vxy, vxx - vyy);
    let nx = Math.cos(theta), ny = Math.sin(theta);
    if (nx * ax + ny * ay < 0) { nx = -nx; ny = -ny; }
    if (nx * ax + ny * ay < Math.cos((20 * Math.PI) / 180)) break; // a jump this large is not a refinement
    // Slide the tip to the skin's extreme along the new axis, on the axis through the centroid.
    let far = 0;
    for (let y = y0; y <= y1; y++) for (let x = x0; x <= x1; x++) {
      if (!m.data[y * m.width + x]) continue;
      const along = (x - cx) * nx + (y - cy) * ny, side = (x - cx) * -ny + (y - cy) * nx;
      if (Math.abs(side) < 0.2 * half && along > far) far = along;
    }
    ax = nx; ay = ny; tx = cx + far * nx; ty = cy + far * ny;
  }
  return { ...tip, axis: { x: ax, y: ay }, tip: { x: (tx + 0.5) * factor, y: (ty + 0.5) * factor } };
}

/**
 * Positions from hand and order. A photo of finger pads is seen from the palm side: with the
 * fingers up, a right hand's index is rightmost, a left hand's index leftmost.
 */
function labelPositions(tips: Fingertip[], opts: FindOptions): void {
  if (tips.length === 1 && opts.position) { tips[0].position = opts.position; return; }
  if (tips.length !== 4 || !opts.hand) return;
  const order: FingerPosition[] = opts.hand === 'right' ? [5, 4, 3, 2] : [7, 8, 9, 10];
  tips.forEach((t, i) => { t.position = order[i]; });
}
