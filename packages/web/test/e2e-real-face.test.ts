// End to end with the REAL face engine: a photo of a person is enrolled, a different photo of the
// same person is played by the phone's fake camera, and the app must show that record as a
// candidate to verify, with its false-match rate in words and the record's photo beside the probe;
// a different person must get the no-candidate screen. The photos are the demo photos shipped in
// the @vladmandic/face-api npm package, cropped at test time by @candor/face's test fixtures.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import sharp from 'sharp';
import { faceFixtures, type FaceFixtures } from '../../face/test/fixtures.ts';
import { chromiumAvailable, CHROMIUM, launchPhone } from './support/browser.ts';
import { chooseRegistry, screenshot, signIn, startEncounter, startHarness, type Harness } from './support/harness.ts';
import { realFaceEngines } from './support/real-face.ts';

let h: Harness;
let photos: FaceFixtures;
let recordId: string;

before(async () => {
  assert.ok(chromiumAvailable(), `browser tests need Chromium at ${CHROMIUM}`);
  photos = await faceFixtures();
  h = await startHarness({ engines: await realFaceEngines() });
  // The fixture crops are 320 px, where the eyes are closer together than the enrolment quality
  // gate wants (a registry photo would be larger): enrol it at 640 px.
  const enrolPhoto = await sharp(photos.personA).resize(640, 640).jpeg({ quality: 92 }).toBuffer();
  recordId = await h.enrol('travel-documents', { name: 'person-a', image: enrolPhoto }, {
    documentNumber: 'P7654321', issuingCountry: 'UTO', surname: 'Demo', givenNames: 'Person A', dateOfBirth: '1985-05-05',
  });
}, { timeout: 300_000 });

after(async () => { await h?.close(); });

/**
 * Face camera with the shutter: the second photo of person A has the head turned, so the on-device
 * guidance may keep asking to face the camera and never capture by itself; the operator's shutter
 * always works. Waits until the on-device detector has drawn a face box first.
 */
async function shootFace(page: Page, shot: string): Promise<void> {
  await page.evaluate(() => localStorage.setItem('candor.autoCapture', 'off'));
  await page.getByTestId('capture-face').click();
  await page.getByTestId('detector-state').filter({ hasText: 'On-device face detection on.' }).waitFor({ timeout: 120_000 });
  await page.locator('svg.overlay rect.box').waitFor({ timeout: 60_000 });
  await screenshot(page, shot);
  await page.getByTestId('shutter').click();
  await page.getByTestId('capture-quality').waitFor({ timeout: 60_000 });
}

/** Signs in, opens an encounter, shoots what the fake camera shows and searches travel documents. */
async function searchThroughCamera(page: Page, caseRef: string, shot: string): Promise<void> {
  await signIn(page, h);
  await startEncounter(page, caseRef);
  await shootFace(page, shot);
  await chooseRegistry(page, 'Travel documents');
  await page.getByTestId('search').click();
}

