// Browser camera plumbing: open a stream, switch front/rear, torch, grab analysis frames and photos.
import { captureParams as P } from './params.ts';
import { lumaFromRgba, type Luma } from './measures.ts';

export type Facing = 'user' | 'environment';

export async function openCamera(facing: Facing): Promise<MediaStream> {
  if (!navigator.mediaDevices?.getUserMedia) throw new Error('This browser cannot use the camera here (HTTPS is required).');
  return navigator.mediaDevices.getUserMedia({
    audio: false,
    video: { facingMode: { ideal: facing }, width: { ideal: 1280 }, height: { ideal: 720 } },
  });
}

export function stopCamera(stream: MediaStream | null): void {
  stream?.getTracks().forEach((t) => t.stop());
}

/** True if the camera reports a torch; Safari and most front cameras do not. */
export function torchSupported(stream: MediaStream): boolean {
  const track = stream.getVideoTracks()[0];
  const caps = (track?.getCapabilities?.() ?? {}) as MediaTrackCapabilities & { torch?: boolean };
  return caps.torch === true;
}

export async function setTorch(stream: MediaStream, on: boolean): Promise<boolean> {
  const track = stream.getVideoTracks()[0];
  if (!track || !torchSupported(stream)) return false;
  try {
    await track.applyConstraints({ advanced: [{ torch: on } as MediaTrackConstraintSet] });
    return true;
  } catch {
    return false;
  }
}

/** A downscaled luma frame of the current video image, for guidance. */
export function grabLuma(video: HTMLVideoElement, canvas: HTMLCanvasElement): Luma | null {
  if (!video.videoWidth) return null;
  const width = P.analysisWidth;
  const height = Math.round((video.videoHeight / video.videoWidth) * width);
  canvas.width = width; canvas.height = height;
  const ctx = canvas.getContext('2d', { willReadFrequently: true });
  if (!ctx) return null;
  ctx.drawImage(video, 0, 0, width, height);
  return lumaFromRgba(ctx.getImageData(0, 0, width, height).data, width, height);
}

export interface Photo { dataUrl: string; base64: string; width: number; height: number }

/** Full-resolution still from the video (scaled down to maxSide), as JPEG. */
export function takePhoto(video: HTMLVideoElement, maxSide: number = P.maxFaceSide): Photo {
  const scale = Math.min(1, maxSide / Math.max(video.videoWidth, video.videoHeight));
  const width = Math.round(video.videoWidth * scale), height = Math.round(video.videoHeight * scale);
  const canvas = document.createElement('canvas');
  canvas.width = width; canvas.height = height;
  canvas.getContext('2d')!.drawImage(video, 0, 0, width, height);
  const dataUrl = canvas.toDataURL('image/jpeg', P.jpegQuality);
  return { dataUrl, base64: dataUrl.slice(dataUrl.indexOf(',') + 1), width, height };
}

/** Reads an uploaded file (e.g. a scanner image) as base64 without re-encoding it. */
export async function readFileAsPhoto(file: File): Promise<Photo> {
  const bytes = new Uint8Array(await file.arrayBuffer());
  let bin = '';
  for (let i = 0; i < bytes.length; i += 0x8000) bin += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  const base64 = btoa(bin);
  const type = file.type || 'application/octet-stream';
  return { dataUrl: `data:${type};base64,${base64}`, base64, width: 0, height: 0 };
}
