// `npm run size -w @candor/web`: builds the app into a temp dir and prints, as JSON, what a phone
// downloads on first load before any model: every JS/CSS/HTML file, raw and gzipped (level 9).
import { mkdtempSync, readFileSync, rmSync, readdirSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { gzipSync } from 'node:zlib';
import { buildWebApp } from '../src/build.ts';

const TARGET_JS_GZIP = 300 * 1024;

function walk(dir: string, out: string[] = []): string[] {
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) walk(p, out); else out.push(p);
  }
  return out;
}

const outDir = mkdtempSync(join(tmpdir(), 'candor-web-size-'));
try {
  await buildWebApp({ outDir });
  const files = walk(outDir).map((p) => {
    const bytes = readFileSync(p);
    return { file: relative(outDir, p), bytes: bytes.length, gzip: gzipSync(bytes, { level: 9 }).length };
  });
  // Lazy chunks (on-device detector, onnxruntime-web) and models load only when the camera opens.
  const entry = readFileSync(join(outDir, 'index.html'), 'utf8');
  const initial = files.filter((f) => /\.(js|css)$/.test(f.file) && entry.includes(f.file.replace(/\\/g, '/')));
  const initialJs = initial.filter((f) => f.file.endsWith('.js'));
  const sum = (xs: { gzip: number }[]) => xs.reduce((a, f) => a + f.gzip, 0);
  console.log(JSON.stringify({
    firstLoadJsGzipBytes: sum(initialJs),
    firstLoadCssGzipBytes: sum(initial.filter((f) => f.file.endsWith('.css'))),
    allJsGzipBytes: sum(files.filter((f) => /\.m?js$/.test(f.file) && f.file !== 'sw.js')),
    targetJsGzipBytes: TARGET_JS_GZIP,
    withinTarget: sum(initialJs) <= TARGET_JS_GZIP,
    files: files.filter((f) => !/\.(onnx|wasm)$/.test(f.file)),
    modelAndWasmBytes: files.filter((f) => /\.(onnx|wasm)$/.test(f.file)).reduce((a, f) => a + f.bytes, 0),
  }, null, 2));
} finally {
  rmSync(outDir, { recursive: true, force: true });
}
