// End to end in a real (headless Debian) Chromium at phone size, against the real server, store
// and audit log, with a fake camera playing a synthetic face. See test/support/harness.ts.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { chromiumAvailable, CHROMIUM, launchPhone } from './support/browser.ts';
import { captureFace, chooseRegistry, screenshot, signIn, startEncounter, startHarness, type Harness } from './support/harness.ts';
import { ALICE, BOB, scannerPng } from './support/scenes.ts';
import { writeFileSync } from 'node:fs';
import { totp } from '@candor/server';
import { join } from 'node:path';

let h: Harness;

before(async () => {
  assert.ok(chromiumAvailable(), `browser tests need Chromium at ${CHROMIUM}`);
  h = await startHarness();
  const alertExpiry = new Date(Date.now() + 30 * 86400_000).toISOString();
  await h.enrol('travel-documents', ALICE, {
    documentNumber: 'X1234567', issuingCountry: 'UTO', surname: 'Example', givenNames: 'Alice', dateOfBirth: '1990-01-01',
  }, [{ reason: 'Reported lost document', source: 'Test issuing office', expiresAt: alertExpiry }]);
  await h.enrol('training', ALICE, { surname: 'Trainee-Example', givenNames: 'Alice' });
  await h.enrol('encounters', BOB, { caseRef: 'OLD-7', encounterDate: '2026-01-02', place: 'Harbour gate', surname: 'Sample', givenNames: 'Bob' },
    [], [{ position: 2, image: await scannerPng(1) }]);
}, { timeout: 300_000 });

after(async () => { await h?.close(); });

test('sign in, capture from the camera, search: the enrolled person is a candidate to verify', { timeout: 300_000 }, async () => {
  const b = await launchPhone(await h.video(ALICE));
  try {
    const page = await b.context.newPage();
    await signIn(page, h, true);
    // Installable: Chromium's own installability check (manifest, icons, service worker).
    const cdp = await b.context.newCDPSession(page);
    const { installabilityErrors } = await cdp.send('Page.getInstallabilityErrors') as { installabilityErrors: { errorId: string }[] };
    assert.deepEqual(installabilityErrors.map((e) => e.errorId), []);
    await startEncounter(page, 'CASE-E2E-1', { shots: true });
    await screenshot(page, '04-capture-hub-empty');
    await captureFace(page);
    assert.match(await page.locator('.capture figcaption').first().innerText(), /taken automatically/);
    const cached = await page.evaluate(async () => {
      const keys = await (await caches.open('candor-models-v1')).keys();
      return keys.map((r) => new URL(r.url).pathname).sort();
    });
    assert.deepEqual(cached, ['/models/fr_detect.onnx', '/models/fr_eye.onnx', '/models/fr_landmark.onnx', '/ort/ort-wasm-simd-threaded.mjs', '/ort/ort-wasm-simd-threaded.wasm'],
      'the service worker caches the models and ort wasm after first use');
    await chooseRegistry(page, 'Travel documents');
    await screenshot(page, '06-capture-hub-ready');
    await page.getByTestId('search').click();
    const card = page.getByTestId('candidate').first();
    await card.waitFor();
    await screenshot(page, '07-results');
    const text = await card.innerText();
    assert.match(text, /Possible match: verify identity with documents/);
    assert.match(text, /about 1 in [\d,]+ different people would score this high/i);
    assert.match(text, /Travel documents/);
    assert.match(text, /Alice/);
    assert.match(text, /Reported lost document/);
    assert.match(text, /Source: Test issuing office/);
    // The record's photo (server thumbnail of the enrolled 640x480 scene) beside the photo taken now.
    const onRecord = await card.getByAltText('Photo on record').evaluate((i) => [(i as HTMLImageElement).naturalWidth, (i as HTMLImageElement).naturalHeight]);
    assert.deepEqual(onRecord, [160, 120]);
    assert.doesNotMatch(await page.locator('main').innerText(), /\bmatch\b(?!: verify)/i);

    await card.getByLabel(/Reject: different person/).check();
    await card.getByLabel('Reason (required)').fill('Passport photo differs on inspection');
    await card.getByRole('button', { name: 'Record decision' }).click();
    await card.getByText('Rejection recorded with your reason.').waitFor();
    await screenshot(page, '08-reviewed');
    const searches = await h.server.ctx.store.searches.list({ training: false });
    const mine = searches.find((s) => s.caseRef === 'CASE-E2E-1');
    assert.ok(mine, 'the search is recorded');
    const detail = await h.server.ctx.store.searches.get(mine.id);
    assert.equal(detail?.reviews?.[0]?.decision, 'rejected');
  } finally {
    await b.close();
  }
});

