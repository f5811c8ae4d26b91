// Login, logout, password change, TOTP enrolment, and "who am I".
import type { FastifyInstance } from 'fastify';
import { ApiError } from '../errors.ts';
import { PASSWORD_CHANGE_MARKER, principal, realRoles } from '../auth.ts';
import { LoginBody, PasswordBody, TotpConfirmBody } from '../schemas.ts';
import { newTotpSecret, otpauthUrl, verifyTotp } from '../totp.ts';
import type { AppContext } from '../context.ts';

export function authRoutes(app: FastifyInstance, { store, config }: AppContext): void {
  app.post('/auth/login', { config: { access: 'public' }, schema: { body: LoginBody, tags: ['auth'], security: [] } }, async (req) => {
    const body = req.body as LoginBody;
    const user = await store.users.checkPassword(body.username, body.password);
    if (!user) {
      await store.audit.append({ actor: body.username.slice(0, 64), action: 'auth.login_failed', details: {} });
      throw new ApiError('BAD_CREDENTIALS');
    }
    if (user.totpEnabled) {
      if (!body.totp) throw new ApiError('TOTP_REQUIRED');
      const secret = await store.users.getTotpSecret(user.id);
      if (!secret || !verifyTotp(secret, body.totp)) throw new ApiError('TOTP_INVALID');
    }
    let roles = user.roles;
    if (roles.includes(PASSWORD_CHANGE_MARKER)) {
      // A one-time password only works to set a new one, in the same request.
      if (!body.newPassword) throw new ApiError('PASSWORD_CHANGE_REQUIRED', 'This is a one-time password: log in again with newPassword set');
      if (body.newPassword === body.password) throw new ApiError('BAD_REQUEST', 'The new password must differ from the one-time password');
      await store.transaction(async (tx) => {
        await tx.users.setPassword(user.id, body.newPassword!);
        roles = roles.filter((r) => r !== PASSWORD_CHANGE_MARKER);
        await tx.users.setRoles(user.id, roles);
        await tx.audit.append({ actor: user.username, action: 'auth.password_set', subjects: { userId: user.id } });
      });
    }
    const { token, session } = await store.sessions.create(user.id, config.sessionTtlMs);
    await store.audit.append({ actor: user.username, action: 'auth.login', subjects: { userId: user.id } });
    return { token, expiresAt: session.expiresAt.toISOString(), user: { id: user.id, username: user.username, roles: realRoles(roles) } };
  });

  app.post('/auth/logout', { config: { access: 'any' }, schema: { tags: ['auth'] } }, async (req, reply) => {
    const p = principal(req);
    if (p.kind === 'session') await store.sessions.delete(p.token);
    return reply.status(204).send();
  });

  app.post('/auth/password', { config: { access: 'any' }, schema: { body: PasswordBody, tags: ['auth'] } }, async (req, reply) => {
    const p = principal(req);
    const body = req.body as PasswordBody;
    if (p.kind !== 'session' || !p.userId) throw new ApiError('FORBIDDEN', 'API tokens have no password');
    const user = await store.users.checkPassword(p.name, body.password);
    if (!user) throw new ApiError('BAD_CREDENTIALS');
    await store.transaction(async (tx) => {
      await tx.users.setPassword(user.id, body.newPassword);
      await tx.users.setRoles(user.id, user.roles.filter((r) => r !== PASSWORD_CHANGE_MARKER));
      await tx.audit.append({ actor: user.username, action: 'auth.password_set', subjects: { userId: user.id } });
    });
    return reply.status(204).send();
  });

  app.get('/me', { config: { access: 'any' }, schema: { tags: ['auth'] } }, async (req) => {
    const p = principal(req);
    const user = p.userId ? await store.users.get(p.userId) : null;
    return { id: p.userId, username: p.name, roles: p.roles, totpEnabled: user?.totpEnabled ?? false, mustChangePassword: p.mustChangePassword };
  });

  app.post('/auth/totp/setup', { config: { access: 'any' }, schema: { tags: ['auth'] } }, async (req) => {
    const p = principal(req);
    if (!p.userId || p.kind !== 'session') throw new ApiError('FORBIDDEN', 'Only users log in with TOTP');
    const user = await store.users.get(p.userId);
    if (user?.totpEnabled) throw new ApiError('FORBIDDEN', 'TOTP is already enabled; an admin can reset it');
    const secret = newTotpSecret();
    await store.users.setTotp(p.userId, secret, false);
    return { secret, otpauthUrl: otpauthUrl(secret, p.name) };
  });

  app.post('/auth/totp/confirm', { config: { access: 'any' }, schema: { body: TotpConfirmBody, tags: ['auth'] } }, async (req, reply) => {
    const p = principal(req);
    if (!p.userId) throw new ApiError('FORBIDDEN');
    const secret = await store.users.getTotpSecret(p.userId);
    if (!secret) throw new ApiError('BAD_REQUEST', 'Call /v1/auth/totp/setup first');
    if (!verifyTotp(secret, (req.body as TotpConfirmBody).code)) throw new ApiError('TOTP_INVALID');
    await store.transaction(async (tx) => {
      await tx.users.setTotp(p.userId!, secret, true);
      await tx.audit.append({ actor: p.name, action: 'auth.totp_enabled', subjects: { userId: p.userId } });
    });
    return reply.status(204).send();
  });
}
