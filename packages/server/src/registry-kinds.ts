// The three registry kinds Candor ships, as data: biographic fields schema, modalities and who may
// read or search. An installation may create more registries of these kinds (`candor registries`).
import type { RegistryDefinition } from '@candor/store';
import type { JsonSchema } from './fields.ts';

export type RegistryKind = 'travel-documents' | 'encounters' | 'identities';

const name = { type: 'string', minLength: 1, maxLength: 100 } as const;
const date = { type: 'string', format: 'date' } as const;
const country = { type: 'string', pattern: '^[A-Z]{3}$', description: 'ISO 3166-1 alpha-3' } as const;

export const FIELD_SCHEMAS: Record<RegistryKind, JsonSchema> = {
  'travel-documents': {
    type: 'object', additionalProperties: false,
    required: ['documentNumber', 'issuingCountry', 'surname', 'givenNames', 'dateOfBirth'],
    properties: {
      documentNumber: { type: 'string', pattern: '^[A-Z0-9<]{5,20}$' },
      issuingCountry: country, surname: name, givenNames: name, dateOfBirth: date,
      nationality: country, expiryDate: date,
    },
  },
  encounters: {
    type: 'object', additionalProperties: false,
    required: ['caseRef', 'encounterDate', 'place'],
    properties: {
      caseRef: { type: 'string', minLength: 1, maxLength: 64 }, encounterDate: date,
      place: { type: 'string', minLength: 1, maxLength: 200 }, notes: { type: 'string', maxLength: 2000 },
      surname: name, givenNames: name,
    },
  },
  identities: {
    type: 'object', additionalProperties: false,
    required: ['surname', 'givenNames'],
    properties: {
      surname: name, givenNames: name, dateOfBirth: date,
      aliases: { type: 'array', maxItems: 20, items: name },
      sex: { type: 'string', enum: ['F', 'M', 'X'] },
    },
  },
};

const ALERT = {
  type: 'array', maxItems: 20,
  items: {
    type: 'object', additionalProperties: false, required: ['reason', 'source', 'expiresAt'],
    properties: { reason: { type: 'string', minLength: 1, maxLength: 200 }, source: { type: 'string', minLength: 1, maxLength: 100 }, expiresAt: { type: ['string', 'null'], format: 'date-time' } },
  },
};

/** Encounters carry alerts: always with a source and an expiry (or explicit null), never a bare label. */
export const ALERTS_SCHEMA = ALERT;

export const SHIPPED_REGISTRIES: RegistryDefinition[] = [
  {
    id: 'travel-documents', kind: 'travel-documents', name: 'Travel documents', training: false,
    modalities: ['face'], fieldsSchema: FIELD_SCHEMAS['travel-documents'], targetFmr: 1e-4,
    readRoles: ['operator', 'supervisor', 'auditor'], searchRoles: ['operator', 'supervisor'],
  },
  {
    id: 'encounters', kind: 'encounters', name: 'Encounters', training: false,
    modalities: ['face', 'finger'], fieldsSchema: FIELD_SCHEMAS.encounters, targetFmr: 1e-4,
    readRoles: ['operator', 'supervisor', 'auditor'], searchRoles: ['operator', 'supervisor'],
  },
  {
    id: 'identities', kind: 'identities', name: 'Identities', training: false,
    modalities: ['face', 'finger'], fieldsSchema: FIELD_SCHEMAS.identities, targetFmr: 1e-4,
    readRoles: ['supervisor', 'auditor', 'operator'], searchRoles: ['operator', 'supervisor'],
  },
  {
    id: 'training', kind: 'identities', name: 'Training (synthetic records only)', training: true,
    modalities: ['face', 'finger'], fieldsSchema: FIELD_SCHEMAS.identities, targetFmr: 1e-4,
    readRoles: ['trainee', 'operator', 'supervisor', 'auditor'], searchRoles: ['trainee', 'operator', 'supervisor'],
  },
];