test('real face engine: another photo of the enrolled person through the camera gives their record as a candidate to verify', { timeout: 300_000 }, async () => {
  const b = await launchPhone(await h.video({ name: 'person-a2', image: photos.personA2 }));
  try {
    const page = await b.context.newPage();
    await searchThroughCamera(page, 'CASE-REAL-1', 'real-01-face-camera');
    const card = page.getByTestId('candidate').first();
    await card.waitFor({ timeout: 120_000 });
    await screenshot(page, 'real-02-results');
    assert.equal(await page.getByTestId('candidate').count(), 1);
    const text = await card.innerText();
    assert.match(text, /Possible match: verify identity with documents/);
    assert.match(await card.getByTestId('fmr-text').innerText(), /^About 1 in [\d,]+ different people would score this high\.$/);
    assert.ok(text.includes(recordId), 'the card shows the enrolled record');
    assert.match(text, /Person A/);
    assert.match(text, /Travel documents/);

    // The record's photo (the server's thumbnail) beside the photo taken now, both decoded.
    const pics = await card.locator('.pair img').evaluateAll((imgs) => (imgs as HTMLImageElement[]).map((i) => ({
      alt: i.alt, src: i.src.slice(0, 23), w: i.naturalWidth, h: i.naturalHeight, complete: i.complete,
    })));
    assert.deepEqual(pics.map((p) => p.alt), ['Photo taken now', 'Photo on record']);
    for (const p of pics) { assert.ok(p.complete && p.w > 0 && p.h > 0, `${p.alt} is shown`); assert.equal(p.src, 'data:image/jpeg;base64,'); }
    assert.ok(pics[1].w <= 160 && pics[1].h <= 160, 'the record photo is the small thumbnail');
    assert.equal(await card.getByText('No photo on record').count(), 0);

    // The search and its tamper-evident audit entry were written (before the results were sent).
    const store = h.server.ctx.store;
    const search = (await store.searches.list({ training: false })).find((x) => x.caseRef === 'CASE-REAL-1');
    assert.ok(search && search.auditSeq !== null, 'the search is recorded with its audit entry');
    const entry = (await store.audit.list({ limit: 100_000 })).find((e) => e.seq === search.auditSeq);
    assert.ok(entry, 'the audit entry exists');
    assert.ok(JSON.stringify(entry.subjects).includes(recordId), 'the audit entry names the candidate record');
    assert.equal((await store.audit.verify()).ok, true, 'the audit chain verifies');
  } finally {
    await b.close();
  }
});

test('real face engine: a different person through the camera gets the no-candidate screen', { timeout: 300_000 }, async () => {
  const b = await launchPhone(await h.video({ name: 'person-b', image: photos.personB }));
  try {
    const page = await b.context.newPage();
    await searchThroughCamera(page, 'CASE-REAL-2', 'real-03-face-camera-other');
    const none = page.getByTestId('no-candidate');
    await none.waitFor({ timeout: 120_000 });
    await screenshot(page, 'real-04-no-candidate');
    const text = await none.innerText();
    assert.match(text, /Nobody in the searched registries scored above the threshold/);
    assert.match(text, /Searched: Travel documents/);
    assert.equal(await page.getByTestId('candidate').count(), 0);
  } finally {
    await b.close();
  }
});

test('real face engine: a photo with several faces says so and outlines the face that was searched', { timeout: 300_000 }, async () => {
  const b = await launchPhone(await h.video({ name: 'group', image: photos.group }));
  try {
    const page = await b.context.newPage();
    await searchThroughCamera(page, 'CASE-REAL-3', 'real-05-face-camera-group');
    const notice = page.getByTestId('multi-face');
    await notice.waitFor({ timeout: 120_000 });
    await screenshot(page, 'real-06-several-faces');
    const text = await notice.innerText();
    const count = Number(/(\d+) faces were in the photo/.exec(text)?.[1]);
    assert.ok(count >= 2, `the notice gives the number of faces (${text})`);
    assert.match(text, /Only the outlined one was searched/);
    // The outline is drawn in the photo's own pixel coordinates, inside the photo.
    const geo = await notice.getByTestId('probe-outlined').evaluate((svg) => {
      const vb = (svg as SVGSVGElement).viewBox.baseVal;
      const r = svg.querySelector('rect.searched-face') as SVGRectElement;
      return { w: vb.width, h: vb.height, x: r.x.baseVal.value, y: r.y.baseVal.value, rw: r.width.baseVal.value, rh: r.height.baseVal.value };
    });
    assert.ok(geo.w > 0 && geo.h > 0, 'the photo has its natural size');
    assert.ok(geo.rw > 10 && geo.rh > 10 && geo.x >= -geo.rw && geo.x + geo.rw <= geo.w + geo.rw && geo.y + geo.rh <= geo.h + geo.rh,
      `the outline is a face-sized box on the photo (${JSON.stringify(geo)})`);
    assert.ok(geo.rw < geo.w / 2, 'the outline marks one face, not the whole photo');
  } finally {
    await b.close();
  }
});
