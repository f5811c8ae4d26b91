// `candor bench web`: builds the field app into a temp dir and prints, as JSON, what a phone
// downloads on first load before any model: the entry JS and CSS gzipped (level 9), every lazy
// chunk, and the model + wasm bytes fetched when a camera first opens.
import { mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { gzipSync } from 'node:zlib';
import { buildWebApp } from '../build.ts';

export const TARGET_FIRST_LOAD_JS_GZIP = 300 * 1024;

interface FileSize { file: string; bytes: number; gzip: number }

function walk(dir: string, out: string[] = []): string[] {
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) walk(p, out); else out.push(p);
  }
  return out;
}

export async function measureBundle() {
  const outDir = mkdtempSync(join(tmpdir(), 'candor-web-size-'));
  try {
    await buildWebApp({ outDir });
    const files: FileSize[] = walk(outDir).map((p) => {
      const bytes = readFileSync(p);
      return { file: relative(outDir, p).replace(/\\/g, '/'), bytes: bytes.length, gzip: gzipSync(bytes, { level: 9 }).length };
    });
    // The entry page names the first-load files; lazy chunks (face engine, onnxruntime-web,
    // finger worker) load only when a camera opens.
    const entry = readFileSync(join(outDir, 'index.html'), 'utf8');
    const initial = files.filter((f) => /\.(js|css)$/.test(f.file) && entry.includes(f.file));
    const sum = (xs: FileSize[]) => xs.reduce((a, f) => a + f.gzip, 0);
    const firstLoadJs = sum(initial.filter((f) => f.file.endsWith('.js')));
    const isBinary = (f: FileSize) => /\.(onnx|wasm)$/.test(f.file);
    return {
      firstLoadJsGzipBytes: firstLoadJs,
      firstLoadCssGzipBytes: sum(initial.filter((f) => f.file.endsWith('.css'))),
      allJsGzipBytes: sum(files.filter((f) => /\.m?js$/.test(f.file) && f.file !== 'sw.js')),
      targetJsGzipBytes: TARGET_FIRST_LOAD_JS_GZIP,
      withinTarget: firstLoadJs <= TARGET_FIRST_LOAD_JS_GZIP,
      modelAndWasmBytes: files.filter(isBinary).reduce((a, f) => a + f.bytes, 0),
      files: files.filter((f) => !isBinary(f)),
    };
  } finally {
    rmSync(outDir, { recursive: true, force: true });
  }
}

export default async function benchWeb(_argv: string[]): Promise<number> {
  const result = await measureBundle();
  console.log(JSON.stringify(result, null, 2));
  return result.withinTarget ? 0 : 1;
}
