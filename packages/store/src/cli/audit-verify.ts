// candor audit verify: walks the hash chain; prints {ok, entries, firstBadSeq?, problem?}; exit 1 when broken.
import { openStore } from '../open.ts';
import { flags, print, stdout, type Out } from './args.ts';

export default async function auditVerify(argv: string[], out: Out = stdout): Promise<number> {
  const f = flags(argv);
  if (f.has('help')) {
    out('usage: candor audit verify [--expect-head <hash>]\n  exit 0 when the chain is intact, 1 when not\n');
    return 0;
  }
  const store = await openStore();
  try {
    const result = await store.verifyAudit();
    // A head hash kept elsewhere (printed, mailed, notarised) also catches a rebuilt chain.
    const expected = f.get('expect-head');
    if (result.ok && expected && !(await headSeen(store, expected))) {
      print({ ...result, ok: false, problem: 'the expected head hash is not in the chain (chain rewritten?)' }, out);
      return 1;
    }
    print(result, out);
    return result.ok ? 0 : 1;
  } finally {
    await store.close();
  }
}

async function headSeen(store: Awaited<ReturnType<typeof openStore>>, hash: string): Promise<boolean> {
  return (await store.db.query('SELECT 1 FROM audit_log WHERE hash = $1', [hash])).rows.length > 0;
}
