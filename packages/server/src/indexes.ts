// In-memory indexes of every registry, loaded from the store at start and updated after each
// committed enrolment. Face: one FaceIndex per registry. Fingers: the finger engine's galleries, one
// per finger position (finger-shelves.ts; the engine's prefilter shortlists, its matcher compares).
import { FaceIndex, TopK, type FaceEncoding, type FaceHit, type FaceSearchIndex } from './face-index.ts';
import { HnswFaceIndex } from './hnsw-index.ts';
import { join } from 'node:path';

function newFaceIndex(dim: number, encoding: FaceEncoding, capacity?: number): FaceSearchIndex {
  return encoding === 'hnsw' ? new HnswFaceIndex(dim, capacity) : new FaceIndex(dim, encoding, capacity);
}
import type { Engines } from './engines.ts';
import { FingerShelves } from './finger-shelves.ts';

export interface TemplateInput { registryId: string; recordId: string; modality: 'face' | 'finger'; position: number | null; modelId: string; data: Uint8Array }

class RegistryIndex {
  /** Created on the first face template: its length fixes the dimension. */
  face: FaceSearchIndex | null = null;
  /** Created on the first finger template. */
  fingers: FingerShelves | null = null;
  private readonly keyOf = new Map<string, number>();
  private readonly idOf: string[] = [];
  constructor(readonly encoding: FaceEncoding) {}
  key(recordId: string): number {
    let k = this.keyOf.get(recordId);
    if (k === undefined) { k = this.idOf.length; this.idOf.push(recordId); this.keyOf.set(recordId, k); }
    return k;
  }
  existingKey(recordId: string): number | undefined { return this.keyOf.get(recordId); }
  recordId(key: number): string { return this.idOf[key]; }
}

export interface RecordHit { recordId: string; score: number }

/** Face 1:N held elsewhere (matcher shards behind NATS, `face-shards.ts`) instead of in this process. */
export interface RemoteFaces {
  search(registryId: string, probe: Float32Array, k: number): Promise<RecordHit[]>;
  scores(registryId: string, recordIds: string[], probe: Float32Array): Promise<Map<string, number>>;
  /** Called after an enrolment commits, so the owning shard indexes the new template. */
  added(registryId: string, recordId: string, modelId: string, vector: Float32Array): Promise<void>;
}

export class Indexes {
  private readonly byRegistry = new Map<string, RegistryIndex>();
  constructor(private readonly engines: Engines, private readonly encoding: FaceEncoding = 'int8', readonly remote: RemoteFaces | null = null) {}

  /** Face shortlist, from this process or from the shards. */
  async findFaces(registryId: string, probe: Float32Array, k: number): Promise<RecordHit[]> {
    return this.remote ? this.remote.search(registryId, probe, k) : this.searchFace(registryId, probe, k);
  }

  /** Face scores of given records (those shortlisted by fingers only, or a 1:1 verification). */
  async faceScores(registryId: string, recordIds: string[], probe: Float32Array): Promise<Map<string, number>> {
    if (this.remote) return this.remote.scores(registryId, recordIds, probe);
    const out = new Map<string, number>();
    for (const id of recordIds) { const s = this.scoreFace(registryId, id, probe); if (s !== null) out.set(id, s); }
    return out;
  }

  /** After a committed enrolment: local index, or publish to the shards. */
  async enrolled(t: TemplateInput): Promise<void> {
    if (t.modality === 'face' && this.remote) {
      if (this.engines.face && t.modelId === this.engines.face.modelId) await this.remote.added(t.registryId, t.recordId, t.modelId, bytesToFloat32(t.data));
      return;
    }
    this.add(t);
  }

  private reg(id: string): RegistryIndex {
    let r = this.byRegistry.get(id);
    if (!r) { r = new RegistryIndex(this.encoding); this.byRegistry.set(id, r); }
    return r;
  }

  /** Adds one stored template; templates of other models than the running engines are skipped. */
  add(t: TemplateInput): boolean {
    const r = this.reg(t.registryId);
    if (t.modality === 'face') {
      if (this.remote) return false; // held by the matcher shards
      const face = this.engines.face;
      if (!face || t.modelId !== face.modelId) return false;
      const v = bytesToFloat32(t.data);
      r.face ??= newFaceIndex(v.length, r.encoding);
      r.face.add(r.key(t.recordId), v);
      return true;
    }
    const finger = this.engines.finger;
    if (!finger || t.modelId !== finger.modelId) return false;
    r.fingers ??= new FingerShelves(() => finger.gallery());
    return r.fingers.add(r.key(t.recordId), t.position, t.data);
  }

