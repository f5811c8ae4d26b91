// candor serve [--port N] [--host H] [--data-dir DIR] [--int8]
// Starts API + field app. PORT, CANDOR_DATA_DIR, DATABASE_URL from the environment apply.
import { args } from './args.ts';
import { startServer } from '../start.ts';

export default async function serve(argv: string[]): Promise<number> {
  const { values } = args(argv, { port: { type: 'string' }, host: { type: 'string' }, 'data-dir': { type: 'string' }, int8: { type: 'boolean' } });
  const port = Number(values.port ?? process.env.PORT ?? 8080);
  const server = await startServer({ port, host: values.host, dataDir: values['data-dir'], logger: true, encoding: values.int8 ? 'int8' : 'float32' });
  process.stdout.write(`candor listening on ${server.url}\n`);
  await new Promise<void>((resolve) => {
    const stop = () => { process.stdout.write('stopping…\n'); resolve(); };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  await server.close();
  return 0;
}
