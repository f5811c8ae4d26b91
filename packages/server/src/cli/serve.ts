// candor serve [--port N] [--host H] [--data-dir DIR] [--index float32|int8|hnsw]
// candor serve --shard I --shards N   (a face matcher shard only: needs CANDOR_NATS_URL and a store
//   the shard can open beside the server, i.e. DATABASE_URL)
// Starts API + field app. PORT, CANDOR_DATA_DIR, DATABASE_URL, CANDOR_NATS_URL, CANDOR_SHARDS apply.
import { args } from './args.ts';
import { startServer } from '../start.ts';

async function runShard(shard: number, shards: number, dataDir: string | undefined): Promise<number> {
  const url = process.env.CANDOR_NATS_URL;
  if (!url) { process.stderr.write('candor serve --shard needs CANDOR_NATS_URL\n'); return 2; }
  const { openStore } = await import('@candor/store');
  const { startFaceShard } = await import('../face-shards.ts');
  const { createFaceEnginePort } = await import('../real-engines.ts');
  const store = await openStore({ dataDir });
  const { modelId } = await createFaceEnginePort();
  const handle = await startFaceShard({ url, shard, shards, store, modelId });
  process.stdout.write(`face shard ${shard}/${shards} holding ${handle.size()} templates\n`);
  await new Promise<void>((resolve) => { process.once('SIGINT', resolve); process.once('SIGTERM', resolve); });
  await handle.stop();
  await store.close();
  return 0;
}

export default async function serve(argv: string[]): Promise<number> {
  const { values } = args(argv, { port: { type: 'string' }, host: { type: 'string' }, 'data-dir': { type: 'string' }, index: { type: 'string' }, shard: { type: 'string' }, shards: { type: 'string' } });
  if (values.shard !== undefined) return runShard(Number(values.shard), Number(values.shards ?? process.env.CANDOR_SHARDS ?? 1), values['data-dir']);
  const port = Number(values.port ?? process.env.PORT ?? 8080);
  const server = await startServer({ port, host: values.host, dataDir: values['data-dir'], logger: true, encoding: (values.index ?? process.env.CANDOR_FACE_INDEX ?? 'int8') as 'float32' | 'int8' | 'hnsw' });
  process.stdout.write(`candor listening on ${server.url}\n`);
  await new Promise<void>((resolve) => {
    const stop = () => { process.stdout.write('stopping…\n'); resolve(); };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  await server.close();
  return 0;
}
