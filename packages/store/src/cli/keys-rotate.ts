// candor keys rotate [--batch N]: new data key, every encrypted blob re-encrypted with it.
// candor keys rotate --master [--out FILE]: new master key wrapping the (unchanged) data keys.
import { openStore } from '../open.ts';
import { params } from '../params.ts';
import { blobsPerKey } from '../rotate.ts';
import { flags, positiveNumber, print, stdout, type Out } from './args.ts';

export default async function keysRotate(argv: string[], out: Out = stdout): Promise<number> {
  const f = flags(argv);
  if (f.has('help')) {
    out(`usage: candor keys rotate [--batch N]   (rows per transaction, default ${params.rotationBatchSize})\n`
      + '       candor keys rotate --master [--out FILE]   (FILE needed when the key comes from CANDOR_KEY)\n');
    return 0;
  }
  const batchSize = Math.floor(positiveNumber(f.get('batch'), 'batch', params.rotationBatchSize));
  const store = await openStore();
  try {
    if (f.has('master')) {
      // The new key itself is never printed: it goes to a 0600 file.
      print(await store.rotateMasterKey({ out: f.get('out'), actor: 'cli:keys' }), out);
      return 0;
    }
    const started = performance.now();
    const r = await store.rotateKeys({ batchSize, actor: 'cli:keys' });
    print({ ...r, blobsPerKey: await blobsPerKey(store.db), ms: Math.round(performance.now() - started) }, out);
    return 0;
  } finally {
    await store.close();
  }
}
