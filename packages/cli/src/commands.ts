// Every command of `candor`, one line each, loaded lazily.
import { register } from './registry.ts';

register('version', () => import('./version.ts'));
