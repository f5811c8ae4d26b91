// Entry of a face-scan worker thread: workers do not inherit the owner's TypeScript loader on
// Node 20, so register tsx's here (as bin/candor.mjs does) and load the worker proper.
import { register } from 'tsx/esm/api';
register();
await import('./scan-worker.ts');
