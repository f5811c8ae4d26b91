// candor finger upgrade-templates [--dry-run]
// Re-extracts finger templates stored in an older format (see ../finger-upgrade.ts) from their sample
// images. Run it with the server stopped, or restart the server afterwards: the server loads templates
// into its in-memory indexes at start-up. Prints a JSON report; exits 1 if any template failed.
import { openStore } from '@candor/store';
import { upgradeFingerTemplates } from '../finger-upgrade.ts';
import { createFingerEnginePort } from '../real-engines.ts';
import { DEFAULT_PURPOSES } from '../context.ts';
import { args, json, progress } from './args.ts';

export default async function fingerUpgrade(argv: string[]): Promise<number> {
  const { values } = args(argv, { 'dry-run': { type: 'boolean' }, help: { type: 'boolean' } });
  if (values.help) {
    process.stdout.write('usage: candor finger upgrade-templates [--dry-run]   (re-extract finger templates of an older format from their samples)\n');
    return 0;
  }
  const store = await openStore({ defaultPurposes: DEFAULT_PURPOSES });
  try {
    const finger = await createFingerEnginePort();
    let bar: ((done: number) => void) | null = null;
    const report = await upgradeFingerTemplates(store, finger, {
      actor: 'cli:finger-upgrade', dryRun: !!values['dry-run'],
      onProgress: (r) => { bar ??= progress(r.examined - r.current, 'upgrading'); bar(r.upgraded + r.failed); },
    });
    json({ ...report, dryRun: !!values['dry-run'] });
    return report.failed ? 1 : 0;
  } finally {
    await store.close();
  }
}
