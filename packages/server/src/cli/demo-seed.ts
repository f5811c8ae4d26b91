// candor demo seed [--count N] [--faces DIR] [--users]
// Fills the four shipped registries with synthetic biographic records (invented names, the ISO
// user-assigned country code "UTO", fictional places) so the field app has something to show.
// With --faces DIR, operational records also get a face from that folder (enrolled through the
// normal pipeline); the training registry never does: it holds synthetic records only.
// Deterministic request ids make a re-run a no-op. --users adds demo users with one-time passwords.
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { args, json, progress } from './args.ts';
import { localContext } from './local.ts';
import { enrolRecord } from '../enrol.ts';
import { PASSWORD_CHANGE_MARKER } from '../auth.ts';
import { oneTimePassword } from '../secrets.ts';
import type { Role } from '../roles.ts';

const SYL = ['ka', 'lo', 'mi', 'ren', 'su', 'ta', 'vi', 'dor', 'el', 'an', 'bo', 'ny', 'ri', 'zu', 'fe', 'ol'];
const PLACES = ['North Pier', 'Central Station', 'Riverside Market', 'Old Town Gate', 'Airport Hall B'];

/** A tiny deterministic generator so seeded data is the same on every machine. */
function rng(seed: number) { let s = seed >>> 0; return () => ((s = (s * 1664525 + 1013904223) >>> 0) / 2 ** 32); }
function word(r: () => number, n: number) { let w = ''; for (let i = 0; i < n; i++) w += SYL[Math.floor(r() * SYL.length)]; return w[0].toUpperCase() + w.slice(1); }
function date(r: () => number, from: number, to: number) { const y = from + Math.floor(r() * (to - from)); return `${y}-${String(1 + Math.floor(r() * 12)).padStart(2, '0')}-${String(1 + Math.floor(r() * 28)).padStart(2, '0')}`; }

export function syntheticFields(registry: string, i: number): { fields: Record<string, unknown>; alerts?: { reason: string; source: string; expiresAt: string | null }[] } {
  const r = rng(i * 7919 + registry.length);
  const surname = word(r, 2 + Math.floor(r() * 2)), givenNames = word(r, 2);
  switch (registry) {
    case 'travel-documents':
      return { fields: { documentNumber: `UT${String(100000 + i).padStart(7, '0')}`, issuingCountry: 'UTO', nationality: 'UTO', surname, givenNames, dateOfBirth: date(r, 1950, 2005), expiryDate: date(r, 2027, 2036) } };
    case 'encounters':
      return {
        fields: { caseRef: `DEMO-${1000 + i}`, encounterDate: date(r, 2024, 2026), place: PLACES[i % PLACES.length], notes: 'Synthetic demo record.', surname, givenNames },
        alerts: i % 3 === 0 ? [{ reason: i % 2 ? 'Reported missing (demo)' : 'Contact case officer (demo)', source: 'Demo data unit', expiresAt: `${2027 + (i % 3)}-01-01T00:00:00Z` }] : undefined,
      };
    default:
      return { fields: { surname, givenNames, dateOfBirth: date(r, 1950, 2005), aliases: i % 4 === 0 ? [word(r, 3)] : [], sex: (['F', 'M', 'X'] as const)[i % 3] } };
  }
}

export default async function demoSeed(argv: string[]): Promise<number> {
  const { values } = args(argv, { count: { type: 'string' }, faces: { type: 'string' }, users: { type: 'boolean' } });
  const count = Number(values.count ?? 20);
  const faces = values.faces ? listImages(values.faces) : [];
  const ctx = await localContext({ engines: faces.length ? undefined : {}, loadIndex: faces.length > 0 });
  const { store } = ctx;
  const summary: Record<string, { created: number; existing: number; rejected: number }> = {};
  try {
    let faceIdx = 0;
    for (const reg of await store.registries.list()) {
      const s = summary[reg.id] = { created: 0, existing: 0, rejected: 0 };
      const bar = progress(count, reg.id.padEnd(16));
      for (let i = 0; i < count; i++) {
        const { fields, alerts } = syntheticFields(reg.kind, i);
        const requestId = `demo-${reg.id}-${i}`;
        const face = !reg.training && faces.length && reg.modalities.includes('face') ? faces[faceIdx++ % faces.length] : null;
        try {
          if (face) {
            const res = await enrolRecord(ctx, { userId: null, name: 'demo-seed' }, reg, { requestId, fields, alerts, face: { image: readFileSync(face).toString('base64') } });
            s[res.created ? 'created' : 'existing']++;
          } else {
            const res = await store.transaction(async (tx) => {
              const out = await tx.records.enrol({ registryId: reg.id, requestId, fields, samples: [], actor: 'demo-seed' });
              if (out.created) for (const a of alerts ?? []) await tx.records.addAlert({ recordId: out.record.id, reason: a.reason, source: a.source, expiresAt: a.expiresAt ? new Date(a.expiresAt) : null, actor: 'demo-seed' });
              return out;
            });
            s[res.created ? 'created' : 'existing']++;
          }
        } catch { s.rejected++; }
        bar(i + 1);
      }
    }
    const users: Record<string, string> = {};
    if (values.users) {
      const demo: [string, Role[]][] = [['demo-operator', ['operator']], ['demo-supervisor', ['supervisor']], ['demo-auditor', ['auditor']], ['demo-trainee', ['trainee']]];
      for (const [name, roles] of demo) {
        if (await store.users.findByName(name)) continue;
        const password = oneTimePassword();
        await store.users.create({ username: name, password, roles: [...roles, PASSWORD_CHANGE_MARKER] });
        users[name] = password;
      }
    }
    json({ registries: summary, ...(values.users ? { oneTimePasswords: users } : {}) });
    return 0;
  } finally { await store.close(); }
}

function listImages(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string) => { for (const e of readdirSync(d, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) { const p = join(d, e.name); if (e.isDirectory()) walk(p); else if (/\.(jpe?g|png|webp)$/i.test(e.name)) out.push(p); } };
  walk(dir);
  return out;
}
