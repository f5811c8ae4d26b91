// A deterministic stand-in face engine for the browser tests, plugged into the real server through
// its engine port. The browser tests check the app, server, store and audit working together, not
// face recognition accuracy (that is @candor/face's eval): the "template" is the 16x16 grey
// thumbnail of the whole photo, mean-removed and L2-normalised, so the same scene seen through the
// fake camera scores near 1 and a different scene scores low.
import sharp from 'sharp';
import { scanningFingerGallery, type Engines } from '@candor/server';

const SIDE = 16;

export async function thumbnailTemplate(bytes: Uint8Array): Promise<Float32Array> {
  let data: Buffer;
  try {
    data = await sharp(bytes).grayscale().resize(SIDE, SIDE, { fit: 'fill' }).raw().toBuffer();
  } catch {
    throw Object.assign(new Error('image could not be decoded'), { code: 'IMAGE_CORRUPT' });
  }
  const v = new Float32Array(SIDE * SIDE);
  let mean = 0;
  for (let i = 0; i < v.length; i++) mean += data[i] / v.length;
  let norm = 0;
  for (let i = 0; i < v.length; i++) { v[i] = data[i] - mean; norm += v[i] * v[i]; }
  norm = Math.sqrt(norm) || 1;
  for (let i = 0; i < v.length; i++) v[i] /= norm;
  return v;
}

/** Cosine -> false-match rate: a steep made-up curve with 1e-4 at cosine 0.9. */
const calibration = {
  fmrAt: (s: number) => Math.min(1, 10 ** (-4 - 40 * (s - 0.9))),
  thresholdFor: (fmr: number) => 0.9 + (-Math.log10(fmr) - 4) / 40,
};

function cosine(a: Float32Array, b: Float32Array): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i] * b[i];
  return s;
}

const asFloats = (b: Uint8Array) => new Float32Array(b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength));

export function testEngines(): Engines {
  return {
    // Same idea for fingerprint images: the thumbnail stands in for minutiae.
    finger: {
      modelId: 'web-test-finger-thumbnail@1',
      async extract(bytes) {
        const v = await thumbnailTemplate(bytes);
        return { template: new Uint8Array(v.buffer), quality: { score: 80, reasons: [] } };
      },
      prepare: asFloats,
      gallery: () => scanningFingerGallery(asFloats, cosine),
      calibration: () => calibration,
    },
    face: {
      modelId: 'web-test-thumbnail@1',
      calibration,
      async analyze(bytes) {
        return { template: await thumbnailTemplate(bytes), modelId: 'web-test-thumbnail@1', quality: { score: 90, reasons: [] }, faceCount: 1 };
      },
    },
  };
}
