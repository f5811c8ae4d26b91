// The fingerprint engine in a real browser (Debian Chromium): bundled for the browser as an app would
// bundle it, its WebAssembly kernels (SIMD included) instantiate on the page's main thread, 1:1 scores
// are the same as in Node to the bit, and 1:N search ranks the same records with the same finger scores.
// (The calibrated FMR and fused evidence go through Math.log10 / Math.pow, whose last bit differs
// between the browser's and Node's V8 versions: compared to 1e-12.)
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { test } from 'node:test';
import { build } from 'esbuild';
import { chromium } from 'playwright-core';
import { FingerIndex, encodeTemplate, decodeTemplate, matchFingerprints } from '../src/index.ts';
import type { FingerTemplate } from '../src/types.ts';
import { randomTemplate, transform } from './synth.ts';

const CHROMIUM = process.env.CANDOR_CHROMIUM ?? '/usr/bin/chromium';
const entry = fileURLToPath(new URL('../src/index.ts', import.meta.url));

/** Templates as they are stored (the binary form), so Node and the page start from the same bytes. */
function stored(t: FingerTemplate): FingerTemplate { return decodeTemplate(encodeTemplate(t)); }

test('in Chromium the engine matches and searches exactly as in Node', { timeout: 120_000 }, async () => {
  assert.ok(existsSync(CHROMIUM), `browser tests need Chromium at ${CHROMIUM}`);
  const bundle = await build({
    stdin: { contents: `export * from ${JSON.stringify(entry)};`, resolveDir: process.cwd(), loader: 'ts' },
    bundle: true, format: 'iife', globalName: 'candorFinger', platform: 'browser', target: 'chrome120', write: false,
  });
  const code = bundle.outputFiles[0].text;

  const base = Array.from({ length: 12 }, (_, i) => stored(randomTemplate(500 + i)));
  const probes = [stored(transform(base[3], 0.4, 12, -8, 3)), stored(transform(base[7], -1.1, -20, 15, 3)), stored(randomTemplate(999))];
  const pairs = probes.flatMap((p) => base.map((c) => [p, c] as const));
  const nodeScores = pairs.map(([p, c]) => matchFingerprints(p, c));
  const index = new FingerIndex();
  base.forEach((t, i) => index.add(`r${i}`, [t]));
  const nodeHits = probes.map((p) => index.search([p], { limit: 3 }));

  const browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ['--no-sandbox', '--disable-dev-shm-usage'] });
  try {
    const page = await browser.newPage();
    await page.goto('about:blank');
    // Functions passed to page.evaluate are serialised from this file as tsx compiled it, which wraps
    // named functions in an `__name` helper that only exists in Node: the page gets a no-op one.
    await page.addScriptTag({ content: 'globalThis.__name = (f) => f;' });
    await page.addScriptTag({ content: code });
    const bytes = (t: FingerTemplate) => Array.from(encodeTemplate(t));
    const result = await page.evaluate(({ base, probes }) => {
      const f = (globalThis as unknown as { candorFinger: typeof import('../src/index.ts') }).candorFinger;
      const dec = (b: number[]) => f.decodeTemplate(Uint8Array.from(b));
      const gallery = base.map(dec), ps = probes.map(dec);
      const scores = ps.flatMap((p) => gallery.map((c) => f.matchFingerprints(p, c)));
      const index = new f.FingerIndex();
      gallery.forEach((t, i) => index.add(`r${i}`, [t]));
      return { scores, hits: ps.map((p) => index.search([p], { limit: 3 })) };
    }, { base: base.map(bytes), probes: probes.map(bytes) });
    assert.deepEqual(result.scores, nodeScores);
    assert.equal(result.hits.length, nodeHits.length);
    result.hits.forEach((hits, k) => {
      assert.deepEqual(hits.map((h) => [h.id, h.fingerScores]), nodeHits[k].map((h) => [h.id, h.fingerScores]));
      hits.forEach((h, q) => {
        for (const key of ['score', 'fmr'] as const) {
          const a = h[key], b = nodeHits[k][q][key];
          assert.ok(Math.abs(a - b) <= 1e-12 * Math.max(1, Math.abs(b)), `${key} ${a} vs ${b}`);
        }
      });
    });
    // And the comparison is meaningful: each transformed copy finds its original first.
    assert.equal(nodeHits[0][0].id, 'r3');
    assert.equal(nodeHits[1][0].id, 'r7');
  } finally {
    await browser.close();
  }
});