test('a person who is not enrolled gets the no-candidate screen that says what it means', { timeout: 300_000 }, async () => {
  const b = await launchPhone(await h.video(BOB), { colorScheme: 'dark' });
  try {
    const page = await b.context.newPage();
    await signIn(page, h);
    await startEncounter(page, 'CASE-E2E-2');
    await captureFace(page, { manualShot: '09-face-camera-dark' });
    assert.doesNotMatch(await page.locator('.capture figcaption').first().innerText(), /taken automatically/);
    await chooseRegistry(page, 'Travel documents');
    await page.getByTestId('search').click();
    const none = page.getByTestId('no-candidate');
    await none.waitFor();
    await screenshot(page, '10-no-candidate-dark');
    const text = await none.innerText();
    assert.match(text, /Nobody in the searched registries scored above the threshold/);
    assert.match(text, /does not mean the person is not enrolled anywhere/);
    assert.match(text, /does not mean the person is who they claim to be/);
  } finally {
    await b.close();
  }
});

test('offline: the search is queued encrypted in IndexedDB and replayed when back online', { timeout: 300_000 }, async () => {
  const b = await launchPhone(await h.video(ALICE));
  try {
    const page = await b.context.newPage();
    await signIn(page, h);
    await startEncounter(page, 'CASE-E2E-OFFLINE');
    await captureFace(page);
    await chooseRegistry(page, 'Travel documents');
    await b.context.setOffline(true);
    await page.getByRole('button', { name: 'Save search for when online' }).click();
    await page.getByTestId('queue-waiting').waitFor();
    await screenshot(page, '11-offline-queued');
    const stored = await page.evaluate(async () => {
      const db = await new Promise<IDBDatabase>((res, rej) => { const r = indexedDB.open('candor-offline'); r.onsuccess = () => res(r.result); r.onerror = () => rej(r.error); });
      const all = await new Promise<any[]>((res) => { const r = db.transaction('queue').objectStore('queue').getAll(); r.onsuccess = () => res(r.result); });
      return all.map((e) => ({ ttl: e.expiresAt - e.createdAt, bytes: e.sealed.data.byteLength, text: new TextDecoder('latin1').decode(e.sealed.data) }));
    });
    assert.equal(stored.length, 1);
    assert.equal(stored[0].ttl, 24 * 3600 * 1000);
    assert.ok(stored[0].bytes > 1000);
    assert.equal(stored[0].text.includes('CASE-E2E-OFFLINE'), false, 'queued data is encrypted');
    assert.equal((await h.server.ctx.store.searches.list({})).some((s) => s.caseRef === 'CASE-E2E-OFFLINE'), false);

    await b.context.setOffline(false);
    const ready = page.getByTestId('queue-ready');
    await ready.waitFor({ timeout: 60_000 });
    await screenshot(page, '12-offline-replayed');
    await ready.click();
    await page.getByTestId('candidate').first().waitFor();
    assert.equal((await h.server.ctx.store.searches.list({})).some((s) => s.caseRef === 'CASE-E2E-OFFLINE'), true);
    const left = await page.evaluate(async () => {
      const db = await new Promise<IDBDatabase>((res) => { const r = indexedDB.open('candor-offline'); r.onsuccess = () => res(r.result); });
      return new Promise<number>((res) => { const r = db.transaction('queue').objectStore('queue').count(); r.onsuccess = () => res(r.result); });
    });
    assert.equal(left, 0);
  } finally {
    await b.close();
  }
});

