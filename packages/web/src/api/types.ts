// Shapes of the HTTP contract (docs/api.md) that the field app uses.
export interface User { id: string; username: string; roles: string[]; totpEnabled?: boolean }
export interface LoginResponse { token: string; expiresAt: string; user: User }
export interface Purpose { id: string; label: string }
export type Modality = 'face' | 'finger' | string;
export interface Registry {
  id: string; kind: string; name: string; modalities: Modality[];
  training: boolean; canSearch: boolean; canRead: boolean; fieldsSchema?: unknown;
}
export interface Alert { reason: string; source: string; expiresAt?: string | null }
export interface Candidate {
  rank: number; registry: string; recordId: string; score: number; fmr: number; fmrText: string;
  contributions?: { face?: { score: number; fmr: number }; fingers?: { position: number; score: number; fmr: number }[] };
  summary?: Record<string, unknown>;
  alerts?: Alert[];
  thumbnail?: string;
}
export interface FingerSample { position?: number; image: string; dpi?: number; contactless?: boolean }
export interface SearchRequest {
  registries: string[]; purpose: string; caseRef: string; reason?: string;
  face?: { image: string }; fingers?: FingerSample[]; topK?: number;
}
/** Which face of the probe photo the server searched; `count > 1` means the photo held several. */
export interface ProbeFace { count: number; searched?: { x1: number; y1: number; x2: number; y2: number }; quality: number }
export interface SearchResponse {
  searchId: string; threshold: number; candidates: Candidate[]; noCandidate: boolean; training: boolean;
  probeFace?: ProbeFace;
}
export interface ReviewRequest { decision: 'confirmed' | 'rejected'; reason: string }
export interface Problem { type?: string; title?: string; status: number; detail?: string; code?: string }
