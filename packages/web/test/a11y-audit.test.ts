// The accessibility audit that the browser tests run on every screen (test/support/a11y.ts) must
// itself find what it claims to: a page with one known fault per rule, and a clean page.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { chromium, type Browser } from 'playwright-core';
import { auditA11y } from './support/a11y.ts';
import { chromiumAvailable, CHROMIUM } from './support/browser.ts';

let browser: Browser;
before(async () => {
  assert.ok(chromiumAvailable(), `browser tests need Chromium at ${CHROMIUM}`);
  browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ['--no-sandbox', '--disable-dev-shm-usage'] });
});
after(async () => { await browser?.close(); });

const STYLE = `body { font: 18px sans-serif; background: #fff; color: #000; }
  :focus-visible { outline: 3px solid #0b3d91; outline-offset: 2px; }
  button, input { min-height: 48px; min-width: 48px; font: inherit; color: #000; background: #fff; border: 2px solid #000; }`;

async function audit(html: string) {
  const page = await browser.newPage({ viewport: { width: 390, height: 844 } });
  try {
    await page.setContent(html);
    return await auditA11y(page);
  } finally {
    await page.close();
  }
}

test('a clean page passes every check', async () => {
  const issues = await audit(`<!doctype html><html lang="en"><head><style>${STYLE}</style></head><body>
    <h1>Title</h1><p style="color:#595959">Secondary text at 7:1</p>
    <label for="a">Name</label><input id="a">
    <label><input type="checkbox"> Remember, with a label wide and tall enough to tap</label>
    <button>Go</button><button aria-label="Close"><svg width="16" height="16" aria-hidden="true"></svg></button>
    <div style="background:#000;padding:8px"><p style="color:#fff;background:rgba(0,0,0,0.85)">Over the camera</p></div>
    <p style="background:repeating-linear-gradient(45deg,#ffb000 0 10px,#ffd466 10px 20px);color:#000">Striped band</p>
    <button disabled style="opacity:0.4">Disabled is exempt</button>
  </body></html>`);
  assert.deepEqual(issues, []);
});

test('each kind of fault is found', async () => {
  const issues = await audit(`<!doctype html><html><head><style>${STYLE}
    .noring:focus-visible { outline: none; } .faint:focus-visible { outline-color: #ffd0a0; }</style></head><body>
    <p id="grey" style="color:#999">Faint grey text</p>
    <p id="glass" style="color:#fff;background:rgba(0,0,0,0.3)">White on a light veil</p>
    <p id="stripe" style="background:linear-gradient(#000,#fff);color:#777">Text on a gradient</p>
    <input id="nolabel">
    <button id="empty"><svg width="10" height="10"></svg></button>
    <button id="tiny" style="min-height:0;min-width:0;height:24px;width:60px;padding:0">Tiny</button>
    <button class="noring">No ring</button><button class="faint">Faint ring</button>
  </body></html>`);
  const has = (rule: string, where: RegExp) => issues.some((i) => i.rule === rule && where.test(i.where));
  assert.ok(has('lang', /html/), 'missing lang');
  assert.ok(has('contrast', /p#grey/), 'grey text (2.8:1)');
  assert.ok(has('contrast', /p#glass/), 'white text on a translucent layer, worst case over white');
  assert.ok(has('contrast', /p#stripe/), 'mid grey text on a black-to-white gradient');
  assert.ok(has('label', /input#nolabel/), 'field without a label');
  assert.ok(has('name', /button/), 'button without an accessible name');
  assert.ok(has('target', /button#tiny/), 'button under 44 px');
  assert.ok(has('focus', /No ring/), 'no focus outline');
  assert.ok(issues.some((i) => i.rule === 'focus' && /Faint ring/.test(i.where) && /< 3:1/.test(i.detail)), 'low-contrast focus outline');
  assert.equal(issues.filter((i) => i.rule === 'contrast').length, 3, JSON.stringify(issues));
});
