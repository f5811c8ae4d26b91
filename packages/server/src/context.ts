// What every route handler can reach: the store, the engines, the in-memory indexes, the settings.
import type { Store, Purpose } from '@candor/store';
import type { Engines } from './engines.ts';
import type { Indexes } from './indexes.ts';
import type { Role } from './roles.ts';

export interface ServerConfig {
  sessionTtlMs: number;
  /** Built web app to serve at `/`, or null for API only. */
  webDir: string | null;
  /** Search purposes seeded on first start (then edited in the store). */
  purposes: Purpose[];
}

export interface AppContext { store: Store; engines: Engines; indexes: Indexes; config: ServerConfig }

export interface Principal {
  kind: 'session' | 'api';
  userId: string | null;
  /** Username or API token name: what the audit log records. */
  name: string;
  roles: Role[];
  token: string;
  mustChangePassword: boolean;
}

export const DEFAULT_PURPOSES: Purpose[] = [
  { id: 'identity-check', label: 'Identity check during a lawful stop' },
  { id: 'missing-person', label: 'Search for a missing or vulnerable person' },
  { id: 'border-control', label: 'Border or document control' },
  { id: 'disaster-victim', label: 'Disaster victim identification' },
  { id: 'investigation', label: 'Criminal investigation (case reference required)' },
];
