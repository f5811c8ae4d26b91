// Authentication and role checks, run in onRequest so an unauthenticated or unauthorised request is
// refused before its body (up to 20 MB) is read. Each route declares its access in `config.access`.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Store, User } from '@candor/store';
import { ApiError } from './errors.ts';
import { ROLES, hasAny, type Role } from './roles.ts';
import type { Principal } from './context.ts';

/** 'public': no token; 'any': any authenticated principal; otherwise at least one of the roles. */
export type Access = 'public' | 'any' | readonly Role[];

/**
 * Marker stored among a user's roles while the password is a one-time password: the store has no
 * column for it, and a role survives restarts and is never one of ROLES, so it grants nothing.
 */
export const PASSWORD_CHANGE_MARKER = 'password_change_required';

/** Routes a principal with a one-time password may still use. */
const ALLOWED_BEFORE_PASSWORD_CHANGE = new Set(['/v1/me', '/v1/auth/logout', '/v1/auth/password']);

declare module 'fastify' {
  interface FastifyContextConfig { access?: Access }
  interface FastifyRequest { principal: Principal | null }
}

export const realRoles = (roles: readonly string[]): Role[] => roles.filter((r): r is Role => (ROLES as readonly string[]).includes(r));

export function principalOfUser(user: User, token: string): Principal {
  return {
    kind: 'session', userId: user.id, name: user.username, roles: realRoles(user.roles), token,
    mustChangePassword: user.roles.includes(PASSWORD_CHANGE_MARKER),
  };
}

async function resolve(store: Store, token: string): Promise<Principal | null> {
  const s = await store.sessions.findValid(token);
  if (s) return principalOfUser(s.user, token);
  const api = await store.apiTokens.findValid(token);
  if (api) return { kind: 'api', userId: api.userId, name: `token:${api.name}`, roles: realRoles(api.roles), token, mustChangePassword: false };
  return null;
}

export function registerAuth(app: FastifyInstance, store: Store): void {
  app.decorateRequest('principal', null);
  app.addHook('onRequest', async (req: FastifyRequest) => {
    const access = req.routeOptions.config?.access;
    if (access === undefined || access === 'public') return; // static files, 404s, public routes
    const header = req.headers.authorization ?? '';
    const m = /^Bearer\s+(\S+)$/i.exec(header);
    if (!m) throw new ApiError('UNAUTHENTICATED');
    const p = await resolve(store, m[1]);
    if (!p) throw new ApiError('UNAUTHENTICATED', 'The token is unknown or expired');
    if (p.mustChangePassword && !ALLOWED_BEFORE_PASSWORD_CHANGE.has(req.routeOptions.url ?? '')) throw new ApiError('PASSWORD_CHANGE_REQUIRED');
    if (access !== 'any' && !hasAny(p.roles, access)) throw new ApiError('FORBIDDEN', `Needs one of the roles: ${access.join(', ')}`);
    req.principal = p;
  });
}

export function principal(req: FastifyRequest): Principal {
  if (!req.principal) throw new ApiError('UNAUTHENTICATED');
  return req.principal;
}
