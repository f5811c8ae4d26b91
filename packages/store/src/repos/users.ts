import argon2 from 'argon2';
import { randomUUID } from 'node:crypto';
import type { Db, User, UsersRepo } from '../types.ts';
import { StoreError } from '../types.ts';
import type { Vault } from '../vault.ts';

export type UserRow = { id: string; username: string; roles: string[]; totp_enabled: boolean; disabled: boolean; created_at: Date };
const COLS = 'id, username, roles, totp_enabled, disabled, created_at';
export const toUser = (r: UserRow): User => ({ id: r.id, username: r.username, roles: r.roles ?? [], totpEnabled: r.totp_enabled, disabled: r.disabled, createdAt: new Date(r.created_at) });
const TOTP_CONTEXT = 'users.totp_secret';

export function usersRepo(db: Db, vault: Vault): UsersRepo {
  const one = async (sql: string, args: unknown[]) => {
    const r = (await db.query<UserRow>(sql, args)).rows[0];
    return r ? toUser(r) : null;
  };
  const mustUpdate = async (sql: string, args: unknown[]) => {
    if ((await db.query(sql, args)).rowCount === 0) throw new StoreError('NOT_FOUND', 'no such user');
  };
  return {
    async create({ username, password, roles }) {
      const hash = await argon2.hash(password, { type: argon2.argon2id });
      try {
        return toUser((await db.query<UserRow>(
          `INSERT INTO users (id, username, password_hash, roles) VALUES ($1, $2, $3, $4) RETURNING ${COLS}`,
          [randomUUID(), username, hash, roles])).rows[0]);
      } catch (e) {
        if ((e as { code?: string }).code === '23505') throw new StoreError('CONFLICT', `user ${username} exists`);
        throw e;
      }
    },
    get: (id) => one(`SELECT ${COLS} FROM users WHERE id = $1`, [id]),
    findByName: (username) => one(`SELECT ${COLS} FROM users WHERE username = $1`, [username]),
    list: async () => (await db.query<UserRow>(`SELECT ${COLS} FROM users ORDER BY username`)).rows.map(toUser),
    async checkPassword(username, password) {
      const r = (await db.query<UserRow & { password_hash: string }>(`SELECT ${COLS}, password_hash FROM users WHERE username = $1`, [username])).rows[0];
      if (!r || r.disabled) return null;
      return (await argon2.verify(r.password_hash, password)) ? toUser(r) : null;
    },
    async setPassword(id, password) {
      await mustUpdate('UPDATE users SET password_hash = $2 WHERE id = $1', [id, await argon2.hash(password, { type: argon2.argon2id })]);
    },
    setRoles: (id, roles) => mustUpdate('UPDATE users SET roles = $2 WHERE id = $1', [id, roles]),
    setDisabled: (id, disabled) => mustUpdate('UPDATE users SET disabled = $2 WHERE id = $1', [id, disabled]),
    setTotp: (id, secret, enabled) => mustUpdate("UPDATE users SET totp_secret = decode($2, 'base64'), totp_enabled = $3 WHERE id = $1",
      [id, secret === null ? null : vault.encrypt64(Buffer.from(secret, 'utf8'), TOTP_CONTEXT), secret !== null && enabled]),
    async getTotpSecret(id) {
      const r = (await db.query<{ totp_secret: string | null }>("SELECT encode(totp_secret, 'base64') AS totp_secret FROM users WHERE id = $1", [id])).rows[0];
      return r?.totp_secret ? vault.decrypt(r.totp_secret, TOTP_CONTEXT).toString('utf8') : null;
    },
    count: async () => Number((await db.query<{ n: string | number }>('SELECT count(*) AS n FROM users')).rows[0].n),
  };
}
