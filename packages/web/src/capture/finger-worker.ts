// Web Worker running the contactless fingertip check off the main thread: it takes seconds per
// frame on a slow CPU, which would freeze the camera preview if run on the page.
import { contactlessToGray } from '@candor/finger/contactless';

export interface FingerJob { width: number; height: number; data: Uint8Array; position: number }
export interface FingerJobResult { score: number; reasons: string[] }

self.onmessage = (e: MessageEvent<FingerJob>) => {
  const { width, height, data, position } = e.data;
  let result: FingerJobResult;
  try {
    const print = contactlessToGray({ width, height, data, channels: 3 }, { position: position as never });
    result = { score: print.quality.score, reasons: print.quality.reasons };
  } catch (err) {
    result = { score: 0, reasons: [String((err as { code?: string }).code ?? 'NO_FINGER')] };
  }
  (self as unknown as Worker).postMessage(result);
};
