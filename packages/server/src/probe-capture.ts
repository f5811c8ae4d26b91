// The probe capture of an operational search: the images the operator submitted, kept (encrypted by
// the store) so a reviewer can later see what was searched. The store's retention deletes it after
// the retention period unless a candidate of the search was confirmed. Training searches keep none.
import { decodeBase64 } from './probes.ts';

export interface ProbeCapture {
  version: 1;
  face?: { image: string };
  fingers?: { position: number | null; dpi: number | null; contactless: boolean; image: string }[];
}

interface SubmittedProbe {
  face?: { image: string };
  fingers?: { position?: number; dpi?: number; contactless?: boolean; image: string }[];
}

// Images are re-encoded from their decoded bytes: a data-URL prefix or whitespace is not kept.
const canonical = (image: string, what: string) => Buffer.from(decodeBase64(image, what)).toString('base64');

export function encodeProbeCapture(p: SubmittedProbe): Uint8Array {
  const capture: ProbeCapture = { version: 1 };
  if (p.face) capture.face = { image: canonical(p.face.image, 'face image') };
  if (p.fingers?.length) {
    capture.fingers = p.fingers.map((f, i) => ({ position: f.position ?? null, dpi: f.dpi ?? null, contactless: !!f.contactless, image: canonical(f.image, `finger ${i + 1}`) }));
  }
  return new TextEncoder().encode(JSON.stringify(capture));
}

export function decodeProbeCapture(bytes: Uint8Array): ProbeCapture {
  return JSON.parse(new TextDecoder().decode(bytes)) as ProbeCapture;
}
