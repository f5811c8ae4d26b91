// candor registries list | show <id> | set <definition.json>
import { readFileSync } from 'node:fs';
import { openStore, type RegistryDefinition } from '@candor/store';
import { args, json } from './args.ts';
import { seedRegistries } from '../start.ts';

export default async function registries(argv: string[]): Promise<number> {
  const { positionals } = args(argv, {});
  const [action = 'list', arg] = positionals;
  const store = await openStore();
  try {
    await seedRegistries(store);
    if (action === 'list') {
      const counts = await Promise.all((await store.registries.list()).map(async (r) => ({ id: r.id, kind: r.kind, name: r.name, modalities: r.modalities, training: r.training, targetFmr: r.targetFmr, records: await store.records.count(r.id) })));
      json(counts);
    } else if (action === 'show' && arg) {
      const r = await store.registries.get(arg);
      if (!r) throw new Error(`no registry ${arg}`);
      json(r);
    } else if (action === 'set' && arg) {
      const def = JSON.parse(readFileSync(arg, 'utf8')) as RegistryDefinition;
      for (const k of ['id', 'kind', 'name', 'fieldsSchema', 'modalities', 'targetFmr', 'searchRoles', 'readRoles'] as const) if (def[k] === undefined) throw new Error(`definition needs "${k}"`);
      json(await store.registries.upsert({ ...def, training: def.training ?? false }));
      await store.audit.append({ actor: 'cli', action: 'registry.set', subjects: { registryId: def.id } });
    } else throw new Error('usage: candor registries list | show <id> | set <definition.json>');
    return 0;
  } finally { await store.close(); }
}
