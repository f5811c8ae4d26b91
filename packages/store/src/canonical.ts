// Canonical JSON for hashing: object keys sorted, undefined dropped, Dates as ISO-8601 strings.
// jsonb reorders keys and drops nothing else we use, so an entry hashes the same before it is
// stored and after it is read back.
import { createHash } from 'node:crypto';

export function canonical(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  if (value instanceof Date) return JSON.stringify(value.toISOString());
  if (Array.isArray(value)) return `[${value.map((v) => (v === undefined ? 'null' : canonical(v))).join(',')}]`;
  if (typeof value === 'object') {
    const obj = value as Record<string, unknown>;
    const keys = Object.keys(obj).filter((k) => obj[k] !== undefined).sort();
    return `{${keys.map((k) => `${JSON.stringify(k)}:${canonical(obj[k])}`).join(',')}}`;
  }
  if (typeof value === 'number' && !Number.isFinite(value)) return 'null';
  return JSON.stringify(value);
}

/** What is stored in jsonb: plain JSON data (drops undefined, Dates become strings). */
export function plainJson<T>(value: T): T {
  return JSON.parse(JSON.stringify(value ?? {})) as T;
}

export function sha256Hex(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}
