// Every command of `candor`, one line each, loaded lazily.
import { register } from './registry.ts';

register('version', () => import('./version.ts'));
register('eval face', () => import('../../eval/src/face/eval-face.ts'));
register('eval face-ident', () => import('../../eval/src/face/eval-face-ident.ts'));
register('bench face-extract', () => import('../../eval/src/face/bench-face-extract.ts'));
