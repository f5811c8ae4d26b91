// candor users list | add <name> --roles a,b [--password P] | roles <name> --roles a,b | disable <name> | enable <name> | reset <name>
//   | token <service-name> --roles a,b   (an API token for a service; printed once)
// Works on the store directly (stop a PGlite server first; PostgreSQL is fine while running).
import { openStore } from '@candor/store';
import { args, json } from './args.ts';
import { ROLES, type Role } from '../roles.ts';
import { PASSWORD_CHANGE_MARKER, realRoles } from '../auth.ts';
import { oneTimePassword } from '../secrets.ts';

function parseRoles(text: string | undefined): Role[] {
  const roles = (text ?? '').split(',').map((r) => r.trim()).filter(Boolean);
  const bad = roles.filter((r) => !(ROLES as readonly string[]).includes(r));
  if (!roles.length || bad.length) throw new Error(`--roles must list some of: ${ROLES.join(', ')}${bad.length ? ` (unknown: ${bad.join(', ')})` : ''}`);
  return roles as Role[];
}

export default async function users(argv: string[]): Promise<number> {
  const { values, positionals } = args(argv, { roles: { type: 'string' }, password: { type: 'string' } });
  const [action = 'list', name] = positionals;
  const store = await openStore();
  try {
    if (action === 'list') {
      json((await store.users.list()).map((u) => ({ username: u.username, roles: realRoles(u.roles), totpEnabled: u.totpEnabled, disabled: u.disabled, mustChangePassword: u.roles.includes(PASSWORD_CHANGE_MARKER) })));
      return 0;
    }
    if (!name) throw new Error(`usage: candor users ${action} <name>`);
    if (action === 'token') {
      const roles = parseRoles(values.roles);
      const { token, apiToken } = await store.apiTokens.create({ name, roles });
      await store.audit.append({ actor: 'cli', action: 'token.create', subjects: { apiTokenId: apiToken.id }, details: { name, roles } });
      process.stdout.write(`API token "${name}" (shown once): ${token}\n`);
      return 0;
    }
    if (action === 'add') {
      const roles = parseRoles(values.roles);
      const password = values.password ?? oneTimePassword();
      await store.transaction(async (tx) => {
        const u = await tx.users.create({ username: name, password, roles: values.password ? roles : [...roles, PASSWORD_CHANGE_MARKER] });
        await tx.audit.append({ actor: 'cli', action: 'user.create', subjects: { userId: u.id }, details: { roles } });
      });
      if (!values.password) process.stdout.write(`one-time password for ${name} (shown once): ${password}\n`);
      return 0;
    }
    const user = await store.users.findByName(name);
    if (!user) throw new Error(`no user ${name}`);
    if (action === 'roles') await store.users.setRoles(user.id, parseRoles(values.roles));
    else if (action === 'disable') await store.users.setDisabled(user.id, true);
    else if (action === 'enable') await store.users.setDisabled(user.id, false);
    else if (action === 'reset') {
      const password = oneTimePassword();
      await store.users.setPassword(user.id, password);
      await store.users.setRoles(user.id, [...user.roles.filter((r) => r !== PASSWORD_CHANGE_MARKER), PASSWORD_CHANGE_MARKER]);
      await store.users.setTotp(user.id, null, false);
      process.stdout.write(`one-time password for ${name} (shown once): ${password}\n`);
    } else throw new Error(`unknown action ${action}: list | add | roles | disable | enable | reset`);
    await store.audit.append({ actor: 'cli', action: `user.${action}`, subjects: { userId: user.id } });
    return 0;
  } finally { await store.close(); }
}
