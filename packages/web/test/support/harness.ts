// Everything the browser tests share: the app built into a temp dir, the real server on a random
// port with a temp PGlite data dir and the stand-in engines (or engines the test passes, such as
// the real face engine), seeded users and records, fake camera videos, and screenshots under
// test-results/screens/.
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { auditA11y } from './a11y.ts';
import { startServer, totp, newTotpSecret, type Engines, type StartedServer } from '@candor/server';
import { buildWebApp } from '../../src/build.ts';
import { scenePng, type Scene } from './scenes.ts';
import { testEngines } from './test-engines.ts';
import { writeY4m } from './y4m.ts';

export const SCREENS = fileURLToPath(new URL('../../../../test-results/screens/', import.meta.url));

/** What the fake camera shows and enrolment stores: a drawn scene, or a photo (file path or bytes). */
export type Picture = Scene | { name: string; image: string | Uint8Array };

function pictureBytes(p: Picture): Promise<Buffer> {
  if ('svg' in p) return scenePng(p);
  return Promise.resolve(typeof p.image === 'string' ? readFileSync(p.image) : Buffer.from(p.image));
}

export interface Harness {
  server: StartedServer; baseUrl: string; tmp: string;
  operator: { username: string; password: string; totpSecret: string };
  video(picture: Picture): Promise<string>;
  enrol(registry: string, picture: Picture, fields: Record<string, unknown>, alerts?: unknown[], fingers?: { position: number; image: Buffer }[]): Promise<string>;
  close(): Promise<void>;
}

export async function startHarness(opts: { engines?: Engines } = {}): Promise<Harness> {
  const tmp = mkdtempSync(join(tmpdir(), 'candor-web-e2e-'));
  const webDir = join(tmp, 'dist');
  await buildWebApp({ outDir: webDir });
  const server = await startServer({
    port: 0, host: '127.0.0.1', dataDir: join(tmp, 'data'), engines: opts.engines ?? testEngines(), webDir, print: () => undefined,
  });
  const store = server.ctx.store;
  const operator = { username: 'field-op', password: 'correct horse battery 1', totpSecret: newTotpSecret() };
  const user = await store.users.create({ username: operator.username, password: operator.password, roles: ['operator'] });
  await store.users.setTotp(user.id, operator.totpSecret, true);

  let token: string | null = null;
  const videos = new Map<string, string>();
  return {
    server, baseUrl: server.url, tmp, operator,
    async video(picture) {
      let file = videos.get(picture.name);
      if (!file) { file = join(tmp, `${picture.name}.y4m`); await writeY4m(await pictureBytes(picture), file); videos.set(picture.name, file); }
      return file;
    },
    async enrol(registry, picture, fields, alerts, fingers) {
      if (!token) {
        const res = await server.app.inject({ method: 'POST', url: '/v1/auth/login', payload: { username: operator.username, password: operator.password, totp: totp(operator.totpSecret) } });
        token = (res.json() as { token: string }).token;
      }
      const res = await server.app.inject({
        method: 'POST', url: `/v1/registries/${registry}/records`, headers: { authorization: `Bearer ${token}` },
        payload: {
          requestId: `seed-${registry}-${picture.name}`, fields, face: { image: (await pictureBytes(picture)).toString('base64') }, alerts,
          fingers: fingers?.map((f) => ({ position: f.position, image: f.image.toString('base64'), dpi: 500 })),
        },
      });
      if (res.statusCode >= 300) throw new Error(`enrolment failed: ${res.statusCode} ${res.body}`);
      return (res.json() as { record: { id: string } }).record.id;
    },
    async close() {
      await server.close();
      rmSync(tmp, { recursive: true, force: true });
    },
  };
}

/** Saves the screen under test-results/screens/ and audits its accessibility (support/a11y.ts). */
export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(SCREENS, { recursive: true });
  await page.screenshot({ path: join(SCREENS, `${name}.png`), fullPage: true });
  const issues = await auditA11y(page);
  if (process.env.CANDOR_A11Y_REPORT) console.log(`a11y ${name}: ${JSON.stringify(issues)}`);
  else assert.deepEqual(issues, [], `accessibility issues on screen ${name}`);
}

/** Password, then the TOTP code the app asks for. */
export async function signIn(page: Page, h: Harness, shots = false): Promise<void> {
  await page.goto(h.baseUrl + '/');
  // The service worker claims the page on activation; wait so that model downloads go through it.
  await page.waitForFunction(() => navigator.serviceWorker.controller !== null, undefined, { timeout: 30_000 });
  await page.getByLabel('Username').fill(h.operator.username);
  await page.getByLabel('Password', { exact: true }).fill(h.operator.password);
  if (shots) await screenshot(page, '01-sign-in');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByLabel('Authenticator code').waitFor();
  if (shots) await screenshot(page, '02-sign-in-totp');
  await page.getByLabel('Authenticator code').fill(totp(h.operator.totpSecret));
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('heading', { name: 'New encounter' }).waitFor();
}

export async function startEncounter(page: Page, caseRef: string, opts: { training?: boolean; shots?: boolean } = {}): Promise<void> {
  await page.getByLabel('Purpose of the search').selectOption({ index: 0 });
  await page.getByLabel('Case reference').fill(caseRef);
  if (opts.training) await page.getByLabel(/Training mode/).check();
  if (opts.shots) await screenshot(page, '03-encounter');
  await page.getByRole('button', { name: 'Start encounter' }).click();
  await page.getByRole('heading', { name: 'Capture' }).waitFor();
}

/**
 * Opens the face camera. Automatic: waits for the automatic capture (the fake camera is sharp and
 * steady). Manual (with a screenshot of the live camera): turns automatic capture off first, waits
 * for the live guidance, then presses the shutter.
 */
export async function captureFace(page: Page, mode: { manualShot?: string } = {}): Promise<void> {
  if (mode.manualShot) await page.evaluate(() => localStorage.setItem('candor.autoCapture', 'off'));
  await page.getByTestId('capture-face').click();
  if (mode.manualShot) {
    await page.getByTestId('detector-state').filter({ hasText: 'On-device face detection on.' }).waitFor({ timeout: 60_000 });
    await page.locator('svg.overlay rect.box.ok').waitFor({ timeout: 30_000 });
    await page.getByTestId('guidance').filter({ hasText: /Good/ }).waitFor();
    await screenshot(page, mode.manualShot);
    await page.getByTestId('shutter').click();
    await page.evaluate(() => localStorage.removeItem('candor.autoCapture'));
  }
  await page.getByTestId('capture-quality').waitFor({ timeout: 60_000 });
}

export async function chooseRegistry(page: Page, name: string): Promise<void> {
  await page.getByLabel(name).check();
}
