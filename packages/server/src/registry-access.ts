// Registry lookups with the caller's rights attached.
import type { Registry, Store } from '@candor/store';
import { ApiError } from './errors.ts';
import { hasAny, type Role } from './roles.ts';
import type { Principal } from './context.ts';

export const canRead = (p: Principal, r: Registry) => hasAny(p.roles, r.readRoles as Role[]);
export const canSearch = (p: Principal, r: Registry) => hasAny(p.roles, r.searchRoles as Role[]);

export async function registryOr404(store: Store, id: string): Promise<Registry> {
  const r = await store.registries.get(id);
  if (!r) throw new ApiError('UNKNOWN_REGISTRY', `No registry "${id}"`);
  return r;
}
