// `candor eval contactless-calibrate --contactless DIR --contact DIR[,DIR...] [--out FILE]`
// Impostor score distributions of contactless captures, written as the table the engine ships
// (packages/finger/src/contactless/calibration.json):
//  - toContact: every contactless image against every contact impression. The two sets come from
//    different people, so every pair is an impostor pair: no paired data is needed for this side.
//  - toContactless: contactless images of different fingers against each other.
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { FingerprintMatcher, FingerTemplate } from '@candor/finger';
import { defaultDpi, enrolAll, listSamples, parseArgs } from '../finger/dataset.ts';
import { buildTable } from '../finger/eval-finger-calibrate.ts';
import { enrolPhoto } from './folder.ts';
import { listContactlessSample } from './sample.ts';
import { score, summary } from './scores.ts';

const DEFAULT_OUT = fileURLToPath(new URL('../../../finger/src/contactless/calibration.json', import.meta.url));

export default async function calibrateContactless(argv: string[]): Promise<number> {
  const args = parseArgs(argv);
  if (typeof args.contactless !== 'string' || typeof args.contact !== 'string') {
    process.stderr.write('usage: candor eval contactless-calibrate --contactless DIR --contact DIR[,DIR...] [--out FILE]\n');
    return 2;
  }
  // The shared sample's layout, or a plain folder of `<finger>_<capture>.<ext>` photos.
  const sample = listContactlessSample(args.contactless);
  const samples = sample.processed.length ? sample.processed : listSamples(args.contactless);
  const photos = samples.map((s) => enrolPhoto(s, readFileSync(s.path))).filter((e) => e.template);
  const contact: { template: FingerTemplate | null }[] = [];
  for (const dir of args.contact.split(',')) contact.push(...(await enrolAll(listSamples(dir), defaultDpi(dir))));

  const cache = new Map<FingerTemplate, FingerprintMatcher>();
  const toContact: number[] = [], toContactless: number[] = [];
  for (const p of photos) for (const c of contact) if (c.template) toContact.push(score(p.template, c.template, cache));
  for (let i = 0; i < photos.length; i++) for (let j = i + 1; j < photos.length; j++) {
    if (photos[i].finger !== photos[j].finger) toContactless.push(score(photos[i].template, photos[j].template, cache));
  }
  const table = {
    toContact: { ...buildTable(toContact), kind: 'contactless-to-contact' },
    toContactless: { ...buildTable(toContactless), kind: 'contactless-to-contactless' },
    sources: { contactless: samples.length, enrolled: photos.length, contact: contact.filter((c) => c.template).length },
  };
  const out = typeof args.out === 'string' ? args.out : DEFAULT_OUT;
  writeFileSync(out, `${JSON.stringify(table)}\n`);
  process.stdout.write(`${JSON.stringify({ out, sources: table.sources, toContact: summary(toContact), toContactless: summary(toContactless) })}\n`);
  return 0;
}
