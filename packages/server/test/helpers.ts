// Test rig: the real store (in-memory PGlite, or PostgreSQL when DATABASE_URL is set), small
// deterministic fake engines, one user per role, and helpers for inject() calls.
import { createHash, randomBytes } from 'node:crypto';
import { openStore, type Store } from '@candor/store';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { buildApp } from '../src/app.ts';
import { DEFAULT_PURPOSES, type AppContext } from '../src/context.ts';
import { scanningFingerGallery, type Engines } from '../src/engines.ts';
import { loadIndexes, seedRegistries } from '../src/start.ts';
import { PARAMS } from '../src/params.ts';
import type { Role } from '../src/roles.ts';

const DIM = 64;

class FakeEngineError extends Error { constructor(readonly code: string) { super(code); } }

function seeded(text: string): Float32Array {
  const v = new Float32Array(DIM);
  let h = createHash('sha256').update(text).digest();
  for (let i = 0; i < DIM; i++) {
    if (i % 32 === 0 && i) h = createHash('sha256').update(h).digest();
    v[i] = (h[i % 32] - 127.5) / 127.5;
  }
  return v;
}
const normalise = (v: Float32Array) => { let n = 0; for (const x of v) n += x * x; n = Math.sqrt(n); return v.map((x) => x / n); };

/**
 * Fake face engine. Image bytes are text (optionally after a real JPEG): "FACE:<person>:<variant>" (the same person in another
 * photo: a close vector), "LOWQ:<person>" (quality 10), "NOFACE", anything else is corrupt.
 */
export function fakeEngines(): Engines {
  return {
    face: {
      modelId: 'fake-face@1',
      calibration: { fmrAt: (s) => (s <= 0.1 ? 1 : Math.max(1e-9, 10 ** (-(s - 0.1) * 15))), thresholdFor: (f) => 0.1 - Math.log10(f) / 15 },
      async analyze(bytes) {
        const text = Buffer.from(bytes).toString('latin1');
        if (text === 'NOFACE') throw new FakeEngineError('NO_FACE');
        // The marker is the whole image, or follows a real JPEG's end marker (thumbnail tests).
        const m = /(?:^|\xff\xd9)(FACE|LOWQ):([^:\0]+)(?::([^\0]*))?$/.exec(text);
        if (!m) throw new FakeEngineError('IMAGE_CORRUPT');
        const base = seeded(m[2]);
        const noise = seeded(`noise:${m[3] ?? ''}`);
        const v = normalise(base.map((x, i) => x + 0.15 * noise[i]));
        return { template: v, modelId: 'fake-face@1', quality: { score: m[1] === 'LOWQ' ? 10 : 90, reasons: m[1] === 'LOWQ' ? ['too dark'] : [] }, faceCount: 1 };
      },
    },
    finger: {
      modelId: 'fake-finger@1',
      async extract(bytes) {
        const text = Buffer.from(bytes).toString('utf8');
        const m = /^FINGER:([^:]+)$/.exec(text);
        if (!m) throw new FakeEngineError('NOT_A_FINGERPRINT');
        return { template: new TextEncoder().encode(m[1]), quality: { score: 80, reasons: [] } };
      },
      prepare: (probe) => new TextDecoder().decode(probe),
      gallery: () => scanningFingerGallery((b) => new TextDecoder().decode(b), (p: string, c: string) => (c === p ? 60 : 5)),
      calibration: () => ({ fmrAt: (s) => (s >= 40 ? 1e-6 : 0.5), thresholdFor: () => 40 }),
    },
  };
}

export const img = (text: string) => Buffer.from(text).toString('base64');

export const ROLE_USERS: Record<string, Role[]> = {
  admin: ['admin'], operator: ['operator'], supervisor: ['supervisor'], auditor: ['auditor'],
  trainee: ['trainee'], cross: ['operator', 'cross_registry'], operator2: ['operator'],
};

export interface Rig {
  app: FastifyInstance; store: Store; ctx: AppContext;
  tokens: Record<string, string>; users: Record<string, string>;
  call(who: string | null, method: 'GET' | 'POST', url: string, body?: unknown): Promise<LightMyRequestResponse>;
  close(): Promise<void>;
}

async function pgAdmin(sql: string): Promise<void> {
  const pg = (await import('pg')).default;
  const client = new pg.Client({ connectionString: process.env.DATABASE_URL });
  await client.connect();
  try { await client.query(sql); } finally { await client.end(); }
}

/**
 * An empty store: in-memory PGlite, or with DATABASE_URL a scratch database of its own on that
 * server (dropped on close), so test files running side by side never see each other's rows.
 */
export async function openScratchStore(): Promise<{ store: Store; close(): Promise<void> }> {
  if (!process.env.DATABASE_URL) {
    const store = await openStore({ memory: true, databaseUrl: '', defaultPurposes: DEFAULT_PURPOSES });
    return { store, close: () => store.close() };
  }
  const name = `candor_server_test_${process.pid}_${randomBytes(4).toString('hex')}`;
  await pgAdmin(`CREATE DATABASE ${name}`);
  const url = new URL(process.env.DATABASE_URL);
  url.pathname = `/${name}`;
  const store = await openStore({ memory: true, databaseUrl: url.toString(), defaultPurposes: DEFAULT_PURPOSES });
  return { store, async close() { await store.close(); await pgAdmin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`); } };
}

export async function rig(opts: { engines?: Engines; store?: (s: Store) => Store; indexes?: (s: Store, e: Engines) => Promise<AppContext['indexes']> } = {}): Promise<Rig> {
  const scratch = await openScratchStore();
  const raw = scratch.store;
  const store = opts.store ? opts.store(raw) : raw;
  await seedRegistries(store);
  const engines = opts.engines ?? fakeEngines();
  const indexes = opts.indexes ? await opts.indexes(store, engines) : await loadIndexes(store, engines);
  const ctx: AppContext = { store, engines, indexes, config: { sessionTtlMs: PARAMS.sessionTtlMs, webDir: null, purposes: DEFAULT_PURPOSES } };
  const app = await buildApp(ctx);
  // Unique names: on a shared PostgreSQL several test files create users side by side.
  const suffix = randomBytes(4).toString('hex');
  const tokens: Record<string, string> = {};
  const users: Record<string, string> = {};
  for (const [name, roles] of Object.entries(ROLE_USERS)) {
    const username = `${name}-${suffix}`;
    await store.users.create({ username, password: 'correct horse battery', roles });
    users[name] = username;
    const r = await app.inject({ method: 'POST', url: '/v1/auth/login', payload: { username, password: 'correct horse battery' } });
    tokens[name] = r.json().token;
  }
  const call: Rig['call'] = (who, method, url, body) => app.inject({
    method, url, ...(body === undefined ? {} : { payload: body as object }),
    headers: who ? { authorization: `Bearer ${tokens[who] ?? who}` } : {},
  });
  return { app, store, ctx, tokens, users, call, async close() { await app.close(); await scratch.close(); } };
}

let counter = 0;
export const requestId = () => `req-${Date.now()}-${counter++}-${randomBytes(3).toString('hex')}`;

export function identityFields(surname: string) { return { surname, givenNames: 'Test' }; }
