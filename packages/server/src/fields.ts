// Validation of a record's biographic fields against its registry's JSON schema. Validators are
// compiled once per registry (schemas are data and change rarely) and cached by schema text.
import { Ajv } from 'ajv';
import addFormatsModule from 'ajv-formats';
export type JsonSchema = Record<string, unknown>;

const addFormats = addFormatsModule as unknown as (a: Ajv) => Ajv;
const ajv = addFormats(new Ajv({ allErrors: true, strict: false }));
const cache = new Map<string, ReturnType<Ajv['compile']>>();

export function validateFields(schema: JsonSchema, fields: unknown): string[] {
  const key = JSON.stringify(schema);
  let validate = cache.get(key);
  if (!validate) { validate = ajv.compile(schema); cache.set(key, validate); }
  if (validate(fields)) return [];
  return (validate.errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message ?? 'is invalid'}${e.params && 'additionalProperty' in e.params ? `: ${String(e.params.additionalProperty)}` : ''}`);
}
