// Start-up: open the store, seed registries and the first admin, load the engines and indexes,
// make sure the web app is built, start retention, listen.
import { openStore, startRetentionScheduler, type Store } from '@candor/store';
import type { FastifyInstance } from 'fastify';
import { join } from 'node:path';
import { buildApp } from './app.ts';
import { DEFAULT_PURPOSES, type AppContext } from './context.ts';
import type { Engines } from './engines.ts';
import { Indexes, type RemoteFaces } from './indexes.ts';
import { PARAMS } from './params.ts';
import { SHIPPED_REGISTRIES } from './registry-kinds.ts';
import { PASSWORD_CHANGE_MARKER } from './auth.ts';
import { oneTimePassword } from './secrets.ts';
import type { FaceEncoding } from './face-index.ts';
import { connectFaceShards } from './face-shards.ts';

export interface StartOptions {
  port?: number; host?: string; dataDir?: string; databaseUrl?: string; memory?: boolean;
  engines?: Engines; webDir?: string | null; logger?: boolean; encoding?: FaceEncoding;
  /** NATS URL of face matcher shards (env CANDOR_NATS_URL) and their count (env CANDOR_SHARDS). */
  natsUrl?: string; shards?: number;
  print?: (line: string) => void;
}
export interface StartedServer { app: FastifyInstance; ctx: AppContext; url: string; close(): Promise<void> }

/** Registries Candor ships are created when missing; edited ones are left alone. */
export async function seedRegistries(store: Store): Promise<void> {
  for (const def of SHIPPED_REGISTRIES) if (!(await store.registries.get(def.id))) await store.registries.upsert(def);
}

/** Creates the first admin with a one-time password when there are no users; returns the password. */
export async function ensureFirstAdmin(store: Store): Promise<string | null> {
  if ((await store.users.count()) > 0) return null;
  const password = oneTimePassword();
  await store.transaction(async (tx) => {
    const u = await tx.users.create({ username: 'admin', password, roles: ['admin', PASSWORD_CHANGE_MARKER] });
    await tx.audit.append({ actor: 'system', action: 'user.create', subjects: { userId: u.id }, details: { roles: ['admin'], firstAdmin: true } });
  });
  return password;
}

export async function loadIndexes(store: Store, engines: Engines, encoding: FaceEncoding = 'int8', remote: RemoteFaces | null = null, graphDir: string | null = null): Promise<Indexes> {
  const indexes = new Indexes(engines, encoding, remote);
  // With shards, faces live there: only fingerprints are loaded here.
  for await (const batch of store.records.iterateTemplates(remote ? { modality: 'finger' } : {}, 5000)) {
    for (const t of batch) indexes.add({ registryId: t.registryId, recordId: t.recordId, modality: t.modality, position: t.position, modelId: t.modelId, data: t.data });
  }
  indexes.finishLoad(graphDir);
  return indexes;
}

async function webDirOrBuild(print: (l: string) => void): Promise<string | null> {
  try {
    const web = await import('@candor/web');
    if (!web.webAppIsBuilt()) {
      print('building the field app (first start)…');
      await web.buildWebApp();
    }
    return web.webDistDir;
  } catch (e) {
    print(`field app unavailable: ${(e as Error).message}`);
    return null;
  }
}

export async function startServer(opts: StartOptions = {}): Promise<StartedServer> {
  const print = opts.print ?? ((l: string) => process.stdout.write(`${l}\n`));
  const store = await openStore({ databaseUrl: opts.databaseUrl, dataDir: opts.dataDir, memory: opts.memory, defaultPurposes: DEFAULT_PURPOSES });
  await seedRegistries(store);
  const password = await ensureFirstAdmin(store);
  if (password) {
    print('first start: created user "admin" with a one-time password (shown only now):');
    print(`  ${password}`);
    print('log in with it once and set a new password (POST /v1/auth/login with newPassword).');
  }
  const engines = opts.engines ?? await (await import('./real-engines.ts')).createRealEngines(print);
  const natsUrl = opts.natsUrl ?? process.env.CANDOR_NATS_URL;
  const remote = natsUrl ? await connectFaceShards({ url: natsUrl, shards: opts.shards ?? Number(process.env.CANDOR_SHARDS ?? 1) }) : null;
  if (remote) print(`face 1:N on ${opts.shards ?? process.env.CANDOR_SHARDS ?? 1} matcher shard(s) via ${natsUrl}`);
  // HNSW graphs are kept beside the data so a restart reads them instead of rebuilding.
  const indexes = await loadIndexes(store, engines, opts.encoding, remote, join(store.dataDir, 'hnsw'));
  const webDir = opts.webDir !== undefined ? opts.webDir : await webDirOrBuild(print);
  const ctx: AppContext = { store, engines, indexes, config: { sessionTtlMs: PARAMS.sessionTtlMs, webDir, purposes: DEFAULT_PURPOSES } };
  const app = await buildApp(ctx, { logger: opts.logger });
  const retention = startRetentionScheduler(store, { onError: (e) => print(`retention failed: ${(e as Error).message}`) });
  const url = await app.listen({ port: opts.port ?? PARAMS.port, host: opts.host ?? '0.0.0.0' });
  return {
    app, ctx, url,
    async close() { retention.stop(); await app.close(); await remote?.close(); await store.close(); },
  };
}
