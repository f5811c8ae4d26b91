// Serves the built field app at `/`. Unknown non-API GET paths get index.html so the app's own
// router handles deep links; /v1 paths never fall through to the app.
import type { FastifyInstance } from 'fastify';
import fastifyStatic from '@fastify/static';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { problem } from './errors.ts';

export async function serveWeb(app: FastifyInstance, dir: string): Promise<void> {
  if (!existsSync(join(dir, 'index.html'))) {
    app.get('/', { config: { access: 'public' }, schema: { hide: true } }, async (_req, reply) =>
      reply.type('text/plain').send('Candor API is running, but the field app is not built: run `npm run build -w @candor/web`.\n'));
    return;
  }
  await app.register(fastifyStatic, { root: dir, wildcard: false, index: ['index.html'] });
  app.get('/*', { config: { access: 'public' }, schema: { hide: true } }, async (req, reply) => {
    if (req.url.startsWith('/v1/') || req.url === '/v1') {
      return reply.status(404).type('application/problem+json').send(problem('NOT_FOUND', `No route ${req.method} ${req.url.split('?')[0]}`));
    }
    return reply.sendFile('index.html');
  });
}
