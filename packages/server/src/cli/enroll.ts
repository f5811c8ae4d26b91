// candor enroll --registry ID (--dir FOLDER | --manifest FILE.csv) [--fields JSON] [--server URL --token T]
// Bulk enrolment with a progress bar. Request ids are derived from the files' content, so a re-run
// after an interruption skips what was committed (a journal in <data>/enroll-journals makes that
// skip cheap; the store's idempotency guarantees it). Prints JSON with throughput (faces/s).
import { createHash } from 'node:crypto';
import { appendFileSync, existsSync, mkdirSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { basename, dirname, extname, join, resolve } from 'node:path';
import { args, json, progress } from './args.ts';
import { ApiError } from '../errors.ts';
import type { EnrolBody } from '../schemas.ts';

const IMAGE = /\.(jpe?g|png|webp|bmp|tiff?|pgm)$/i;

export interface EnrolItem { label: string; files: string[]; body: Omit<EnrolBody, 'requestId'> }

/** Folder mode: every image is one face record; names come from the file name (LFW-style "Given_Names_Surname_0001.jpg"). */
export function itemsFromDir(dir: string, fieldsTemplate: Record<string, unknown>): EnrolItem[] {
  const files: string[] = [];
  const walk = (d: string) => { for (const n of readdirSync(d).sort()) { const p = join(d, n); if (statSync(p).isDirectory()) walk(p); else if (IMAGE.test(n)) files.push(p); } };
  walk(dir);
  return files.map((f) => {
    const parts = basename(f, extname(f)).replace(/_\d+$/, '').split(/[_\s]+/).filter(Boolean);
    const surname = parts.length > 1 ? parts[parts.length - 1] : parts[0] ?? 'Unknown';
    const givenNames = parts.length > 1 ? parts.slice(0, -1).join(' ') : '-';
    return { label: f, files: [f], body: { fields: { surname, givenNames, ...fieldsTemplate }, face: { image: readFileSync(f).toString('base64') } } };
  });
}

/** Manifest mode: CSV with a header; `face`, `finger1`..`finger10` (paths relative to the CSV), `dpi`, everything else is a field ("aliases" split on ';'). */
export function itemsFromManifest(path: string, fieldsTemplate: Record<string, unknown>): EnrolItem[] {
  const base = dirname(resolve(path));
  const rows = parseCsv(readFileSync(path, 'utf8'));
  const header = rows.shift() ?? [];
  return rows.filter((r) => r.some((c) => c.trim())).map((row, i) => {
    const cell = Object.fromEntries(header.map((h, j) => [h.trim(), (row[j] ?? '').trim()]));
    const fields: Record<string, unknown> = { ...fieldsTemplate };
    const files: string[] = [];
    const body: Omit<EnrolBody, 'requestId'> = { fields };
    for (const [k, v] of Object.entries(cell)) {
      if (!v) continue;
      const finger = /^finger(\d+)$/.exec(k);
      if (k === 'face') { const f = resolve(base, v); files.push(f); body.face = { image: readFileSync(f).toString('base64') }; }
      else if (finger) {
        const f = resolve(base, v); files.push(f);
        (body.fingers ??= []).push({ position: Number(finger[1]), image: readFileSync(f).toString('base64'), ...(cell.dpi ? { dpi: Number(cell.dpi) } : {}) });
      } else if (k === 'dpi') continue;
      else fields[k] = k === 'aliases' ? v.split(';').map((a) => a.trim()) : v;
    }
    return { label: `${path}:${i + 2}`, files, body };
  });
}

function parseCsv(text: string): string[][] {
  const rows: string[][] = [[]];
  let cur = '', quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quoted) { if (ch === '"' && text[i + 1] === '"') { cur += '"'; i++; } else if (ch === '"') quoted = false; else cur += ch; }
    else if (ch === '"') quoted = true;
    else if (ch === ',') { rows[rows.length - 1].push(cur); cur = ''; }
    else if (ch === '\n' || ch === '\r') { if (ch === '\r' && text[i + 1] === '\n') i++; rows[rows.length - 1].push(cur); cur = ''; rows.push([]); }
    else cur += ch;
  }
  rows[rows.length - 1].push(cur);
  return rows;
}

