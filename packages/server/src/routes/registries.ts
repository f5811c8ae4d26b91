// Registries (as data), enrolment, record detail and the subject report.
import type { FastifyInstance } from 'fastify';
import { ApiError } from '../errors.ts';
import { principal } from '../auth.ts';
import { EnrolBody, IdParams, RecordParams } from '../schemas.ts';
import { canRead, canSearch, registryOr404 } from '../registry-access.ts';
import { enrolRecord } from '../enrol.ts';
import { faceThumbnail } from '../thumbnails.ts';
import type { AppContext } from '../context.ts';

export function registryRoutes(app: FastifyInstance, ctx: AppContext): void {
  const { store } = ctx;

  app.get('/registries', { config: { access: 'any' }, schema: { tags: ['registries'] } }, async (req) => {
    const p = principal(req);
    return (await store.registries.list()).map((r) => ({
      id: r.id, kind: r.kind, name: r.name, modalities: r.modalities, training: r.training, targetFmr: r.targetFmr,
      canSearch: canSearch(p, r), canRead: canRead(p, r), fieldsSchema: r.fieldsSchema,
    }));
  });

  app.post('/registries/:id/records', { config: { access: ['operator', 'admin'] }, schema: { params: IdParams, body: EnrolBody, tags: ['registries'] } }, async (req, reply) => {
    const p = principal(req);
    const reg = await registryOr404(store, (req.params as { id: string }).id);
    const res = await enrolRecord(ctx, { userId: p.userId, name: p.name }, reg, req.body as EnrolBody);
    return reply.status(res.created ? 201 : 200).send(res);
  });

  app.get('/registries/:id/records/:recordId', { config: { access: 'any' }, schema: { params: RecordParams, tags: ['registries'] } }, async (req) => {
    const p = principal(req);
    const { id, recordId } = req.params as { id: string; recordId: string };
    const reg = await registryOr404(store, id);
    if (!canRead(p, reg)) throw new ApiError('NOT_READABLE');
    const rec = await store.records.get(recordId);
    if (!rec || rec.registryId !== reg.id) throw new ApiError('UNKNOWN_RECORD');
    const now = new Date();
    const thumbnail = await faceThumbnail(store, rec);
    return {
      id: rec.id, registry: reg.id, fields: rec.fields, createdAt: rec.createdAt.toISOString(), ...(thumbnail ? { thumbnail } : {}),
      alerts: rec.alerts.filter((a) => !a.expiresAt || a.expiresAt > now).map((a) => ({ reason: a.reason, source: a.source, expiresAt: a.expiresAt?.toISOString() ?? null })),
      encounters: rec.encounters.map((e) => ({ at: e.at.toISOString(), place: e.place, notes: e.notes, recordedBy: e.createdBy })),
      samples: rec.samples.map((s) => ({ id: s.id, modality: s.modality, position: s.position, quality: s.quality })),
    };
  });

  app.get('/registries/:id/records/:recordId/report', { config: { access: ['auditor', 'supervisor'] }, schema: { params: RecordParams, tags: ['audit'] } }, async (req) => {
    const { id, recordId } = req.params as { id: string; recordId: string };
    const reg = await registryOr404(store, id);
    const rec = await store.records.get(recordId);
    if (!rec || rec.registryId !== reg.id) throw new ApiError('UNKNOWN_RECORD');
    const entries = await store.subjectReport(recordId);
    return { recordId, registry: reg.id, searches: entries.map((e) => ({ ...e, at: e.at.toISOString(), reviews: e.reviews.map((r) => ({ ...r, at: r.at.toISOString() })) })) };
  });
}
