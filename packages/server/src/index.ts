// Public facade of @candor/server.
export { buildApp } from './app.ts';
export { ERRORS, ApiError, problem, type ErrorCode } from './errors.ts';
export type { AppContext, ServerConfig, Principal } from './context.ts';
export { DEFAULT_PURPOSES } from './context.ts';
export type { Engines, FaceEnginePort, FingerEnginePort, FingerGalleryPort } from './engines.ts';
export { scanningFingerGallery } from './engines.ts';
export { Indexes } from './indexes.ts';
export { FaceIndex } from './face-index.ts';
export { fuse, fusedFmr, evidenceOf } from './fusion.ts';
export { fmrText } from './fmr-text.ts';
export { totp, verifyTotp, newTotpSecret } from './totp.ts';
export { ROLES, type Role } from './roles.ts';
export { SHIPPED_REGISTRIES } from './registry-kinds.ts';
export { startServer, type StartedServer } from './start.ts';
