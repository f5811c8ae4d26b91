// On-device face detection for live guidance, with the face engine's browser entry
// (@candor/face/browser, onnxruntime-web). Loaded lazily when the face camera opens, so the first
// load of the app stays small; model files (under /models/) and the ort wasm (under /ort/) are
// served by the app and cached by the service worker after first use. Only detection and landmarks run
// here: templates are made on the server.
import type { FaceBox } from './guidance.ts';
import { captureParams as P } from './params.ts';

/** Finds the subject's face in the current video frame; box in analysis-frame pixels. */
export type FaceDetector = (video: HTMLVideoElement, frameWidth: number, frameHeight: number) => Promise<FaceBox | null>;

export const MODEL_BASE = '/models/';
export const ORT_BASE = '/ort/';

let loading: Promise<FaceDetector> | null = null;

/** Loads once per page; rejects if the models or wasm cannot be loaded (then guidance uses measures only). */
export function loadFaceDetector(): Promise<FaceDetector> {
  loading ??= load().catch((e) => { loading = null; throw e; });
  return loading;
}

async function load(): Promise<FaceDetector> {
  const ort = await import('onnxruntime-web');
  ort.env.wasm.wasmPaths = { wasm: ORT_BASE + 'ort-wasm-simd-threaded.wasm', mjs: ORT_BASE + 'ort-wasm-simd-threaded.mjs' };
  // One thread: threads need cross-origin isolation, and the phone is busy with the camera anyway.
  ort.env.wasm.numThreads = 1;
  const face = await import('@candor/face/browser');
  const engine = await face.createFaceEngine({
    backend: face.onnxWebBackend(),
    decoder: face.canvasDecoder,
    resolveModel: (file) => MODEL_BASE + file,
    liveness: false,
    // No embedding on the phone: a stub keeps the engine from loading the recognition model.
    encoder: { modelId: 'none', inputSize: 112, encode: async () => new Float32Array(0) },
  });
  const canvas = document.createElement('canvas');
  return async (video, frameWidth, frameHeight) => {
    const width = P.detectionWidth;
    const height = Math.round((video.videoHeight / video.videoWidth) * width);
    canvas.width = width; canvas.height = height;
    const ctx = canvas.getContext('2d', { willReadFrequently: true })!;
    ctx.drawImage(video, 0, 0, width, height);
    const rgba = ctx.getImageData(0, 0, width, height).data;
    const rgb = new Uint8Array(width * height * 3);
    for (let i = 0, o = 0; i < rgba.length; i += 4, o += 3) { rgb[o] = rgba[i]; rgb[o + 1] = rgba[i + 1]; rgb[o + 2] = rgba[i + 2]; }
    const { faces } = await engine.detect({ width, height, data: rgb });
    if (faces.length === 0) return null;
    const { box, landmarks } = faces[0];
    const sx = frameWidth / width, sy = frameHeight / height;
    return {
      x: box.x1 * sx, y: box.y1 * sy, width: (box.x2 - box.x1) * sx, height: (box.y2 - box.y1) * sy,
      frontal: frontalness(landmarks),
    };
  };
}

/**
 * 1 when the nose tip is midway between the eyes, falling to 0 as it reaches an eye: a cheap
 * yaw estimate from the five landmarks, enough to say "face the camera".
 */
export function frontalness(points: [number, number][]): number {
  const [le, re, nose] = points;
  const eyeDistance = Math.hypot(re[0] - le[0], re[1] - le[1]) || 1;
  const offset = Math.abs(nose[0] - (le[0] + re[0]) / 2) / (eyeDistance / 2);
  return Math.max(0, Math.min(1, 1 - offset));
}
