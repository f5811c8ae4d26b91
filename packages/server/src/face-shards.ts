// Past one machine: face 1:N split over matcher shards behind NATS (CANDOR_NATS_URL).
// Records are assigned to shards by a hash of their id. Each shard loads its share of templates
// from the store at start, then follows new enrolments from a JetStream stream (the server
// publishes each committed face template), and answers search/score requests on
// `<prefix>.face.<shard>` (a queue group, so replicas of one shard share the load). The server
// scatters every request to all shards and merges the replies; a missing shard fails the search
// (503) rather than silently searching part of the gallery.
import { AckPolicy, connect, DeliverPolicy, JSONCodec, type NatsConnection } from 'nats';
import type { Store } from '@candor/store';
import { FaceIndex, TopK } from './face-index.ts';
import { bytesToFloat32, type RecordHit, type RemoteFaces } from './indexes.ts';
import { ApiError } from './errors.ts';

export const SHARD_TIMEOUT_MS = 2000;
const codec = JSONCodec();

export function shardOf(recordId: string, shards: number): number {
  let h = 0x811c9dc5; // FNV-1a: stable across processes and versions
  for (let i = 0; i < recordId.length; i++) { h ^= recordId.charCodeAt(i); h = Math.imul(h, 0x01000193) >>> 0; }
  return h % shards;
}

const toB64 = (v: Float32Array) => Buffer.from(v.buffer, v.byteOffset, v.byteLength).toString('base64');
const fromB64 = (s: string) => bytesToFloat32(Buffer.from(s, 'base64'));

type ShardRequest = { op: 'search'; registryId: string; vector: string; k: number } | { op: 'score'; registryId: string; vector: string; recordIds: string[] };
interface TemplateMsg { registryId: string; recordId: string; modelId: string; vector: string }

export interface ShardOptions { url: string; prefix?: string; shards: number }
const names = (prefix: string) => ({ stream: `${prefix.replace(/[^A-Za-z0-9_-]/g, '_').toUpperCase()}_TEMPLATES`, templates: `${prefix}.templates`, face: (i: number) => `${prefix}.face.${i}` });

async function ensureStream(nc: NatsConnection, prefix: string): Promise<void> {
  const n = names(prefix);
  const jsm = await nc.jetstreamManager();
  try { await jsm.streams.info(n.stream); } catch { await jsm.streams.add({ name: n.stream, subjects: [`${n.templates}.>`] }); }
}

