// candor bench store: throughput of the store's hot paths on synthetic (random, non-biometric)
// blobs sized like real ones. Runs on an in-memory PGlite by default, or on a scratch database it
// creates and drops on a PostgreSQL server (--postgres postgres://user@host/anydb).
// Prints JSON; nothing here is a test.
import { randomBytes } from 'node:crypto';
import { openStore } from '../open.ts';
import type { Store } from '../types.ts';
import { flags, positiveNumber, print } from './args.ts';

const FACE_IMAGE = 60_000;    // bytes of a JPEG face crop
const FACE_TEMPLATE = 2_048;  // 512 float32
const FINGER_IMAGE = 90_000;  // 500 dpi grey PNG
const FINGER_TEMPLATE = 1_200; // ~60 minutiae

export default async function benchStore(argv: string[]): Promise<number> {
  const f = flags(argv);
  const n = Math.floor(positiveNumber(f.get('records'), 'records', 500));
  const searches = Math.floor(positiveNumber(f.get('searches'), 'searches', 300));
  const admin = f.get('postgres');
  const scratch = admin ? await createScratch(admin) : null;
  const store = await openStore(scratch ? { databaseUrl: scratch.url, masterKey: randomBytes(32) } : { memory: true, databaseUrl: '' });
  try {
    print({ backend: store.db.kind, records: n, searches, ...(await run(store, n, searches)), node: process.version });
    return 0;
  } finally {
    await store.close();
    if (scratch) await scratch.drop();
  }
}

async function run(store: Store, n: number, searchCount: number) {
  await store.registries.upsert({ id: 'bench', kind: 'watchlist', name: 'bench', fieldsSchema: {}, modalities: ['face', 'finger'], training: false, targetFmr: 1e-4, searchRoles: [], readRoles: [] });
  const ids: string[] = [];
  let t = performance.now();
  for (let i = 0; i < n; i++) {
    const r = await store.records.enrol({
      registryId: 'bench', requestId: `bench-${i}`, fields: { name: `synthetic ${i}` }, actor: 'bench',
      samples: [
        { modality: 'face', image: randomBytes(FACE_IMAGE), templates: [{ modelId: 'face', data: randomBytes(FACE_TEMPLATE) }] },
        { modality: 'finger', position: 2, image: randomBytes(FINGER_IMAGE), templates: [{ modelId: 'finger', data: randomBytes(FINGER_TEMPLATE) }] },
        { modality: 'finger', position: 7, image: randomBytes(FINGER_IMAGE), templates: [{ modelId: 'finger', data: randomBytes(FINGER_TEMPLATE) }] },
      ],
    });
    ids.push(r.record.id);
  }
  const enrolMs = performance.now() - t;

  t = performance.now();
  let templates = 0;
  for await (const batch of store.records.iterateTemplates()) templates += batch.length;
  const loadMs = performance.now() - t;

  const lat: number[] = [];
  for (let i = 0; i < searchCount; i++) {
    const s = performance.now();
    await store.searches.create({
      userId: null, actor: 'bench', purpose: 'identity-check', caseRef: `B-${i}`, registryIds: ['bench'], modalities: ['face'],
      probe: randomBytes(FACE_IMAGE),
      candidates: Array.from({ length: 10 }, (_, k) => ({ rank: k + 1, registryId: 'bench', recordId: ids[(i + k) % ids.length], score: 0.5, fmr: 1e-3, contributions: {} })),
    });
    lat.push(performance.now() - s);
  }
  lat.sort((a, b) => a - b);

  t = performance.now();
  const v = await store.verifyAudit();
  const verifyMs = performance.now() - t;

  t = performance.now();
  const rot = await store.rotateKeys();
  const rotateMs = performance.now() - t;
  const blobs = Object.values(rot.reencrypted).reduce((a, b) => a + b, 0);

  const r1 = (x: number) => Math.round(x * 10) / 10;
  return {
    enrolPerSecond: r1((n / enrolMs) * 1000),
    enrolMsEach: r1(enrolMs / n),
    templatesLoaded: templates,
    templateLoadPerSecond: Math.round((templates / loadMs) * 1000),
    searchWriteMs: { p50: r1(lat[Math.floor(lat.length * 0.5)]), p95: r1(lat[Math.floor(lat.length * 0.95)]), max: r1(lat[lat.length - 1]) },
    auditVerify: { ok: v.ok, entries: v.entries, entriesPerSecond: Math.round((v.entries / verifyMs) * 1000) },
    keyRotation: { blobs, ms: Math.round(rotateMs), blobsPerSecond: Math.round((blobs / rotateMs) * 1000) },
  };
}

async function createScratch(adminUrl: string) {
  const pg = (await import('pg')).default;
  const name = `candor_bench_${randomBytes(4).toString('hex')}`;
  const exec = async (sql: string) => {
    const c = new pg.Client({ connectionString: adminUrl });
    await c.connect();
    try { await c.query(sql); } finally { await c.end(); }
  };
  await exec(`CREATE DATABASE ${name}`);
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return { url: url.toString(), drop: () => exec(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`) };
}
