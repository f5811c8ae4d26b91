// Retention: probe captures (the photos an operator submitted) are kept only as long as needed.
// After the retention period a search's capture is deleted unless one of its candidates was
// confirmed by a review (evidence) or the search carries a later retain_until (a hold). The search
// record, candidates and audit entries stay; only the biometric capture goes.
import { auditRepo } from './audit.ts';
import { params } from './params.ts';
import type { Db, RetentionOptions, RetentionResult, Store } from './types.ts';

export async function runRetention(db: Db, now = new Date(), opts: RetentionOptions = {}): Promise<RetentionResult> {
  const days = opts.days ?? params.retentionDays;
  const cutoff = new Date(now.getTime() - days * 86_400_000);
  return db.transaction(async (tx) => {
    const deleted = await tx.query<{ id: string }>(
      `UPDATE searches s SET probe = NULL, probe_deleted_at = $2
        WHERE s.probe IS NOT NULL AND s.created_at < $1
          AND (s.retain_until IS NULL OR s.retain_until < $2)
          AND NOT EXISTS (SELECT 1 FROM reviews r WHERE r.search_id = s.id AND r.decision = 'confirmed')
        RETURNING s.id`, [cutoff, now]);
    const searchIds = deleted.rows.map((r) => r.id).sort();
    let auditSeq: number | null = null;
    if (searchIds.length > 0) {
      auditSeq = (await auditRepo(tx).append({
        actor: opts.actor ?? 'retention', action: 'retention.delete_probes',
        subjects: { searchIds }, details: { deletedProbes: searchIds.length, days, cutoff: cutoff.toISOString() },
      })).seq;
    }
    const expiredSessions = (await tx.query('DELETE FROM sessions WHERE expires_at <= $1', [now])).rowCount;
    return { deletedProbes: searchIds.length, searchIds, cutoff, days, auditSeq, expiredSessions };
  });
}

export interface RetentionScheduler { stop(): void }

/** Runs retention now and then every intervalMs until stopped; results and errors go to the callbacks. */
export function startRetentionScheduler(
  store: Pick<Store, 'runRetention'>,
  opts: RetentionOptions & { intervalMs?: number; onRun?: (r: RetentionResult) => void; onError?: (e: unknown) => void } = {},
): RetentionScheduler {
  // Failing silently would keep captures past their time unnoticed: say so by default.
  const onError = opts.onError ?? ((e: unknown) => process.stderr.write(`candor: retention run failed: ${e instanceof Error ? e.message : String(e)}\n`));
  const run = () => store.runRetention(new Date(), opts).then(opts.onRun, onError);
  void run();
  const timer = setInterval(run, opts.intervalMs ?? params.retentionIntervalMs);
  timer.unref();
  return { stop: () => clearInterval(timer) };
}
