// Bearer tokens: random, shown once, stored only as SHA-256 (a stolen database yields no tokens).
import { createHash, randomBytes } from 'node:crypto';
import { params } from './params.ts';

export function newToken(): string { return randomBytes(params.tokenBytes).toString('base64url'); }
export function tokenHash(token: string): Buffer { return createHash('sha256').update(token).digest(); }
