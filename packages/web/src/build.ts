// Builds the field app with Vite's JS API. The server calls this from `serve` when dist is missing,
// so `npm start` on a clean clone serves a working app without a separate build step.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const webRoot = fileURLToPath(new URL('..', import.meta.url));
export const webDistDir = join(webRoot, 'dist');

export interface BuildWebAppOptions {
  /** Output directory; defaults to packages/web/dist. Tests build into a temp dir. */
  outDir?: string;
  /** Print Vite's progress (default false: the server's log stays quiet). */
  verbose?: boolean;
}

export interface BuildWebAppResult { outDir: string; files: string[] }

export function webAppIsBuilt(outDir: string = webDistDir): boolean {
  return existsSync(join(outDir, 'index.html')) && existsSync(join(outDir, 'sw.js'));
}

export async function buildWebApp(options: BuildWebAppOptions = {}): Promise<BuildWebAppResult> {
  const outDir = options.outDir ?? webDistDir;
  const { build } = await import('vite');
  const { webViteConfig } = await import('../vite.config.ts');
  const output = await build({
    ...webViteConfig,
    configFile: false,
    logLevel: options.verbose ? 'info' : 'warn',
    build: { ...webViteConfig.build, outDir, emptyOutDir: true },
  });
  const outputs = Array.isArray(output) ? output : [output];
  const files: string[] = [];
  for (const o of outputs) {
    if ('output' in o) for (const chunk of o.output) files.push(chunk.fileName);
  }
  return { outDir, files };
}
