// The real face engine (@candor/face/node: detector, landmarks, encoder, liveness on
// onnxruntime-node) plugged into the server's face port exactly as `serve` wires it
// (packages/server/src/real-engines.ts), for browser tests that check recognition through the
// phone camera rather than with the stand-in thumbnail engine.
import type { Engines } from '@candor/server';
import { createFaceEnginePort } from '@candor/server/real-engines';

export async function realFaceEngines(): Promise<Engines> {
  return { face: await createFaceEnginePort() };
}
