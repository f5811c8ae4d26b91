// candor retention run [--days N]: deletes expired probe captures now and prints what it did.
import { openStore } from '../open.ts';
import { params } from '../params.ts';
import { flags, positiveNumber, print, stdout, type Out } from './args.ts';

export default async function retentionRun(argv: string[], out: Out = stdout): Promise<number> {
  const f = flags(argv);
  if (f.has('help')) {
    out(`usage: candor retention run [--days N]   (default ${params.retentionDays}, env CANDOR_RETENTION_DAYS)\n`);
    return 0;
  }
  const days = positiveNumber(f.get('days') ?? process.env.CANDOR_RETENTION_DAYS, 'days', params.retentionDays);
  const store = await openStore();
  try {
    const r = await store.runRetention(new Date(), { days, actor: 'cli:retention' });
    print({ deletedProbes: r.deletedProbes, days: r.days, cutoff: r.cutoff.toISOString(), auditSeq: r.auditSeq, searchIds: r.searchIds, expiredSessions: r.expiredSessions }, out);
    return 0;
  } finally {
    await store.close();
  }
}
