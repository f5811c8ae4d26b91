// Minutiae from the skeleton by crossing number (Rutovitz): one 0→1 transition around a ridge
// pixel is an ending, three a bifurcation. Each minutia's branches are traced along the skeleton
// to get its direction and to recognise artefacts (short ridges, spurs, bridges) in filter.ts.
import { params } from '../params.ts';
import { neighbourCode } from './thin.ts';

export type Termination = 'ending' | 'junction' | 'length';
export interface Branch { dx: number; dy: number; length: number; end: Termination; endAt: number }
export interface RawMinutia { x: number; y: number; type: 'ending' | 'bifurcation'; angle: number; branches: Branch[] }

const TRANSITIONS = new Uint8Array(256);
const COUNT = new Uint8Array(256);
for (let m = 0; m < 256; m++) {
  for (let i = 0; i < 8; i++) {
    if ((m >> i) & 1) COUNT[m]++;
    if (!((m >> i) & 1) && (m >> ((i + 1) % 8)) & 1) TRANSITIONS[m]++;
  }
}
// Offsets in the bit order of neighbourCode: N, NE, E, SE, S, SW, W, NW.
const DX = [0, 1, 1, 1, 0, -1, -1, -1];
const DY = [-1, -1, 0, 1, 1, 1, 0, -1];

/** `fg` is the pixel mask (1 = foreground): skeleton pixels outside it are not minutiae. */
export function detectMinutiae(skel: Uint8Array, w: number, h: number, fg: Uint8Array): RawMinutia[] {
  const visited = new Int32Array(w * h);
  let stamp = 0;
  const out: RawMinutia[] = [];
  for (let y = 1; y < h - 1; y++) {
    for (let x = 1; x < w - 1; x++) {
      const i = y * w + x;
      if (!skel[i] || !fg[i]) continue;
      const m = neighbourCode(skel, w, i);
      const t = TRANSITIONS[m];
      if (t === 1 && COUNT[m] <= 2) {
        stamp++; visited[i] = stamp;
        let k = 0; while (!((m >> k) & 1)) k++;
        const b = trace(skel, w, h, i, i + DY[k] * w + DX[k], visited, stamp);
        out.push({ x, y, type: 'ending', angle: Math.atan2(b.dy, b.dx), branches: [b] });
      } else if (t === 3) {
        stamp++; visited[i] = stamp;
        const starts: number[] = [];
        for (let k = 0; k < 8; k++) {
          if (!((m >> k) & 1) || (m >> ((k + 7) % 8)) & 1) continue; // first pixel of each run
          let best = k;
          for (let j = k; (m >> (j % 8)) & 1 && j < k + 8; j++) { visited[i + DY[j % 8] * w + DX[j % 8]] = stamp; if ((j % 8) % 2 === 0) best = j % 8; }
          starts.push(i + DY[best] * w + DX[best]);
        }
        if (starts.length !== 3) continue;
        const branches = starts.map((s) => trace(skel, w, h, i, s, visited, stamp));
        // The stem is the branch opposite the narrowest pair; the minutia points into the fork.
        let stem = 0, bestCos = -2;
        for (let s = 0; s < 3; s++) {
          const a = branches[(s + 1) % 3], b = branches[(s + 2) % 3];
          const c = (a.dx * b.dx + a.dy * b.dy) / (Math.hypot(a.dx, a.dy) * Math.hypot(b.dx, b.dy) || 1);
          if (c > bestCos) { bestCos = c; stem = s; }
        }
        const st = branches[stem];
        out.push({ x, y, type: 'bifurcation', angle: Math.atan2(-st.dy, -st.dx), branches });
      }
    }
  }
  return out;
}

/** Follows the skeleton from `first` (a neighbour of `origin`) for up to params.traceLength pixels. */
function trace(skel: Uint8Array, w: number, h: number, origin: number, first: number, visited: Int32Array, stamp: number): Branch {
  const ox = origin % w, oy = (origin / w) | 0;
  let cur = first; let length = 1; let end: Termination = 'length';
  let dirX = 0, dirY = 0;
  visited[cur] = stamp;
  for (; length < params.traceLength; length++) {
    if (length === params.directionLength) { dirX = (cur % w) - ox; dirY = ((cur / w) | 0) - oy; }
    const cx = cur % w, cy = (cur / w) | 0;
    if (cx <= 0 || cy <= 0 || cx >= w - 1 || cy >= h - 1) { end = 'ending'; break; }
    const m = neighbourCode(skel, w, cur);
    if (TRANSITIONS[m] >= 3) { end = 'junction'; break; }
    let next = -1;
    for (let k = 0; k < 8; k += 2) { const j = cur + DY[k] * w + DX[k]; if (skel[j] && visited[j] !== stamp) { next = j; break; } }
    if (next < 0) for (let k = 1; k < 8; k += 2) { const j = cur + DY[k] * w + DX[k]; if (skel[j] && visited[j] !== stamp) { next = j; break; } }
    if (next < 0) { end = 'ending'; break; }
    // Mark all skeleton neighbours so the walk never doubles back through a diagonal shortcut.
    for (let k = 0; k < 8; k++) { const j = cur + DY[k] * w + DX[k]; if (skel[j] && visited[j] !== stamp && j !== next) visited[j] = stamp; }
    visited[next] = stamp;
    cur = next;
  }
  if (length < params.directionLength) { dirX = (cur % w) - ox; dirY = ((cur / w) | 0) - oy; }
  return { dx: dirX, dy: dirY, length, end, endAt: cur };
}
