// An in-process server context for CLI commands that work without HTTP (enroll, demo seed):
// the same store, engines, indexes and enrolment pipeline as `serve`.
import { openStore } from '@candor/store';
import { DEFAULT_PURPOSES, type AppContext } from '../context.ts';
import { loadIndexes, seedRegistries } from '../start.ts';
import { PARAMS } from '../params.ts';
import type { Engines } from '../engines.ts';

export async function localContext(opts: { engines?: Engines; loadIndex?: boolean } = {}): Promise<AppContext> {
  const store = await openStore({ defaultPurposes: DEFAULT_PURPOSES });
  await seedRegistries(store);
  const engines = opts.engines ?? await (await import('../real-engines.ts')).createRealEngines((m) => process.stderr.write(`${m}\n`));
  const indexes = opts.loadIndex === false ? new (await import('../indexes.ts')).Indexes(engines) : await loadIndexes(store, engines);
  return { store, engines, indexes, config: { sessionTtlMs: PARAMS.sessionTtlMs, webDir: null, purposes: DEFAULT_PURPOSES } };
}
