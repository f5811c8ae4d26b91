// One-time passwords for the first admin and for resets. (Password hashing with argon2id and the
// SHA-256 hashing of bearer tokens are done by @candor/store.)
import { randomBytes } from 'node:crypto';

/** A password a human can type once: 18 characters in groups of 5, about 100 bits. */
export function oneTimePassword(): string {
  const raw = randomBytes(13).toString('base64url').replace(/[-_]/g, 'x');
  return raw.match(/.{1,5}/g)!.slice(0, 4).join('-');
}
