// Worker threads do not inherit the tsx loader registered by bin/candor.mjs: register it, then run the shard.
import { register } from 'tsx/esm/api';
register();
await import('./bench-finger-worker.ts');