test('training mode is marked, gives capture feedback, and leaves the operational audit untouched', { timeout: 300_000 }, async () => {
  const b = await launchPhone(await h.video(ALICE));
  try {
    const page = await b.context.newPage();
    await signIn(page, h);
    await startEncounter(page, 'CASE-E2E-TRAIN', { training: true });
    await page.getByTestId('training-banner').waitFor();
    const store = h.server.ctx.store;
    const auditBefore = await store.audit.list({ limit: 100_000 });
    const operationalBefore = (await store.searches.list({ training: false })).length;
    await captureFace(page, { manualShot: '13-training-camera' });
    await page.getByTestId('training-feedback').waitFor();
    assert.match(await page.getByTestId('training-feedback').innerText(), /Good capture|To improve/);
    await screenshot(page, '14-training-hub');
    assert.equal(await page.getByLabel('Travel documents').count(), 0, 'only training registries are offered');
    await page.getByTestId('search').click();
    const card = page.getByTestId('candidate').first();
    await card.waitFor();
    await screenshot(page, '15-training-results');
    assert.match(await card.innerText(), /Trainee-Example/);
    await card.getByLabel(/Confirm: same person/).check();
    await card.getByLabel('Reason (required)').fill('Practice: documents checked');
    await card.getByRole('button', { name: 'Record decision' }).click();
    await card.getByText(/nothing was recorded/).waitFor();

    const auditAfter = await store.audit.list({ limit: 100_000 });
    assert.deepEqual(auditAfter.map((e) => e.seq), auditBefore.map((e) => e.seq), 'no operational audit entry');
    assert.equal((await store.searches.list({ training: false })).length, operationalBefore);
    assert.ok((await store.trainingLog.list({})).length > 0, 'the practice search went to the training log');
  } finally {
    await b.close();
  }
});

test('finger capture: guided rear-camera photo with the on-device fingertip check, and a scanner upload that finds its record', { timeout: 300_000 }, async () => {
  const b = await launchPhone(await h.video(ALICE));
  try {
    const page = await b.context.newPage();
    await signIn(page, h);
    await startEncounter(page, 'CASE-E2E-FINGER');
    await page.getByLabel('Finger', { exact: true }).selectOption('2');
    await page.getByTestId('capture-finger').click();
    await page.getByTestId('detector-state').filter({ hasText: 'On-device fingertip check on.' }).waitFor({ timeout: 120_000 });
    // The fake camera shows a face, not fingers: the contactless front end finds no usable
    // fingertip ridges (no automatic capture), and the operator can still take the photo by hand.
    const guidance = page.getByTestId('guidance').filter({ hasText: /No finger found|Blurred|Move closer|Glare|fingertip/ });
    await guidance.waitFor({ timeout: 120_000 });
    assert.doesNotMatch(await guidance.innerText(), /^Good/);
    await screenshot(page, '16-finger-camera');
    await page.getByTestId('shutter').click();
    await page.getByText('Right index (photo)').waitFor();

    const scan = join(h.tmp, 'scan.png');
    writeFileSync(scan, await scannerPng(1));
    await page.getByText('Upload a scanner image instead').click();
    await page.getByLabel('Fingerprint image file').setInputFiles(scan);
    await page.getByText('Right index (scanner)').waitFor();
    assert.equal(await page.getByText('Right index (photo)').count(), 0, 'the upload replaces the photo of the same finger');
    await chooseRegistry(page, 'Encounters');
    await screenshot(page, '17-finger-hub');
    await page.getByTestId('search').click();
    const card = page.getByTestId('candidate').first();
    await card.waitFor();
    await screenshot(page, '18-finger-results');
    const text = await card.innerText();
    assert.match(text, /Harbour gate/);
    assert.match(text, /Right index\s+about 1 in/);
  } finally {
    await b.close();
  }
});

test('an expired session keeps the captured search, asks to sign in again, then sends it', { timeout: 300_000 }, async () => {
  const b = await launchPhone(await h.video(ALICE));
  try {
    const page = await b.context.newPage();
    await signIn(page, h);
    await startEncounter(page, 'CASE-E2E-EXPIRED');
    await captureFace(page);
    await chooseRegistry(page, 'Travel documents');
    // Expire every session on the server (deleteExpired as of a year from now).
    await h.server.ctx.store.sessions.deleteExpired(new Date(Date.now() + 365 * 86400_000));
    await page.getByTestId('search').click();
    await page.getByText('Your session expired. Sign in again; your saved search will then be sent.').waitFor();
    await screenshot(page, '19-session-expired');
    assert.equal((await h.server.ctx.store.searches.list({})).some((s) => s.caseRef === 'CASE-E2E-EXPIRED'), false);
    await page.getByLabel('Username').fill(h.operator.username);
    await page.getByLabel('Password', { exact: true }).fill(h.operator.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByLabel('Authenticator code').fill(totp(h.operator.totpSecret));
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: 'New encounter' }).waitFor();
    await startEncounter(page, 'CASE-E2E-NEXT');
    await page.getByTestId('queue-ready').waitFor({ timeout: 60_000 });
    assert.match(await page.getByTestId('queue-ready').innerText(), /CASE-E2E-EXPIRED: 1 candidate/);
  } finally {
    await b.close();
  }
});
