// PGlite is one process per data folder: a second process opening the same folder would corrupt
// it. A pid file guards it; a pid file left by a dead process is taken over.
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { StoreError } from './types.ts';

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Takes the folder for this process; returns the release function. */
export function lockFolder(dir: string): () => void {
  const file = join(dir, 'candor.pid');
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      writeFileSync(file, String(process.pid), { flag: 'wx' });
      return () => rmSync(file, { force: true });
    } catch {
      const pid = Number(readFileSync(file, 'utf8').trim());
      if (pid === process.pid) throw new StoreError('CONFIG', `${dir} is already open in this process`);
      if (Number.isInteger(pid) && pid > 0 && alive(pid)) {
        throw new StoreError('CONFIG', `the embedded database in ${dir} is in use by process ${pid}; stop it first or use DATABASE_URL`);
      }
      rmSync(file, { force: true });
    }
  }
  throw new StoreError('CONFIG', `cannot lock ${dir}`);
}
