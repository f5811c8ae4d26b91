import type { Db, Modality, RegistriesRepo, Registry } from '../types.ts';

type Row = {
  id: string; kind: string; name: string; fields_schema: Record<string, unknown>; modalities: string[]; training: boolean;
  target_fmr: number; match_policy: Record<string, unknown>; search_roles: string[]; read_roles: string[]; created_at: Date; updated_at: Date;
};
const toRegistry = (r: Row): Registry => ({
  id: r.id, kind: r.kind, name: r.name, fieldsSchema: r.fields_schema ?? {}, modalities: (r.modalities ?? []) as Modality[],
  training: r.training, targetFmr: Number(r.target_fmr), matchPolicy: r.match_policy ?? {},
  searchRoles: r.search_roles ?? [], readRoles: r.read_roles ?? [], createdAt: new Date(r.created_at), updatedAt: new Date(r.updated_at),
});

export function registriesRepo(db: Db): RegistriesRepo {
  return {
    async upsert(d) {
      const r = await db.query<Row>(
        `INSERT INTO registries (id, kind, name, fields_schema, modalities, training, target_fmr, match_policy, search_roles, read_roles)
         VALUES ($1, $2, $3, $4::jsonb, $5, $6, $7, $8::jsonb, $9, $10)
         ON CONFLICT (id) DO UPDATE SET kind = EXCLUDED.kind, name = EXCLUDED.name, fields_schema = EXCLUDED.fields_schema,
           modalities = EXCLUDED.modalities, training = EXCLUDED.training, target_fmr = EXCLUDED.target_fmr,
           match_policy = EXCLUDED.match_policy, search_roles = EXCLUDED.search_roles, read_roles = EXCLUDED.read_roles,
           updated_at = now()
         RETURNING *`,
        [d.id, d.kind, d.name, JSON.stringify(d.fieldsSchema ?? {}), d.modalities, d.training, d.targetFmr,
          JSON.stringify(d.matchPolicy ?? {}), d.searchRoles, d.readRoles]);
      return toRegistry(r.rows[0]);
    },
    get: async (id) => { const r = (await db.query<Row>('SELECT * FROM registries WHERE id = $1', [id])).rows[0]; return r ? toRegistry(r) : null; },
    list: async () => (await db.query<Row>('SELECT * FROM registries ORDER BY id')).rows.map(toRegistry),
  };
}