  /** Pre-sizes a registry's face index (bulk loads: avoids doubling copies of a 2 GB array). */
  reserve(registryId: string, dim: number, capacity: number): void {
    const r = this.reg(registryId);
    r.face ??= newFaceIndex(dim, r.encoding, capacity);
  }

  /** Bulk insert of a template under a record id, for benchmarks and loaders that bypass the engine check. */
  addFaceVector(registryId: string, recordId: string, vector: Float32Array): void {
    const r = this.reg(registryId);
    r.face ??= newFaceIndex(vector.length, r.encoding);
    r.face.add(r.key(recordId), vector);
  }

  /**
   * After the start-up load: HNSW graphs adopt the file saved under `graphDir` (or are built and
   * saved there); without a folder they are built in memory only.
   */
  finishLoad(graphDir: string | null): void {
    for (const [id, r] of this.byRegistry) {
      if (r.face instanceof HnswFaceIndex) r.face.finishLoad(graphDir ? join(graphDir, `${encodeURIComponent(id)}.usearch`) : null);
    }
  }

  /** What a registry's face index is doing (benches print it): encoding, size, projected pass. */
  faceIndexInfo(registryId: string): { encoding: string; size: number; projection: FaceIndex['projection'] } | null {
    const face = this.byRegistry.get(registryId)?.face;
    if (!face) return null;
    return { encoding: face instanceof FaceIndex ? face.encoding : 'hnsw', size: face.size, projection: face instanceof FaceIndex ? face.projection : null };
  }

  /** Resolves once every face index's scan threads are running (benches time after this). */
  async ready(): Promise<void> {
    for (const r of this.byRegistry.values()) if (r.face instanceof FaceIndex) await r.face.ready();
  }

  /** A registry's HNSW graph (build figures, ef sweeps in benches); null for the exact scans. */
  hnsw(registryId: string): HnswFaceIndex | null {
    const face = this.byRegistry.get(registryId)?.face;
    return face instanceof HnswFaceIndex ? face : null;
  }

  faceCount(registryId: string): number { return this.byRegistry.get(registryId)?.face?.size ?? 0; }
  fingerCount(registryId: string): number { return this.byRegistry.get(registryId)?.fingers?.size ?? 0; }

  searchFace(registryId: string, probe: Float32Array, k: number): RecordHit[] {
    const r = this.byRegistry.get(registryId);
    if (!r?.face) return [];
    return r.face.search(probe, k).map((h: FaceHit) => ({ recordId: r.recordId(h.key), score: h.score }));
  }

  /** Best face score of one record (1:1 verification, or a finger-only shortlist entry). */
  scoreFace(registryId: string, recordId: string, probe: Float32Array): number | null {
    const r = this.byRegistry.get(registryId);
    const key = r?.existingKey(recordId);
    if (!r?.face || key === undefined) return null;
    return r.face.scoreKey(key, probe);
  }

  /**
   * Best score per record for one prepared probe finger: the engine's prefilter shortlists `k`
   * fingers of the probe's position (and of unknown position; every position when the probe's is
   * unknown), the matcher compares each.
   */
  searchFinger(registryId: string, probe: unknown, position: number | null, k: number, deep = false): RecordHit[] {
    const r = this.byRegistry.get(registryId);
    if (!r?.fingers) return [];
    const found = r.fingers.search(probe, position, k, deep);
    // A deep pass returns every record it compared: that was its point.
    const top = new TopK(deep ? Math.max(k, found.size) : k);
    for (const [key, s] of found) top.offer(key, s);
    return top.sorted().map((h) => ({ recordId: r.recordId(h.key), score: h.score }));
  }

  /** Stored fingers of the registry a probe finger of this position is searched against. */
  fingersSearched(registryId: string, position: number | null): number {
    return this.byRegistry.get(registryId)?.fingers?.searched(position) ?? 0;
  }

  /** A record's fingers comparable with a probe finger, with their scores (FingerShelves.scores); null if the record has none stored. */
  scoreFingers(registryId: string, recordId: string, probe: unknown, position: number | null): { position: number; score: number }[] | null {
    const r = this.byRegistry.get(registryId);
    const key = r?.existingKey(recordId);
    if (!r?.fingers || key === undefined) return null;
    return r.fingers.scores(key, probe, position);
  }

}

export function float32ToBytes(v: Float32Array): Uint8Array {
  return new Uint8Array(v.buffer.slice(v.byteOffset, v.byteOffset + v.byteLength));
}
export function bytesToFloat32(b: Uint8Array): Float32Array {
  // Copy: the store's buffer may be shared or unaligned.
  const copy = new Uint8Array(b.byteLength); copy.set(b);
  return new Float32Array(copy.buffer);
}
