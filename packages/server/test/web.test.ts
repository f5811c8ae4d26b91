import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, mkdirSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../src/app.ts';
import { Indexes } from '../src/indexes.ts';
import { openScratchStore } from './helpers.ts';

let app: FastifyInstance;
let close: () => Promise<void>;
let dir: string;
before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'candor-web-'));
  mkdirSync(join(dir, 'assets'));
  writeFileSync(join(dir, 'index.html'), '<!doctype html><title>Candor</title>');
  writeFileSync(join(dir, 'assets', 'app.js'), 'console.log(1)');
  const s = await openScratchStore();
  close = s.close;
  app = await buildApp({ store: s.store, engines: {}, indexes: new Indexes({}), config: { sessionTtlMs: 60_000, webDir: dir, purposes: [] } });
});
after(async () => { await app.close(); await close(); rmSync(dir, { recursive: true, force: true }); });

test('the field app is served at / without a token, deep links get index.html, /v1 never falls through', async () => {
  const root = await app.inject({ method: 'GET', url: '/' });
  assert.equal(root.statusCode, 200);
  assert.match(root.body, /<title>Candor<\/title>/);
  assert.equal((await app.inject({ method: 'GET', url: '/assets/app.js' })).body, 'console.log(1)');
  const deep = await app.inject({ method: 'GET', url: '/search/results' });
  assert.equal(deep.statusCode, 200);
  assert.match(deep.body, /Candor/);
  const api = await app.inject({ method: 'GET', url: '/v1/does-not-exist' });
  assert.equal(api.statusCode, 404);
  assert.match(String(api.headers['content-type']), /problem\+json/);
  assert.equal((await app.inject({ method: 'GET', url: '/healthz' })).json().ok, true);
});
