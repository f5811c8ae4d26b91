// Small helpers shared by the server's CLI commands.
import { parseArgs, type ParseArgsConfig } from 'node:util';

export function args<T extends NonNullable<ParseArgsConfig['options']>>(argv: string[], options: T) {
  return parseArgs({ args: argv, options, allowPositionals: true, strict: true });
}

export const json = (x: unknown) => process.stdout.write(`${JSON.stringify(x, null, 2)}\n`);

/** A one-line progress bar on stderr (stdout stays clean for JSON). */
export function progress(total: number, label: string) {
  const start = Date.now();
  let last = 0;
  return (done: number, extra = '') => {
    const now = Date.now();
    if (done < total && now - last < 200) return;
    last = now;
    const width = 30;
    const fill = total ? Math.round((done / total) * width) : width;
    const rate = done / Math.max(0.001, (now - start) / 1000);
    process.stderr.write(`\r${label} [${'#'.repeat(fill)}${'.'.repeat(width - fill)}] ${done}/${total} ${rate.toFixed(1)}/s ${extra}   `);
    if (done >= total) process.stderr.write('\n');
  };
}
