// The real face engine (@candor/face/node: detector, landmarks, encoder, liveness on
// onnxruntime-node) plugged into the server's face port, the same way the server's `serve` wires
// it (packages/server/src/real-engines.ts), for browser tests that check recognition through the
// phone camera rather than with the stand-in thumbnail engine.
import type { Engines } from '@candor/server';

export async function realFaceEngines(): Promise<Engines> {
  const face = await import('@candor/face/node');
  const engine = await face.createNodeFaceEngine();
  return {
    face: {
      modelId: engine.modelId,
      calibration: face.faceCalibration(engine.modelId),
      async analyze(bytes) {
        const a = await engine.analyze(bytes);
        return { template: a.template.vector, modelId: a.template.modelId, quality: { score: a.quality.score, reasons: a.quality.reasons }, faceCount: a.faces.length };
      },
    },
  };
}
