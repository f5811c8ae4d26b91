// The same engine code runs on onnxruntime-web (the browser entry's backend, here on its wasm
// build in Node) and on onnxruntime-node, and must give the same template.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { compareFaces, createFaceEngine } from '@candor/face';
import { onnxWebBackend } from '@candor/face/browser';
import { bundledModelDir, createNodeFaceEngine, sharpDecoder } from '@candor/face/node';
import { faceFixtures } from './fixtures.ts';

test('onnxruntime-web and onnxruntime-node backends give the same analysis', async () => {
  const { personA } = await faceFixtures();
  const bytes = readFileSync(personA);
  const web = await createFaceEngine({ backend: onnxWebBackend(), decoder: sharpDecoder, resolveModel: (f) => `${bundledModelDir()}/${f}` });
  const node = await createNodeFaceEngine();
  const [a, b] = [await web.analyze(bytes), await node.analyze(bytes)];
  assert.equal(a.faces.length, b.faces.length);
  assert.ok(compareFaces(a.template, b.template) > 0.9999);
  assert.ok(Math.abs(a.quality.score - b.quality.score) <= 1);
  assert.ok(a.liveness && b.liveness && Math.abs(a.liveness.score - b.liveness.score) < 1e-3);
});
