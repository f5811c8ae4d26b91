// User administration (admin only) and the configured search purposes.
import type { FastifyInstance } from 'fastify';
import { StoreError } from '@candor/store';
import { ApiError } from '../errors.ts';
import { principal, realRoles } from '../auth.ts';
import { CreateUserBody } from '../schemas.ts';
import type { AppContext } from '../context.ts';

export function userRoutes(app: FastifyInstance, { store }: AppContext): void {
  app.get('/users', { config: { access: ['admin'] }, schema: { tags: ['users'] } }, async () => {
    const users = await store.users.list();
    return users.map((u) => ({ id: u.id, username: u.username, roles: realRoles(u.roles), totpEnabled: u.totpEnabled, disabled: u.disabled, createdAt: u.createdAt.toISOString() }));
  });

  app.post('/users', { config: { access: ['admin'] }, schema: { body: CreateUserBody, tags: ['users'] } }, async (req, reply) => {
    const p = principal(req);
    const body = req.body as CreateUserBody;
    try {
      const user = await store.transaction(async (tx) => {
        const u = await tx.users.create({ username: body.username, password: body.password, roles: body.roles });
        await tx.audit.append({ actor: p.name, action: 'user.create', subjects: { userId: u.id }, details: { roles: body.roles } });
        return u;
      });
      return reply.status(201).send({ id: user.id, username: user.username, roles: realRoles(user.roles) });
    } catch (e) {
      if (e instanceof StoreError && e.code === 'CONFLICT') throw new ApiError('USERNAME_TAKEN');
      throw e;
    }
  });

  app.get('/purposes', { config: { access: 'any' }, schema: { tags: ['search'] } }, async () => store.purposes.list());
}
