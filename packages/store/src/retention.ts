import type { RetentionOptions, RetentionResult, Store } from './types.ts';

export interface RetentionScheduler { stop(): void }

/** Runs retention now and then every intervalMs (default daily) until stopped; errors go to onError. */
export function startRetentionScheduler(
  store: Pick<Store, 'runRetention'>,
  opts: RetentionOptions & { intervalMs?: number; onRun?: (r: RetentionResult) => void; onError?: (e: unknown) => void } = {},
): RetentionScheduler {
  const run = () => store.runRetention(new Date(), opts).then(opts.onRun, opts.onError ?? (() => {}));
  void run();
  const timer = setInterval(run, opts.intervalMs ?? 24 * 3600_000);
  timer.unref();
  return { stop: () => clearInterval(timer) };
}
