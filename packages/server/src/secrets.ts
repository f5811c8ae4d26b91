// Passwords (argon2id) and bearer tokens. Tokens are random and stored only as SHA-256 hashes, so
// a copy of the database does not hand out live sessions.
import argon2 from 'argon2';
import { createHash, randomBytes } from 'node:crypto';

export const hashPassword = (password: string): Promise<string> => argon2.hash(password, { type: argon2.argon2id });
export async function verifyPassword(hash: string, password: string): Promise<boolean> {
  try { return await argon2.verify(hash, password); } catch { return false; }
}
export const newToken = (prefix: string): string => `${prefix}_${randomBytes(32).toString('base64url')}`;
export const hashToken = (token: string): string => createHash('sha256').update(token).digest('hex');
/** A password a human can type once: 4 groups of 5 base32 characters. */
export function oneTimePassword(): string {
  const raw = randomBytes(13).toString('base64url').replace(/[-_]/g, 'x');
  return raw.match(/.{1,5}/g)!.slice(0, 4).join('-');
}
