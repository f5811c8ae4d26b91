// Peer face recognisers, run on the same pairs in the same run (`candor eval face --compare`), each
// with its own documented pipeline, on TensorFlow.js's WebAssembly backend (tfjs-node needs a
// binary download that this environment cannot do):
//  - @vladmandic/face-api: SSD-MobileNetV1 detector, 68-point landmarks, 128-d ResNet-34 descriptor;
//    score = -euclidean distance (its documented metric).
//  - @vladmandic/human: BlazeFace + FaceMesh, "faceres" 1024-d descriptor; score = human.match.similarity.
// Failure to enrol scores -Infinity, as for Candor's engine.
import { createRequire } from 'node:module';
import { readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import sharp from 'sharp';
import type { PairsFile, Pair } from './pairs.ts';
import { imagePath } from './pairs.ts';
import { verificationFigures, type Scored } from './verification.ts';

export interface PeerResult { summary: Record<string, unknown>; scores: Scored[] | null }

interface Peer { name: string; embed(rgb: { data: Uint8Array; width: number; height: number }): Promise<Float32Array | null>; score(a: Float32Array, b: Float32Array): number }

const require = createRequire(import.meta.url);
const pkgDir = (name: string): string => dirname(require.resolve(`${name}/package.json`));

async function faceApiPeer(): Promise<Peer> {
  const faceapi: any = await import('@vladmandic/face-api/dist/face-api.node-wasm.js');
  await faceapi.tf.setBackend('wasm');
  await faceapi.tf.ready();
  const models = join(pkgDir('@vladmandic/face-api'), 'model');
  await faceapi.nets.ssdMobilenetv1.loadFromDisk(models);
  await faceapi.nets.faceLandmark68Net.loadFromDisk(models);
  await faceapi.nets.faceRecognitionNet.loadFromDisk(models);
  const options = new faceapi.SsdMobilenetv1Options({ minConfidence: 0.2, maxResults: 5 });
  return {
    name: `@vladmandic/face-api ${require('@vladmandic/face-api/package.json').version}`,
    async embed({ data, width, height }) {
      const tensor = faceapi.tf.tensor3d(data, [height, width, 3], 'int32');
      try {
        const r = await faceapi.detectSingleFace(tensor, options).withFaceLandmarks().withFaceDescriptor();
        return r ? Float32Array.from(r.descriptor) : null;
      } finally { tensor.dispose(); }
    },
    score: (a, b) => -faceapi.euclideanDistance(a, b),
  };
}

async function humanPeer(): Promise<Peer> {
  // The package's exports map has keys without "./", which Node rejects: load the file by path.
  const dir = dirname(dirname(require.resolve('@vladmandic/human')));
  const H: any = await import(pathToFileURL(join(dir, 'dist', 'human.node-wasm.js')).href);
  const Human = H.Human ?? H.default?.Human ?? H.default;
  const human = new Human({
    // Human defaults wasmPath to a CDN; point it at the .wasm files shipped in the npm package.
    backend: 'wasm', wasmPath: `${dirname(require.resolve('@tensorflow/tfjs-backend-wasm'))}/`, modelBasePath: `file://${join(dir, 'models')}/`, debug: false, async: false,
    face: { enabled: true, detector: { rotation: true, maxDetected: 1, return: false }, mesh: { enabled: true }, iris: { enabled: false },
      description: { enabled: true }, emotion: { enabled: false }, antispoof: { enabled: false }, liveness: { enabled: false } },
    body: { enabled: false }, hand: { enabled: false }, object: { enabled: false }, gesture: { enabled: false }, segmentation: { enabled: false },
  });
  installFileFetch();
  await human.load();
  await human.warmup?.();
  return {
    name: `@vladmandic/human ${human.version} (faceres)`,
    async embed({ data, width, height }) {
      // Human takes a [1, h, w, 3] float tensor of 0..255 pixels.
      const tensor = human.tf.tensor4d(Float32Array.from(data), [1, height, width, 3], 'float32');
      try {
        const r = await human.detect(tensor);
        const emb = r.face?.[0]?.embedding;
        return emb && emb.length ? Float32Array.from(emb) : null;
      } finally { tensor.dispose(); }
    },
    score: (a, b) => human.match.similarity(Array.from(a), Array.from(b)),
  };
}

// Human's Node WASM build loads its models with fetch(), and Node's fetch has no file: scheme; this
// answers file: URLs from disk and passes everything else through.
function installFileFetch(): void {
  const original = globalThis.fetch;
  if ((original as { fileShim?: boolean }).fileShim) return;
  const shim = async (input: string | URL | Request, init?: RequestInit): Promise<Response> => {
    const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
    if (url.startsWith('file://')) return new Response(await readFile(new URL(url)));
    return original(input, init);
  };
  globalThis.fetch = Object.assign(shim, { fileShim: true }) as typeof fetch;
}

export async function runPeers(file: PairsFile, train: PairsFile | null, imagesDir: string, log: (s: string) => void): Promise<PeerResult[]> {
  const results: PeerResult[] = [];
  for (const [label, make] of ([['human', humanPeer], ['face-api', faceApiPeer]] as const).filter(([l]) => !process.env.PEERS || process.env.PEERS.includes(l))) {
    let peer: Peer;
    try { peer = await make(); } catch (e) {
      results.push({ summary: { name: label, error: `cannot run: ${e instanceof Error ? e.message : String(e)}` }, scores: null });
      continue;
    }
    const keys = [...new Set([...file.pairs, ...(train?.pairs ?? [])].flatMap((p) => [p.a, p.b]))];
    log(`peer ${peer.name}: embedding ${keys.length} images`);
    const vectors = new Map<string, Float32Array | null>();
    const start = performance.now();
    for (const k of keys) {
      try {
        const { data, info } = await sharp(await readFile(imagePath(imagesDir, k))).removeAlpha().raw().toBuffer({ resolveWithObject: true });
        vectors.set(k, await peer.embed({ data: new Uint8Array(data), width: info.width, height: info.height }));
      } catch (e) { if (process.env.PEER_DEBUG) console.error(e); vectors.set(k, null); }
    }
    const score = (p: Pair): Scored => { const a = vectors.get(p.a), b = vectors.get(p.b); return { score: a && b ? peer.score(a, b) : -Infinity, same: p.same, fold: p.fold }; };
    const scores = file.pairs.map(score);
    const f = verificationFigures(scores, train ? train.pairs.map(score) : null);
    const testKeys = new Set(file.pairs.flatMap((p) => [p.a, p.b]));
    results.push({
      summary: { name: peer.name, pairs: f.pairs, fte: [...testKeys].filter((k) => !vectors.get(k)).length / testKeys.size, accuracy: f.accuracy, eer: f.eer,
        'tar_at_far_1e-2': f['tar_at_far_1e-2'], 'tar_at_far_1e-3': f['tar_at_far_1e-3'], ms_per_image: Math.round((performance.now() - start) / keys.length) },
      scores,
    });
  }
  return results;
}