/** Same files, same registry -> same request id: what makes a re-run resume instead of duplicating. */
export function requestIdFor(registry: string, item: EnrolItem): string {
  const h = createHash('sha256').update(registry);
  for (const f of item.files) h.update('\u0000').update(readFileSync(f));
  h.update(JSON.stringify(item.body.fields));
  return `file-${h.digest('hex').slice(0, 40)}`;
}

export default async function enroll(argv: string[]): Promise<number> {
  const { values } = args(argv, { registry: { type: 'string' }, dir: { type: 'string' }, manifest: { type: 'string' }, fields: { type: 'string' }, server: { type: 'string' }, token: { type: 'string' }, limit: { type: 'string' } });
  if (!values.registry || (!values.dir && !values.manifest)) {
    process.stderr.write('usage: candor enroll --registry ID (--dir FOLDER | --manifest FILE.csv) [--fields JSON] [--limit N] [--server URL --token T]\n');
    return 2;
  }
  const template = values.fields ? JSON.parse(values.fields) as Record<string, unknown> : {};
  let items = values.dir ? itemsFromDir(values.dir, template) : itemsFromManifest(values.manifest!, template);
  if (values.limit) items = items.slice(0, Number(values.limit));
  // The journal lives in the data folder, never beside the input (which may be read-only shared data).
  const input = resolve(values.dir ?? values.manifest!);
  const journalDir = join(resolve(process.env.CANDOR_DATA_DIR ?? './data'), 'enroll-journals');
  mkdirSync(journalDir, { recursive: true });
  const journal = join(journalDir, `${values.registry}-${createHash('sha256').update(input).digest('hex').slice(0, 16)}.journal`);
  const done = new Set(existsSync(journal) ? readFileSync(journal, 'utf8').split('\n').filter(Boolean) : []);

  const { submit, close } = await submitter(values.registry, values.server, values.token ?? process.env.CANDOR_TOKEN);
  const bar = progress(items.length, 'enrol');
  const t0 = performance.now();
  let created = 0, existing = 0, skipped = 0, faces = 0, duplicates = 0;
  const rejected: Record<string, number> = {};
  for (const [i, item] of items.entries()) {
    const requestId = requestIdFor(values.registry, item);
    if (done.has(requestId)) { skipped++; bar(i + 1); continue; }
    if (item.body.face) faces++;
    try {
      const res = await submit({ ...item.body, requestId });
      if (res.created) created++; else existing++;
      duplicates += res.duplicates.length;
      appendFileSync(journal, `${requestId}\n`);
    } catch (e) {
      const code = e instanceof ApiError ? e.code : (e as { code?: string }).code ?? 'ERROR';
      rejected[code] = (rejected[code] ?? 0) + 1;
    }
    bar(i + 1, Object.keys(rejected).length ? `rejected ${Object.values(rejected).reduce((a, b) => a + b, 0)}` : '');
  }
  const seconds = (performance.now() - t0) / 1000;
  await close();
  json({ registry: values.registry, items: items.length, created, existing, skippedFromJournal: skipped, rejected, possibleDuplicates: duplicates, seconds: Math.round(seconds * 10) / 10, facesProcessedPerSecond: Math.round((faces / Math.max(seconds, 1e-3)) * 100) / 100, enrolledPerSecond: Math.round((created / Math.max(seconds, 1e-3)) * 100) / 100 });
  return 0;
}

type Submit = (body: EnrolBody) => Promise<{ created: boolean; duplicates: unknown[] }>;

async function submitter(registry: string, server: string | undefined, token: string | undefined): Promise<{ submit: Submit; close(): Promise<void> }> {
  if (server) {
    return { close: async () => {}, submit: async (body) => {
      const res = await fetch(`${server.replace(/\/$/, '')}/v1/registries/${encodeURIComponent(registry)}/records`, {
        method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token ?? ''}` }, body: JSON.stringify(body),
      });
      const out = await res.json() as { code?: string; created: boolean; duplicates: unknown[] };
      if (!res.ok) throw Object.assign(new Error(out.code ?? String(res.status)), { code: out.code ?? String(res.status) });
      return out;
    } };
  }
  const { localContext } = await import('./local.ts');
  const { enrolRecord } = await import('../enrol.ts');
  const { registryOr404 } = await import('../registry-access.ts');
  const ctx = await localContext();
  const reg = await registryOr404(ctx.store, registry);
  return { close: () => ctx.store.close(), submit: (body) => enrolRecord(ctx, { userId: null, name: 'cli:enroll' }, reg, body) };
}
