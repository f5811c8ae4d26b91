import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { itemsFromDir, itemsFromManifest, requestIdFor } from '../src/cli/enroll.ts';

test('enroll manifest: face and position-coded fingers by path, other columns are fields, aliases split', () => {
  const dir = mkdtempSync(join(tmpdir(), 'candor-enroll-'));
  try {
    writeFileSync(join(dir, 'a.jpg'), 'FACE:a');
    writeFileSync(join(dir, 'a7.pgm'), 'FINGER:a-7');
    writeFileSync(join(dir, 'm.csv'), 'face,finger7,dpi,surname,givenNames,aliases\na.jpg,a7.pgm,500,"Doe, Jr",Jane,Jay;JD\n\n');
    const [item] = itemsFromManifest(join(dir, 'm.csv'), { sex: 'F' });
    assert.deepEqual(item.body.fields, { sex: 'F', surname: 'Doe, Jr', givenNames: 'Jane', aliases: ['Jay', 'JD'] });
    assert.equal(Buffer.from(item.body.face!.image, 'base64').toString(), 'FACE:a');
    assert.deepEqual(item.body.fingers!.map((f) => [f.position, f.dpi]), [[7, 500]]);
    assert.equal(item.files.length, 2);
  } finally { rmSync(dir, { recursive: true, force: true }); }
});

test('enroll: request ids come from file content, so a re-run resumes instead of duplicating', () => {
  const dir = mkdtempSync(join(tmpdir(), 'candor-enroll-'));
  try {
    writeFileSync(join(dir, 'Jane_Doe_0001.jpg'), 'one');
    writeFileSync(join(dir, 'Max_Mustermann_0001.jpg'), 'two');
    const first = itemsFromDir(dir, {});
    assert.deepEqual(first.map((i) => i.body.fields), [{ surname: 'Doe', givenNames: 'Jane' }, { surname: 'Mustermann', givenNames: 'Max' }]);
    const ids = first.map((i) => requestIdFor('identities', i));
    assert.deepEqual(itemsFromDir(dir, {}).map((i) => requestIdFor('identities', i)), ids, 'stable across runs');
    assert.notEqual(ids[0], ids[1]);
    assert.notEqual(requestIdFor('encounters', first[0]), ids[0], 'per registry');
    writeFileSync(join(dir, 'Jane_Doe_0001.jpg'), 'changed');
    assert.notEqual(requestIdFor('identities', itemsFromDir(dir, {})[0]), ids[0], 'new content, new request');
  } finally { rmSync(dir, { recursive: true, force: true }); }
});
