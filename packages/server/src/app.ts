// The app factory: a Fastify instance wired to a store, engines and indexes, with no sockets opened,
// so tests drive it through inject(). `candor serve` calls listen() on what this returns.
import Fastify, { type FastifyError, type FastifyInstance } from 'fastify';
import swagger from '@fastify/swagger';
import { StoreError } from '@candor/store';
import { ApiError, problem, type ErrorCode } from './errors.ts';
import { registerAuth } from './auth.ts';
import { PARAMS } from './params.ts';
import { Problem } from './schemas.ts';
import type { AppContext } from './context.ts';
import { authRoutes } from './routes/auth.ts';
import { userRoutes } from './routes/users.ts';
import { registryRoutes } from './routes/registries.ts';
import { searchRoutes } from './routes/search.ts';
import { auditRoutes } from './routes/audit.ts';
import { serveWeb } from './web.ts';

const STORE_CODES: Record<string, ErrorCode> = {
  NOT_FOUND: 'NOT_FOUND', CONFLICT: 'REQUEST_ID_CONFLICT', INVALID: 'BAD_REQUEST', AUDIT_FAILED: 'AUDIT_FAILED',
};

export async function buildApp(ctx: AppContext, opts: { logger?: boolean } = {}): Promise<FastifyInstance> {
  const app = Fastify({
    bodyLimit: PARAMS.bodyLimitBytes,
    // Request logs carry method, url and status only: bodies hold biometric data and never reach logs.
    logger: opts.logger ? { level: 'info', serializers: { req: (r) => ({ method: r.method, url: r.url }) } } : false,
    ajv: { customOptions: { removeAdditional: false, coerceTypes: 'array', allErrors: false } },
  });
  await app.register(swagger, {
    openapi: {
      info: { title: 'Candor API', version: '1', description: 'Field identification: candidates with measured false-match rates, every search audited.' },
      components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } } },
      security: [{ bearer: [] }],
    },
  });
  app.addSchema(Problem);
  // JSON only: a text/plain body is refused with 415 rather than failing schema validation.
  app.removeContentTypeParser('text/plain');

  app.setErrorHandler((err: FastifyError, req, reply) => {
    const p = toProblem(err);
    if (p.status >= 500) req.log.error({ code: p.code, err: err.message }, 'request failed');
    void reply.status(p.status).type('application/problem+json').send(p);
  });
  app.setNotFoundHandler((req, reply) => {
    void reply.status(404).type('application/problem+json').send(problem('NOT_FOUND', `No route ${req.method} ${req.url.split('?')[0]}`));
  });

  registerAuth(app, ctx.store);
  app.get('/healthz', { config: { access: 'public' }, schema: { hide: true } }, async () => ({ ok: true }));
  app.get('/openapi.json', { config: { access: 'public' }, schema: { hide: true } }, async () => app.swagger());
  await app.register(async (v1) => {
    authRoutes(v1, ctx);
    userRoutes(v1, ctx);
    registryRoutes(v1, ctx);
    searchRoutes(v1, ctx);
    auditRoutes(v1, ctx);
  }, { prefix: '/v1' });
  if (ctx.config.webDir) await serveWeb(app, ctx.config.webDir);
  await app.ready();
  return app;
}

function toProblem(err: FastifyError): ReturnType<typeof problem> {
  if (err instanceof ApiError) return problem(err.code, err.message, err.extra);
  if (err instanceof StoreError) return problem(STORE_CODES[err.code] ?? 'INTERNAL', err.code === 'AUDIT_FAILED' ? undefined : err.message);
  if (err.validation) return problem('VALIDATION_FAILED', `${err.validationContext ?? 'body'}${err.message.replace(/^(body|params|querystring|headers)/, '')}`);
  switch (err.code) {
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE': return problem('UNSUPPORTED_MEDIA_TYPE', 'Send the body as application/json');
    case 'FST_ERR_CTP_BODY_TOO_LARGE': return problem('BODY_TOO_LARGE', `The body exceeds ${PARAMS.bodyLimitBytes} bytes`);
    case 'FST_ERR_CTP_INVALID_JSON_BODY': case 'FST_ERR_CTP_EMPTY_JSON_BODY': case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
      return problem('BAD_REQUEST', 'The body is not valid JSON');
  }
  if (err.statusCode && err.statusCode >= 400 && err.statusCode < 500) return problem('BAD_REQUEST', err.message);
  return problem('INTERNAL', 'The server failed; the error was logged');
}
