// Vite config of the field app, used by `vite build` and by buildWebApp() (src/build.ts).
// JSX goes through Oxc's automatic runtime with Preact; no framework plugin is needed.
import { readFileSync } from 'node:fs';
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
      const files = Object.keys(bundle).filter((f) => !f.endsWith('.map')).map((f) => '/' + f);
      const precache = ['/', '/manifest.webmanifest', '/icon.svg', ...files];
      const version = hash(precache.join('\n') + Object.values(bundle).map((b) => ('code' in b ? b.code.length : 0)).join(','));
      const source = readFileSync(new URL('./sw/sw.js', import.meta.url), 'utf8')
        .replace('__PRECACHE__', JSON.stringify(precache))
        .replace('__VERSION__', JSON.stringify(version));
      this.emitFile({ type: 'asset', fileName: 'sw.js', source });
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
  plugins: [serviceWorker()],
  build: {
    outDir: 'dist',
    target: 'es2020',
    sourcemap: false,
    // Models and the ort wasm are served separately and cached by the service worker on first use.
    assetsInlineLimit: 0,
  },
};

export default webViteConfig;
