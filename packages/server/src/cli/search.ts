// candor search --registry ID[,ID] --purpose P --case REF [--reason R] [--face FILE] [--finger POS:FILE ...] [--top K]
//   [--server URL] [--token T | env CANDOR_TOKEN]
// Runs a search through the HTTP API (so it is audited like any other) and prints the JSON answer.
import { readFileSync } from 'node:fs';
import { args, json } from './args.ts';

export default async function search(argv: string[]): Promise<number> {
  const { values } = args(argv, {
    registry: { type: 'string' }, purpose: { type: 'string' }, case: { type: 'string' }, reason: { type: 'string' },
    face: { type: 'string' }, finger: { type: 'string', multiple: true }, top: { type: 'string' },
    server: { type: 'string' }, token: { type: 'string' },
  });
  if (!values.registry || !values.purpose || !values.case || (!values.face && !values.finger?.length)) {
    process.stderr.write('usage: candor search --registry ID --purpose P --case REF (--face FILE | --finger POS:FILE ...) [--reason R] [--server URL --token T]\n');
    return 2;
  }
  const body = {
    registries: values.registry.split(','), purpose: values.purpose, caseRef: values.case,
    ...(values.reason ? { reason: values.reason } : {}),
    ...(values.face ? { face: { image: readFileSync(values.face).toString('base64') } } : {}),
    ...(values.finger?.length ? { fingers: values.finger.map((f) => { const [pos, ...file] = f.split(':'); return { position: Number(pos), image: readFileSync(file.join(':')).toString('base64') }; }) } : {}),
    ...(values.top ? { topK: Number(values.top) } : {}),
  };
  const server = (values.server ?? process.env.CANDOR_URL ?? `http://localhost:${process.env.PORT ?? 8080}`).replace(/\/$/, '');
  const res = await fetch(`${server}/v1/search`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${values.token ?? process.env.CANDOR_TOKEN ?? ''}` }, body: JSON.stringify(body) });
  json(await res.json());
  return res.ok ? 0 : 1;
}
