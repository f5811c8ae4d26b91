// The two back ends behind one small Db interface. PGlite is one connection, so its transaction
// serialises everything else; pg takes a pooled client for each transaction.
import { mkdirSync } from 'node:fs';
import type { Db, QueryResult } from './types.ts';

type PGliteLike = {
  exec(sql: string): Promise<unknown>;
  query<T>(sql: string, params?: unknown[]): Promise<{ rows: T[]; affectedRows?: number }>;
  transaction<T>(fn: (tx: {
    exec(sql: string): Promise<unknown>;
    query<R>(sql: string, params?: unknown[]): Promise<{ rows: R[]; affectedRows?: number }>;
  }) => Promise<T>): Promise<T>;
  close(): Promise<void>;
};

/** Opens PGlite in dataDir (created if missing), or in memory when dataDir is null. */
export async function openPglite(dataDir: string | null): Promise<Db> {
  const { PGlite } = await import('@electric-sql/pglite');
  if (dataDir) mkdirSync(dataDir, { recursive: true });
  const pg = (await PGlite.create(dataDir ?? undefined)) as unknown as PGliteLike;
  return pgliteDb(pg);
}

function pgliteDb(pg: PGliteLike): Db {
  const wrap = (q: PGliteLike['query']) => async <T>(sql: string, params?: unknown[]): Promise<QueryResult<T>> => {
    const r = await q.call(pg, sql, params) as { rows: T[]; affectedRows?: number };
    return { rows: r.rows, rowCount: r.affectedRows ?? r.rows.length };
  };
  return {
    kind: 'pglite',
    inTransaction: false,
    query: wrap(pg.query),
    exec: async (sql) => { await pg.exec(sql); },
    transaction: (fn) => pg.transaction((tx) => fn(joined('pglite', async <T>(sql: string, params?: unknown[]) => {
      const r = await tx.query<T>(sql, params);
      return { rows: r.rows, rowCount: r.affectedRows ?? r.rows.length };
    }, async (sql) => { await tx.exec(sql); }))),
    close: () => pg.close(),
  };
}

/** A handle inside an open transaction: nested transaction() calls join it. */
function joined(kind: Db['kind'], query: Db['query'], exec: Db['exec']): Db {
  const self: Db = {
    kind,
    inTransaction: true,
    query,
    exec,
    transaction: (fn) => fn(self),
    close: async () => { throw new Error('close() inside a transaction'); },
  };
  return self;
}

/** Connects to PostgreSQL at url with a small pool. */
export async function openPostgres(url: string): Promise<Db> {
  const pgmod = await import('pg');
  const Pool = (pgmod.default ?? pgmod).Pool;
  const pool = new Pool({ connectionString: url, max: Number(process.env.CANDOR_DB_POOL ?? 10) });
  // An idle client losing its connection must not crash the process; the next query reconnects.
  pool.on('error', () => {});
  const run = async <T>(client: { query: (s: string, p?: unknown[]) => Promise<{ rows: unknown[]; rowCount: number | null }> }, sql: string, params?: unknown[]): Promise<QueryResult<T>> => {
    const r = await client.query(sql, params as unknown[]);
    return { rows: r.rows as T[], rowCount: r.rowCount ?? r.rows.length };
  };
  return {
    kind: 'postgres',
    inTransaction: false,
    query: (sql, params) => run(pool, sql, params),
    exec: async (sql) => { await pool.query(sql); },
    async transaction(fn) {
      const client = await pool.connect();
      try {
        await client.query('BEGIN');
        const out = await fn(joined('postgres', (sql, params) => run(client, sql, params), async (sql) => { await client.query(sql); }));
        await client.query('COMMIT');
        return out;
      } catch (e) {
        await client.query('ROLLBACK').catch(() => {});
        throw e;
      } finally {
        client.release();
      }
    },
    close: () => pool.end(),
  };
}
