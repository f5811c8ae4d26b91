// On-device check of a finger photo frame with the finger engine's contactless front end
// (@candor/finger/contactless): finds the fingertip and rates its ridges, so the capture screen can
// say "move closer", "glare" or "blurred" before the photo is sent. Loaded lazily with the finger
// camera, in a Web Worker (finger-worker.ts). The same pipeline runs again on the server on the
// photo actually sent.
import type { GuidanceCode } from './guidance.ts';
import { captureParams as P } from './params.ts';
import type { FingerJob, FingerJobResult } from './finger-worker.ts';

export interface FingerCheck { ok: boolean; score: number; codes: GuidanceCode[] }
export type FingerChecker = (video: HTMLVideoElement, position: number) => Promise<FingerCheck>;

const ISSUE_TO_CODE: Record<string, GuidanceCode> = {
  NO_FINGER: 'NO_FINGER', FINGER_TOO_SMALL: 'MOVE_CLOSER', RIDGES_TOO_FINE: 'MOVE_CLOSER', BLURRED: 'BLURRED',
  UNDEREXPOSED: 'TOO_DARK', OVEREXPOSED: 'TOO_BRIGHT', GLARE: 'GLARE', FINGER_AT_EDGE: 'FINGER_AT_EDGE', MOTION: 'HOLD_STILL',
};

/** Maps the pipeline's capture issues onto the capture screen's guidance. */
export function fingerGuidance(score: number, reasons: string[]): FingerCheck {
  const codes = [...new Set(reasons.map((r) => ISSUE_TO_CODE[r] ?? 'BLURRED'))];
  return { ok: codes.length === 0 && score >= P.minFingerScore, score, codes };
}

/**
 * Starts the checker in a Web Worker. The returned function is cheap: it grabs the frame and posts
 * it, and resolves when the worker answers (callers skip frames while one is in flight).
 */
export async function loadFingerChecker(): Promise<FingerChecker> {
  const worker = new Worker(new URL('./finger-worker.ts', import.meta.url), { type: 'module' });
  const canvas = document.createElement('canvas');
  let pending: ((r: FingerJobResult) => void) | null = null;
  worker.onmessage = (e: MessageEvent<FingerJobResult>) => { pending?.(e.data); pending = null; };
  await new Promise<void>((resolve, reject) => {
    // A first empty job proves the worker and its module load.
    pending = () => resolve();
    worker.onerror = (e) => reject(new Error(e.message || 'finger worker failed to start'));
    worker.postMessage({ width: 1, height: 1, data: new Uint8Array(3), position: 0 } satisfies FingerJob);
  });
  return (video, position) => {
    const width = Math.min(P.fingerCheckWidth, video.videoWidth);
    const height = Math.round((video.videoHeight / video.videoWidth) * width);
    canvas.width = width; canvas.height = height;
    const ctx = canvas.getContext('2d', { willReadFrequently: true })!;
    ctx.drawImage(video, 0, 0, width, height);
    const rgba = ctx.getImageData(0, 0, width, height).data;
    const data = new Uint8Array(width * height * 3);
    for (let i = 0, o = 0; i < rgba.length; i += 4, o += 3) { data[o] = rgba[i]; data[o + 1] = rgba[i + 1]; data[o + 2] = rgba[i + 2]; }
    return new Promise<FingerCheck>((resolve) => {
      pending = (r) => resolve(fingerGuidance(r.score, r.reasons.map((c) => (c in ISSUE_TO_CODE ? c : 'NO_FINGER'))));
      worker.postMessage({ width, height, data, position } satisfies FingerJob, [data.buffer]);
    });
  };
}
