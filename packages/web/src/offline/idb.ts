// IndexedDB-backed store of the offline queue (one object store, keyed by entry id).
import type { QueuedEntry, QueueStore } from './queue.ts';

const DB = 'candor-offline';
const STORE = 'queue';

export class IdbQueueStore implements QueueStore {
  private db: Promise<IDBDatabase> | null = null;

  private open(): Promise<IDBDatabase> {
    this.db ??= new Promise((resolve, reject) => {
      const req = indexedDB.open(DB, 1);
      req.onupgradeneeded = () => req.result.createObjectStore(STORE, { keyPath: 'id' });
      req.onsuccess = () => resolve(req.result);
      req.onerror = () => reject(req.error);
    });
    return this.db;
  }

  private async run<R>(mode: IDBTransactionMode, op: (s: IDBObjectStore) => IDBRequest<R>): Promise<R> {
    const db = await this.open();
    return new Promise((resolve, reject) => {
      const tx = db.transaction(STORE, mode);
      const req = op(tx.objectStore(STORE));
      tx.oncomplete = () => resolve(req.result);
      tx.onerror = () => reject(tx.error);
    });
  }

  async put(entry: QueuedEntry): Promise<void> { await this.run('readwrite', (s) => s.put(entry)); }
  all(): Promise<QueuedEntry[]> { return this.run('readonly', (s) => s.getAll() as IDBRequest<QueuedEntry[]>); }
  async delete(id: string): Promise<void> { await this.run('readwrite', (s) => s.delete(id)); }
}
