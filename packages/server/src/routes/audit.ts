// The audit log for auditors: read it, and verify its hash chain end to end.
import type { FastifyInstance } from 'fastify';
import { ListQuery } from '../schemas.ts';
import type { AppContext } from '../context.ts';

export function auditRoutes(app: FastifyInstance, { store }: AppContext): void {
  app.get('/audit', { config: { access: ['auditor'] }, schema: { querystring: ListQuery, tags: ['audit'] } }, async (req) => {
    const q = req.query as ListQuery;
    const entries = await store.audit.list({ afterSeq: q.afterSeq, limit: q.limit ?? 100 });
    return entries.map((e) => ({ ...e, at: e.at.toISOString() }));
  });
  app.post('/audit/verify', { config: { access: ['auditor'] }, schema: { tags: ['audit'] } }, async () => store.verifyAudit());
}