/** One matcher shard. Returns a handle to stop it; `size` is how many templates it holds. */
export async function startFaceShard(opts: ShardOptions & { shard: number; store: Store; modelId: string }): Promise<{ stop(): Promise<void>; size(): number }> {
  const prefix = opts.prefix ?? 'candor';
  const n = names(prefix);
  const nc = await connect({ servers: opts.url });
  await ensureStream(nc, prefix);
  const byRegistry = new Map<string, { index: FaceIndex | null; keyOf: Map<string, number>; ids: string[] }>();
  const reg = (id: string) => { let r = byRegistry.get(id); if (!r) { r = { index: null, keyOf: new Map(), ids: [] }; byRegistry.set(id, r); } return r; };
  let count = 0;
  const add = (registryId: string, recordId: string, v: Float32Array) => {
    if (shardOf(recordId, opts.shards) !== opts.shard) return;
    const r = reg(registryId);
    let key = r.keyOf.get(recordId);
    if (key === undefined) { key = r.ids.length; r.ids.push(recordId); r.keyOf.set(recordId, key); }
    r.index ??= new FaceIndex(v.length, 'int8');
    r.index.add(key, v);
    count++;
  };

  // Remember where the stream is before loading from the store, then follow from there: an
  // enrolment committed during the load arrives twice at worst, which a max-score index tolerates.
  const jsm = await nc.jetstreamManager();
  const last = (await jsm.streams.info(n.stream)).state.last_seq;
  for await (const batch of opts.store.records.iterateTemplates({ modality: 'face', modelId: opts.modelId }, 5000)) {
    for (const t of batch) add(t.registryId, t.recordId, bytesToFloat32(t.data));
  }
  // An explicit ephemeral pull consumer (not an "ordered consumer": nats-server 2.9 lacks the API
  // that needs); it is removed by the server a minute after the shard goes away.
  const info = await jsm.consumers.add(n.stream, {
    ack_policy: AckPolicy.None, filter_subject: `${n.templates}.>`, inactive_threshold: 60e9,
    ...(last > 0 ? { deliver_policy: DeliverPolicy.StartSequence, opt_start_seq: last + 1 } : { deliver_policy: DeliverPolicy.All }),
  });
  const consumer = await nc.jetstream().consumers.get(n.stream, info.name);
  const messages = await consumer.consume();
  void (async () => {
    for await (const m of messages) {
      const t = codec.decode(m.data) as TemplateMsg;
      if (t.modelId === opts.modelId) add(t.registryId, t.recordId, fromB64(t.vector));
    }
  })();

  const sub = nc.subscribe(n.face(opts.shard), {
    queue: `shard-${opts.shard}`,
    callback: (err, m) => {
      if (err) return;
      const req = codec.decode(m.data) as ShardRequest;
      const r = byRegistry.get(req.registryId);
      const probe = fromB64(req.vector);
      let hits: RecordHit[] = [];
      if (r?.index && req.op === 'search') hits = r.index.search(probe, req.k).map((h) => ({ recordId: r.ids[h.key], score: h.score }));
      if (r?.index && req.op === 'score') {
        for (const id of req.recordIds) {
          const key = r.keyOf.get(id);
          const s = key === undefined ? null : r.index.scoreKey(key, probe);
          if (s !== null) hits.push({ recordId: id, score: s });
        }
      }
      m.respond(codec.encode(hits));
    },
  });
  await nc.flush();
  return {
    size: () => count,
    async stop() { sub.unsubscribe(); messages.stop(); await nc.drain(); },
  };
}

/** The server's side: scatter to every shard, merge. */
export async function connectFaceShards(opts: ShardOptions): Promise<RemoteFaces & { close(): Promise<void> }> {
  const prefix = opts.prefix ?? 'candor';
  const n = names(prefix);
  const nc = await connect({ servers: opts.url });
  await ensureStream(nc, prefix);
  const js = nc.jetstream();
  const ask = async (req: ShardRequest): Promise<RecordHit[]> => {
    try {
      const replies = await Promise.all(Array.from({ length: opts.shards }, (_, i) => nc.request(n.face(i), codec.encode(req), { timeout: SHARD_TIMEOUT_MS })));
      return replies.flatMap((m) => codec.decode(m.data) as RecordHit[]);
    } catch (e) {
      throw new ApiError('ENGINE_UNAVAILABLE', `a face matcher shard did not answer (${(e as Error).message})`);
    }
  };
  return {
    async search(registryId, probe, k) {
      const all = await ask({ op: 'search', registryId, vector: toB64(probe), k });
      const top = new TopK(k);
      const ids: string[] = [];
      all.forEach((h, i) => { ids.push(h.recordId); top.offer(i, h.score); });
      return top.sorted().map((h) => ({ recordId: ids[h.key], score: h.score }));
    },
    async scores(registryId, recordIds, probe) {
      const all = await ask({ op: 'score', registryId, vector: toB64(probe), recordIds });
      const out = new Map<string, number>();
      for (const h of all) if (!out.has(h.recordId) || out.get(h.recordId)! < h.score) out.set(h.recordId, h.score);
      return out;
    },
    async added(registryId, recordId, modelId, vector) {
      const msg: TemplateMsg = { registryId, recordId, modelId, vector: toB64(vector) };
      await js.publish(`${n.templates}.${registryId}`, codec.encode(msg));
    },
    async close() { await nc.drain(); },
  };
}
