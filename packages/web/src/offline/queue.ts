// Offline queue of searches: sealed entries in a store (IndexedDB in the browser), replayed when
// back online, discarded after 24 hours. Only the id and timestamps are stored in the clear.
import type { Sealed, SessionSealer } from './sealer.ts';

export const QUEUE_TTL_MS = 24 * 60 * 60 * 1000;

export interface QueuedEntry { id: string; createdAt: number; expiresAt: number; sealed: Sealed }

export interface QueueStore {
  put(entry: QueuedEntry): Promise<void>;
  all(): Promise<QueuedEntry[]>;
  delete(id: string): Promise<void>;
}

export class MemoryQueueStore implements QueueStore {
  private readonly entries = new Map<string, QueuedEntry>();
  async put(entry: QueuedEntry): Promise<void> { this.entries.set(entry.id, entry); }
  async all(): Promise<QueuedEntry[]> { return [...this.entries.values()]; }
  async delete(id: string): Promise<void> { this.entries.delete(id); }
}

export type SubmitOutcome<R> = { kind: 'done'; result: R } | { kind: 'offline' } | { kind: 'failed'; message: string };

export interface ReplayReport<T, R> {
  done: { id: string; payload: T; result: R }[];
  failed: { id: string; message: string }[];
  expired: number;
  unreadable: number;
  remaining: number;
}

export class OfflineQueue<T> {
  constructor(
    private readonly store: QueueStore,
    private readonly sealer: SessionSealer,
    private readonly now: () => number = Date.now,
  ) {}

  async enqueue(payload: T): Promise<QueuedEntry> {
    const createdAt = this.now();
    const entry: QueuedEntry = {
      id: crypto.randomUUID(), createdAt, expiresAt: createdAt + QUEUE_TTL_MS, sealed: await this.sealer.seal(payload),
    };
    await this.store.put(entry);
    return entry;
  }

  /** Entries still waiting (expired ones are removed first). */
  async pending(): Promise<QueuedEntry[]> {
    await this.purgeExpired();
    return (await this.store.all()).sort((a, b) => a.createdAt - b.createdAt);
  }

  async purgeExpired(): Promise<number> {
    const t = this.now();
    let n = 0;
    for (const e of await this.store.all()) if (e.expiresAt <= t) { await this.store.delete(e.id); n++; }
    return n;
  }

  /**
   * Submits queued entries oldest first. Stops at the first network failure (still offline) and
   * keeps the rest; an entry the server rejects is removed and reported, never retried forever.
   */
  async replay<R>(submit: (payload: T) => Promise<SubmitOutcome<R>>): Promise<ReplayReport<T, R>> {
    const report: ReplayReport<T, R> = { done: [], failed: [], expired: await this.purgeExpired(), unreadable: 0, remaining: 0 };
    const entries = (await this.store.all()).sort((a, b) => a.createdAt - b.createdAt);
    for (let i = 0; i < entries.length; i++) {
      const e = entries[i];
      let payload: T;
      try {
        payload = await this.sealer.open<T>(e.sealed);
      } catch {
        // Sealed in an earlier session whose key is gone: it can never be read, so drop it now.
        await this.store.delete(e.id);
        report.unreadable++;
        continue;
      }
      const outcome = await submit(payload);
      if (outcome.kind === 'offline') { report.remaining = entries.length - i; break; }
      await this.store.delete(e.id);
      if (outcome.kind === 'done') report.done.push({ id: e.id, payload, result: outcome.result });
      else report.failed.push({ id: e.id, message: outcome.message });
    }
    return report;
  }
}
