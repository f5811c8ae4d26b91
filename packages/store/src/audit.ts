// Append-only, hash-chained audit log. Each entry's hash covers its seq, time, actor, action,
// subjects, details and the previous entry's hash, so editing, deleting or reordering any entry
// breaks the chain at a place verify() can name. Appends lock the one-row audit_head FOR UPDATE:
// that serialises writers on both back ends and records the tip, so deleting the newest entries
// is noticed too.
import { canonical, plainJson, sha256Hex } from './canonical.ts';
import { params } from './params.ts';
import type { AuditEntry, AuditRepo, AuditVerifyResult, Db } from './types.ts';
import { StoreError } from './types.ts';

export const GENESIS_HASH = '0'.repeat(64);

type Row = { seq: number | string; at: Date; actor: string; action: string; subjects: Record<string, unknown>; details: Record<string, unknown>; prev_hash: string; hash: string };

export function entryHash(e: { seq: number; at: Date; actor: string; action: string; subjects: unknown; details: unknown; prevHash: string }): string {
  return sha256Hex(canonical({ seq: e.seq, at: e.at, actor: e.actor, action: e.action, subjects: e.subjects, details: e.details, prevHash: e.prevHash }));
}

function toEntry(r: Row): AuditEntry {
  return { seq: Number(r.seq), at: new Date(r.at), actor: r.actor, action: r.action, subjects: r.subjects ?? {}, details: r.details ?? {}, prevHash: r.prev_hash, hash: r.hash };
}

export function auditRepo(db: Db): AuditRepo {
  return {
    append: (input) => db.transaction(async (tx) => {
      try {
        const head = (await tx.query<{ last_seq: number | string; last_hash: string }>(
          'SELECT last_seq, last_hash FROM audit_head WHERE id FOR UPDATE')).rows[0];
        if (!head) throw new Error('audit_head row missing');
        // Milliseconds: what a JS Date holds, so the hash input survives the round trip.
        const at = new Date(Math.floor((input.at ?? new Date()).getTime()));
        const e = {
          seq: Number(head.last_seq) + 1, at, actor: input.actor, action: input.action,
          subjects: plainJson(input.subjects ?? {}), details: plainJson(input.details ?? {}), prevHash: head.last_hash,
        };
        const hash = entryHash(e);
        await tx.query(
          `INSERT INTO audit_log (seq, at, actor, action, subjects, details, prev_hash, hash)
           VALUES ($1, $2, $3, $4, $5::jsonb, $6::jsonb, $7, $8)`,
          [e.seq, at, e.actor, e.action, JSON.stringify(e.subjects), JSON.stringify(e.details), e.prevHash, hash]);
        await tx.query('UPDATE audit_head SET last_seq = $1, last_hash = $2 WHERE id', [e.seq, hash]);
        return { ...e, hash };
      } catch (err) {
        throw new StoreError('AUDIT_FAILED', `audit append failed: ${err instanceof Error ? err.message : String(err)}`);
      }
    }),

    async list(opts = {}) {
      const where: string[] = ['seq > $1'];
      const args: unknown[] = [opts.afterSeq ?? 0];
      const add = (sql: string, value: unknown) => { args.push(value); where.push(sql.replace('?', `$${args.length}`)); };
      if (opts.beforeSeq !== undefined) add('seq < ?', opts.beforeSeq);
      if (opts.actor) add('actor = ?', opts.actor);
      if (opts.action) add('action = ?', opts.action);
      if (opts.since) add('at >= ?', opts.since);
      if (opts.until) add('at < ?', opts.until);
      args.push(Math.min(opts.limit ?? 100, 10_000));
      const order = opts.newestFirst ? 'DESC' : 'ASC';
      const r = await db.query<Row>(`SELECT * FROM audit_log WHERE ${where.join(' AND ')} ORDER BY seq ${order} LIMIT $${args.length}`, args);
      return r.rows.map(toEntry);
    },

    verify: () => verifyChain(db),
  };
}

/** Walks the whole chain; names the first and every broken place in plain words. */
export async function verifyChain(db: Db): Promise<AuditVerifyResult> {
  const problems: { seq: number; text: string }[] = [];
  let expectedSeq = 1;
  let prevHash = GENESIS_HASH;
  let prevSelfOk = true;
  let prevSeq = 0;
  let count = 0;
  let after = -1;
  for (;;) {
    const rows = (await db.query<Row>('SELECT * FROM audit_log WHERE seq > $1 ORDER BY seq LIMIT $2', [after, params.auditVerifyBatch])).rows.map(toEntry);
    if (rows.length === 0) break;
    for (const e of rows) {
      count++;
      if (e.seq > expectedSeq) {
        problems.push({ seq: expectedSeq, text: e.seq === expectedSeq + 1 ? `entry ${expectedSeq} missing` : `entries ${expectedSeq}..${e.seq - 1} missing` });
      }
      const selfOk = entryHash(e) === e.hash;
      if (!selfOk) {
        const from = movedFrom(e);
        problems.push({ seq: e.seq, text: from === null ? `entry ${e.seq} was edited` : `entry ${e.seq} holds entry ${from} (entries reordered or renumbered)` });
      } else if (e.prevHash !== prevHash && e.seq === expectedSeq) {
        // This entry is intact but no longer links to the one before it: that one was replaced
        // (edited with a recomputed hash), or this one was moved here from elsewhere.
        problems.push(prevSelfOk && prevSeq > 0
          ? { seq: prevSeq, text: `entry ${prevSeq} was edited (entry ${e.seq} no longer links to it)` }
          : { seq: e.seq, text: `entry ${e.seq} does not follow entry ${e.seq - 1}` });
      }
      prevHash = e.hash;
      prevSelfOk = selfOk;
      prevSeq = e.seq;
      expectedSeq = e.seq + 1;
      after = e.seq;
    }
  }
  const head = (await db.query<{ last_seq: number | string; last_hash: string }>('SELECT last_seq, last_hash FROM audit_head WHERE id')).rows[0];
  if (head) {
    const lastSeq = Number(head.last_seq);
    if (lastSeq > prevSeq) {
      problems.push({ seq: prevSeq + 1, text: lastSeq === prevSeq + 1 ? `entry ${lastSeq} missing` : `entries ${prevSeq + 1}..${lastSeq} missing` });
    } else if (lastSeq === prevSeq && head.last_hash !== prevHash) {
      problems.push({ seq: prevSeq, text: `entry ${prevSeq} was edited (it no longer matches the chain head)` });
    } else if (lastSeq < prevSeq) {
      problems.push({ seq: lastSeq + 1, text: `entries after ${lastSeq} were added outside the audit writer` });
    }
  }
  // A single edit can be reported twice (its own hash and the next link); keep the first per seq.
  const seen = new Set<number>();
  const unique = problems.filter((p) => (seen.has(p.seq) ? false : (seen.add(p.seq), true))).sort((a, b) => a.seq - b.seq);
  if (unique.length === 0) return { ok: true, entries: count, headHash: prevHash };
  return { ok: false, entries: count, firstBadSeq: unique[0].seq, problem: unique[0].text, problems: unique.map((p) => p.text), headHash: prevHash };
}

/** The seq an entry was written with, if its hash matches a nearby position other than its own. */
function movedFrom(e: AuditEntry): number | null {
  for (let d = 1; d <= params.auditReorderWindow; d++) {
    for (const seq of [e.seq - d, e.seq + d]) {
      if (seq >= 1 && entryHash({ ...e, seq }) === e.hash) return seq;
    }
  }
  return null;
}
