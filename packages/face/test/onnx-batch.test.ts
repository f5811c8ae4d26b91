// The batch-dimension edit (src/onnx-batch.ts) on the bundled models: a batch of 2 must give each
// sample's single-run output, and models it cannot reason about must be refused.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as ort from 'onnxruntime-node';
import { bundledModelDir, onnxNodeBackend } from '@candor/face/node';
import { makeBatchSymbolic } from '../src/onnx-batch.ts';

const model = (file: string): Uint8Array => new Uint8Array(readFileSync(join(bundledModelDir(), file)));

/** Deterministic input in roughly the normalised pixel range. */
function pattern(n: number, k: number): Float32Array {
  const out = new Float32Array(n);
  for (let i = 0; i < n; i++) out[i] = Math.sin(i * 0.37 * k) * 0.9;
  return out;
}

async function run(bytes: Uint8Array, input: Float32Array, shape: number[]): Promise<Float32Array> {
  const session = await ort.InferenceSession.create(bytes, { intraOpNumThreads: 1 });
  const out = await session.run({ [session.inputNames[0]]: new ort.Tensor('float32', input, shape) });
  await session.release();
  return out[session.outputNames[0]].data as Float32Array;
}

const cases: [file: string, sample: number[]][] = [['fr_feature.onnx', [3, 112, 112]], ['fr_landmark.onnx', [1, 64, 64]]];
for (const [file, sample] of cases) {
  test(`${file} with a symbolic batch: a batch of 2 gives the two single-run outputs`, async () => {
    const original = model(file);
    const edited = makeBatchSymbolic(original);
    assert.ok(edited, 'the model is accepted');
    const n = sample.reduce((a, b) => a * b, 1);
    const a = pattern(n, 1), b = pattern(n, 2);
    const both = new Float32Array(2 * n);
    both.set(a); both.set(b, n);
    const [ra, rb, r2] = [await run(original, a, [1, ...sample]), await run(original, b, [1, ...sample]), await run(edited, both, [2, ...sample])];
    assert.equal(r2.length, ra.length + rb.length);
    assert.ok(ra.some((v, i) => v !== rb[i]), 'the two samples give different outputs');
    for (let i = 0; i < ra.length; i++) {
      assert.ok(Math.abs(r2[i] - ra[i]) <= 1e-5 * (1 + Math.abs(ra[i])), `sample 0, output ${i}`);
      assert.ok(Math.abs(r2[ra.length + i] - rb[i]) <= 1e-5 * (1 + Math.abs(rb[i])), `sample 1, output ${i}`);
    }
  });
}

test('models with shape arithmetic or reshapes it cannot check are refused', () => {
  // The detector computes its reshape targets at run time (Shape, Gather, Concat); the eye model too.
  assert.equal(makeBatchSymbolic(model('fr_detect.onnx')), null);
  assert.equal(makeBatchSymbolic(model('fr_eye.onnx')), null);
  assert.equal(makeBatchSymbolic(new Uint8Array([0x08, 0x07])), null); // a ModelProto without a graph
});

test('the Node backend marks a session batched only when asked and the edit succeeded', async () => {
  const backend = onnxNodeBackend(1);
  const dir = bundledModelDir();
  assert.equal((await backend.load(join(dir, 'fr_feature.onnx'), { batch: true })).batched, true);
  assert.equal((await backend.load(join(dir, 'fr_feature.onnx'))).batched, false);
  assert.equal((await backend.load(join(dir, 'fr_detect.onnx'), { batch: true })).batched, false);
});
