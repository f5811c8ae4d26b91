// Vite config of the field app, used by `vite build` and by buildWebApp() (src/build.ts).
// JSX goes through Oxc's automatic runtime with Preact; no framework plugin is needed.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Plugin, UserConfig } from 'vite';

const root = fileURLToPath(new URL('.', import.meta.url));

/**
 * Emits sw.js from sw/sw.js with the list of built files to precache, so the app shell
 * works offline from the first visit (the first page load is not controlled by the worker).
 */
function serviceWorker(): Plugin {
  return {
    name: 'candor-service-worker',
    apply: 'build',
    generateBundle(_options, bundle) {
      // Models and the ort wasm are large and only needed by the camera: cached on first use instead.
      const files = Object.keys(bundle).filter((f) => !f.endsWith('.map') && !/\.(onnx|wasm)$/.test(f)).map((f) => '/' + f);
      const precache = ['/', '/manifest.webmanifest', '/icon.svg', ...files];
      const version = hash(precache.join('\n') + Object.values(bundle).map((b) => ('code' in b ? b.code.length : 0)).join(','));
      const source = readFileSync(new URL('./sw/sw.js', import.meta.url), 'utf8')
        .replace('__PRECACHE__', JSON.stringify(precache))
        .replace('__VERSION__', JSON.stringify(version));
      this.emitFile({ type: 'asset', fileName: 'sw.js', source });
    },
  };
}

/** Finds an installed package's directory by walking up node_modules (workspaces hoist to the root). */
function packageDir(name: string): string {
  for (let dir = root; ; dir = dirname(dir)) {
    const candidate = join(dir, 'node_modules', name);
    if (existsSync(candidate)) return candidate;
    if (dirname(dir) === dir) throw new Error(`package ${name} is not installed`);
  }
}

/**
 * Ships what on-device face detection loads (src/capture/detector.ts): the face engine's detector,
 * landmark and eye models (file names as in @candor/face's models.ts) under /models/, and
 * onnxruntime-web's wasm and its JS loader under /ort/ (set as wasmPaths in detector.ts).
 */
function faceModels(): Plugin {
  return {
    name: 'candor-face-models',
    apply: 'build',
    generateBundle() {
      const models = join(packageDir('faceplugin-face-recognition-js'), 'model');
      for (const file of ['fr_detect.onnx', 'fr_landmark.onnx', 'fr_eye.onnx']) {
        this.emitFile({ type: 'asset', fileName: `models/${file}`, source: readFileSync(join(models, file)) });
      }
      const ort = join(packageDir('onnxruntime-web'), 'dist');
      for (const file of ['ort-wasm-simd-threaded.wasm', 'ort-wasm-simd-threaded.mjs']) {
        this.emitFile({ type: 'asset', fileName: `ort/${file}`, source: readFileSync(join(ort, file)) });
      }
    },
  };
}

/**
 * PNG icons for install prompts (Chromium wants 192 and 512 px PNGs; iOS uses apple-touch-icon),
 * rendered from public/icon.svg at build so only the SVG is kept in the repository.
 */
function pngIcons(): Plugin {
  return {
    name: 'candor-png-icons',
    apply: 'build',
    async generateBundle() {
      const { default: sharp } = await import('sharp');
      const svg = readFileSync(join(root, 'public', 'icon.svg'));
      for (const size of [180, 192, 512]) {
        const source = await sharp(svg, { density: 300 }).resize(size, size).png().toBuffer();
        this.emitFile({ type: 'asset', fileName: `icon-${size}.png`, source });
      }
    },
  };
}

function hash(text: string): string {
  let h = 2166136261;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 16777619) >>> 0;
  return h.toString(36);
}

export const webViteConfig: UserConfig = {
  root,
  base: '/',
  publicDir: 'public',
  oxc: { jsx: { runtime: 'automatic', importSource: 'preact' } },
  resolve: {
    // The CPU (wasm) build only: the default bundle adds WebGPU/WebNN and a 22 MB wasm the
    // detector does not need on a phone.
    alias: [{ find: /^onnxruntime-web$/, replacement: 'onnxruntime-web/wasm' }],
  },
  plugins: [faceModels(), pngIcons(), serviceWorker()],
  build: {
    outDir: 'dist',
    target: 'es2020',
    sourcemap: false,
    // Models and the ort wasm are served separately and cached by the service worker on first use.
    assetsInlineLimit: 0,
  },
};

export default webViteConfig;
