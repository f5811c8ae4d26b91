import { randomUUID } from 'node:crypto';
import type { ApiToken, ApiTokensRepo, Db, Session, SessionsRepo } from '../types.ts';
import { newToken, tokenHash } from '../tokens.ts';
import { toUser, type UserRow } from './users.ts';

type SessionRow = { id: string; user_id: string; expires_at: Date; created_at: Date };
const toSession = (r: SessionRow): Session => ({ id: r.id, userId: r.user_id, expiresAt: new Date(r.expires_at), createdAt: new Date(r.created_at) });

export function sessionsRepo(db: Db): SessionsRepo {
  return {
    async create(userId, ttlMs) {
      const token = newToken();
      const r = await db.query<SessionRow>(
        'INSERT INTO sessions (id, user_id, token_hash, expires_at) VALUES ($1, $2, $3, $4) RETURNING id, user_id, expires_at, created_at',
        [randomUUID(), userId, tokenHash(token), new Date(Date.now() + ttlMs)]);
      return { token, session: toSession(r.rows[0]) };
    },
    async findValid(token, now = new Date()) {
      const r = (await db.query<SessionRow & UserRow & { sid: string; screated: Date }>(
        `SELECT s.id AS sid, s.user_id, s.expires_at, s.created_at AS screated,
                u.id, u.username, u.roles, u.totp_enabled, u.disabled, u.created_at
           FROM sessions s JOIN users u ON u.id = s.user_id
          WHERE s.token_hash = $1 AND s.expires_at > $2 AND NOT u.disabled`, [tokenHash(token), now])).rows[0];
      if (!r) return null;
      return { session: toSession({ id: r.sid, user_id: r.user_id, expires_at: r.expires_at, created_at: r.screated }), user: toUser(r) };
    },
    async delete(token) { await db.query('DELETE FROM sessions WHERE token_hash = $1', [tokenHash(token)]); },
    deleteExpired: async (now = new Date()) => (await db.query('DELETE FROM sessions WHERE expires_at <= $1', [now])).rowCount,
  };
}

type TokenRow = { id: string; name: string; user_id: string | null; roles: string[]; revoked: boolean; created_at: Date };
const toToken = (r: TokenRow): ApiToken => ({ id: r.id, name: r.name, userId: r.user_id, roles: r.roles ?? [], revoked: r.revoked, createdAt: new Date(r.created_at) });
const TCOLS = 'id, name, user_id, roles, revoked, created_at';

export function apiTokensRepo(db: Db): ApiTokensRepo {
  return {
    async create({ name, roles, userId = null }) {
      const token = newToken();
      const r = await db.query<TokenRow>(
        `INSERT INTO api_tokens (id, name, user_id, token_hash, roles) VALUES ($1, $2, $3, $4, $5) RETURNING ${TCOLS}`,
        [randomUUID(), name, userId, tokenHash(token), roles]);
      return { token, apiToken: toToken(r.rows[0]) };
    },
    async findValid(token) {
      const r = (await db.query<TokenRow>(
        `SELECT ${TCOLS} FROM api_tokens t WHERE token_hash = $1 AND NOT revoked
           AND (user_id IS NULL OR NOT EXISTS (SELECT 1 FROM users u WHERE u.id = t.user_id AND u.disabled))`, [tokenHash(token)])).rows[0];
      return r ? toToken(r) : null;
    },
    list: async () => (await db.query<TokenRow>(`SELECT ${TCOLS} FROM api_tokens ORDER BY created_at`)).rows.map(toToken),
    async revoke(id) { await db.query('UPDATE api_tokens SET revoked = true WHERE id = $1', [id]); },
  };
}
