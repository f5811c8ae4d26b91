// Turning submitted images into templates, with engine failures mapped to clear 4xx problems.
import { ApiError } from './errors.ts';
import { engineErrorCode, type Engines, type FaceProbe, type FingerProbe } from './engines.ts';

export function decodeBase64(image: string, what: string): Uint8Array {
  // Accept data URLs from browsers; reject anything that is not base64 rather than guessing.
  const raw = image.startsWith('data:') ? image.slice(image.indexOf(',') + 1) : image;
  if (!/^[A-Za-z0-9+/_-]+={0,2}$/.test(raw.replace(/\s/g, ''))) throw new ApiError('IMAGE_INVALID', `${what} is not base64`);
  const bytes = Buffer.from(raw, 'base64');
  if (bytes.length === 0) throw new ApiError('IMAGE_INVALID', `${what} is empty`);
  return new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

export async function analyzeFace(engines: Engines, image: string): Promise<FaceProbe> {
  if (!engines.face) throw new ApiError('ENGINE_UNAVAILABLE', 'No face engine is loaded');
  const bytes = decodeBase64(image, 'face image');
  try {
    return await engines.face.analyze(bytes);
  } catch (e) {
    const code = engineErrorCode(e);
    if (code) throw new ApiError(code, e instanceof Error ? e.message : undefined);
    throw e;
  }
}

export async function extractFinger(engines: Engines, image: string, opts: { dpi?: number; contactless?: boolean }, label: string): Promise<FingerProbe> {
  if (!engines.finger) throw new ApiError('ENGINE_UNAVAILABLE', 'No fingerprint engine is loaded');
  const bytes = decodeBase64(image, label);
  try {
    return await engines.finger.extract(bytes, opts);
  } catch (e) {
    const code = engineErrorCode(e);
    if (code) throw new ApiError(code, `${label}: ${e instanceof Error ? e.message : 'unusable'}`);
    throw e;
  }
}
