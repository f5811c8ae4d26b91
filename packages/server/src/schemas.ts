// Request and response schemas (TypeBox = JSON Schema). The same objects validate requests and
// generate /openapi.json, so the documented contract cannot drift from what the server enforces.
import { Type, type Static } from '@sinclair/typebox';
import { ROLES } from './roles.ts';

export const RoleSchema = Type.Union(ROLES.map((r) => Type.Literal(r)));
const Id = Type.String({ minLength: 1, maxLength: 128 });
/** Base64 image; 20 MB body limit bounds it. */
const Image = Type.Object({ image: Type.String({ minLength: 1, contentEncoding: 'base64' }) }, { additionalProperties: false });
const Position = Type.Integer({ minimum: 1, maximum: 10, description: 'ISO/ANSI finger position: 1 right thumb … 10 left little' });

export const Problem = Type.Object({
  type: Type.String(), title: Type.String(), status: Type.Integer(), detail: Type.String(), code: Type.String(),
}, { additionalProperties: true, $id: 'Problem' });

export const LoginBody = Type.Object({
  username: Type.String({ minLength: 1, maxLength: 64 }),
  password: Type.String({ minLength: 1, maxLength: 256 }),
  totp: Type.Optional(Type.String({ pattern: '^[0-9]{6}$' })),
  newPassword: Type.Optional(Type.String({ minLength: 12, maxLength: 256, description: 'Required when the password is a one-time password' })),
}, { additionalProperties: false });
export type LoginBody = Static<typeof LoginBody>;

export const PasswordBody = Type.Object({
  password: Type.String({ minLength: 1, maxLength: 256 }),
  newPassword: Type.String({ minLength: 12, maxLength: 256 }),
}, { additionalProperties: false });
export type PasswordBody = Static<typeof PasswordBody>;

export const TotpConfirmBody = Type.Object({ code: Type.String({ pattern: '^[0-9]{6}$' }) }, { additionalProperties: false });
export type TotpConfirmBody = Static<typeof TotpConfirmBody>;

export const CreateUserBody = Type.Object({
  username: Type.String({ minLength: 2, maxLength: 64, pattern: '^[a-zA-Z0-9._-]+$' }),
  password: Type.String({ minLength: 12, maxLength: 256 }),
  roles: Type.Array(RoleSchema, { minItems: 1, uniqueItems: true }),
}, { additionalProperties: false });
export type CreateUserBody = Static<typeof CreateUserBody>;

export const AlertInput = Type.Object({
  reason: Type.String({ minLength: 1, maxLength: 200 }),
  source: Type.String({ minLength: 1, maxLength: 100 }),
  expiresAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
}, { additionalProperties: false });

export const FingerInput = Type.Object({
  position: Type.Optional(Position),
  image: Type.String({ minLength: 1 }),
  dpi: Type.Optional(Type.Integer({ minimum: 100, maximum: 2000 })),
  contactless: Type.Optional(Type.Boolean()),
}, { additionalProperties: false });

export const EnrolBody = Type.Object({
  requestId: Type.String({ minLength: 8, maxLength: 128, description: 'Client idempotency key' }),
  fields: Type.Record(Type.String(), Type.Unknown()),
  face: Type.Optional(Image),
  fingers: Type.Optional(Type.Array(Type.Intersect([FingerInput, Type.Object({ position: Position })]), { maxItems: 10 })),
  alerts: Type.Optional(Type.Array(AlertInput, { maxItems: 20 })),
}, { additionalProperties: false });
export type EnrolBody = Static<typeof EnrolBody>;

export const SearchBody = Type.Object({
  registries: Type.Array(Id, { minItems: 1, maxItems: 20, uniqueItems: true }),
  purpose: Type.String({ minLength: 1, maxLength: 64 }),
  caseRef: Type.String({ minLength: 1, maxLength: 128 }),
  reason: Type.Optional(Type.String({ maxLength: 1000 })),
  face: Type.Optional(Image),
  fingers: Type.Optional(Type.Array(FingerInput, { minItems: 1, maxItems: 10 })),
  topK: Type.Optional(Type.Integer({ minimum: 1, maximum: 50 })),
}, { additionalProperties: false });
export type SearchBody = Static<typeof SearchBody>;

export const VerifyBody = Type.Object({
  registry: Id, recordId: Id,
  purpose: Type.String({ minLength: 1, maxLength: 64 }),
  caseRef: Type.String({ minLength: 1, maxLength: 128 }),
  face: Image,
}, { additionalProperties: false });
export type VerifyBody = Static<typeof VerifyBody>;

export const ReviewBody = Type.Object({
  decision: Type.Union([Type.Literal('confirmed'), Type.Literal('rejected')]),
  reason: Type.String({ minLength: 3, maxLength: 1000 }),
}, { additionalProperties: false });
export type ReviewBody = Static<typeof ReviewBody>;

export const IdParams = Type.Object({ id: Id });
export const RecordParams = Type.Object({ id: Id, recordId: Id });
export const ReviewParams = Type.Object({ id: Id, rank: Type.Integer({ minimum: 1, maximum: 1000 }) });
export const ListQuery = Type.Object({
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000 })),
  afterSeq: Type.Optional(Type.Integer({ minimum: 0 })),
});
export type ListQuery = Static<typeof ListQuery>;
