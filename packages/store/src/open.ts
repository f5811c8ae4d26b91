import type { Store, StoreOptions } from './types.ts';
import { StoreError } from './types.ts';

/** Opens the store: connects, applies pending migrations, loads keys. */
export async function openStore(_options: StoreOptions = {}): Promise<Store> {
  throw new StoreError('CONFIG', 'openStore: not implemented yet');
}
