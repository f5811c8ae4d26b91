// Test stores: PGlite in a temp folder by default; with DATABASE_URL a scratch database of its own
// on that server (created here, dropped after), so parallel runs never collide.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { openStore } from '../src/index.ts';
import type { Store, StoreOptions } from '../src/index.ts';

export interface TestPlace { options: StoreOptions; cleanup(): Promise<void> }

export const onPostgres = Boolean(process.env.DATABASE_URL);

async function admin<T>(fn: (q: (sql: string) => Promise<unknown>) => Promise<T>): Promise<T> {
  const pg = (await import('pg')).default;
  const client = new pg.Client({ connectionString: process.env.DATABASE_URL });
  await client.connect();
  try { return await fn((sql) => client.query(sql)); } finally { await client.end(); }
}

/** A fresh, empty place for a store (data dir + key file; database on PostgreSQL runs). */
export async function testPlace(): Promise<TestPlace> {
  const dataDir = mkdtempSync(join(tmpdir(), 'candor-store-'));
  if (!onPostgres) {
    return { options: { dataDir, databaseUrl: '' }, cleanup: async () => rmSync(dataDir, { recursive: true, force: true }) };
  }
  const name = `candor_test_${process.pid}_${randomBytes(4).toString('hex')}`;
  await admin((q) => q(`CREATE DATABASE ${name}`));
  const url = new URL(process.env.DATABASE_URL!);
  url.pathname = `/${name}`;
  return {
    options: { dataDir, databaseUrl: url.toString() },
    cleanup: async () => {
      await admin((q) => q(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`));
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export async function openTestStore(): Promise<{ store: Store; place: TestPlace; done(): Promise<void> }> {
  const place = await testPlace();
  const store = await openStore(place.options);
  return { store, place, done: async () => { await store.close(); await place.cleanup(); } };
}

export async function seedRegistry(store: Store, id = 'wanted', training = false) {
  return store.registries.upsert({
    id, kind: training ? 'training' : 'wanted', name: id, fieldsSchema: { type: 'object' }, modalities: ['face', 'finger'],
    training, targetFmr: 1e-4, searchRoles: ['operator'], readRoles: ['operator'],
  });
}

export const bytesOf = (...xs: number[]) => new Uint8Array(xs);

/** A recognisable byte pattern, so tests can look for it inside raw column bytes. */
export function pattern(n: number, seed: number): Uint8Array {
  const out = new Uint8Array(n);
  for (let i = 0; i < n; i++) out[i] = (seed * 31 + i * 7) & 0xff;
  return out;
}

export function contains(hay: Uint8Array, needle: Uint8Array): boolean {
  return Buffer.from(hay).includes(Buffer.from(needle));
}

export async function count(store: Store, table: string): Promise<number> {
  return Number((await store.db.query<{ n: string }>(`SELECT count(*) AS n FROM ${table}`)).rows[0].n);
}
