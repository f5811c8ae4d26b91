// What a candidate shows about its record: fields and alerts for roles that may read the registry
// (alerts always with source and expiry, expired ones dropped) and a face thumbnail, nothing but
// ids otherwise.
import type { Store } from '@candor/store';
import { faceThumbnail } from './thumbnails.ts';

export async function recordSummary(store: Store, recordId: string, readable: boolean, now = new Date()) {
  if (!readable) return { summary: {}, alerts: [] };
  const rec = await store.records.get(recordId);
  if (!rec) return { summary: {}, alerts: [] };
  const thumbnail = await faceThumbnail(store, rec);
  return {
    ...(thumbnail ? { thumbnail } : {}),
    summary: rec.fields,
    alerts: rec.alerts
      .filter((a) => a.expiresAt === null || a.expiresAt > now)
      .map((a) => ({ reason: a.reason, source: a.source, expiresAt: a.expiresAt ? a.expiresAt.toISOString() : null })),
  };
}
