// `npm run bench -w @candor/web`: on-device capture costs in headless Debian Chromium (one
// 640x480 fake camera, the test server): time to load the face detector (models + ort wasm, cold
// cache), per-frame face detection, per-check contactless fingertip check. Prints JSON.
import { launchPhone } from '../test/support/browser.ts';
import { signIn, startEncounter, startHarness } from '../test/support/harness.ts';
import { ALICE } from '../test/support/scenes.ts';

const SAMPLE_MS = Number(process.env.BENCH_MS ?? 10_000);

const h = await startHarness();
const b = await launchPhone(await h.video(ALICE));
try {
  const page = await b.context.newPage();
  await signIn(page, h);
  await page.evaluate(() => localStorage.setItem('candor.autoCapture', 'off'));
  await startEncounter(page, 'BENCH');
  await page.getByTestId('capture-face').click();
  await page.getByTestId('detector-state').filter({ hasText: 'On-device face detection on.' }).waitFor({ timeout: 120_000 });
  await page.waitForTimeout(SAMPLE_MS);
  await page.getByRole('button', { name: 'Cancel' }).click();
  await page.getByTestId('capture-finger').click();
  await page.getByTestId('detector-state').filter({ hasText: 'On-device fingertip check on.' }).waitFor({ timeout: 120_000 });
  await page.waitForTimeout(SAMPLE_MS);
  // No named functions inside evaluate: tsx's keepNames helper does not exist in the page.
  const m = await page.evaluate(() => Object.fromEntries(['candor.detector-load', 'candor.detect', 'candor.finger-check']
    .map((n) => [n, performance.getEntriesByName(n).map((e) => e.duration)]))) as Record<string, number[]>;
  const stats = (xs: number[]) => {
    const s = [...xs].sort((a, c) => a - c);
    const q = (p: number) => Math.round(s[Math.min(s.length - 1, Math.floor(p * s.length))] ?? NaN);
    return { n: s.length, medianMs: q(0.5), p90Ms: q(0.9) };
  };
  console.log(JSON.stringify({
    browser: 'Debian Chromium headless, 390x844 viewport, fake 640x480 camera',
    detectorLoadMs: Math.round(m['candor.detector-load'][0] ?? NaN),
    faceDetectPerFrame: stats(m['candor.detect']),
    fingerCheckPerFrame: stats(m['candor.finger-check']),
  }, null, 2));
} finally {
  await b.close();
  await h.close();
}
