// Tiny flag parser for the store's commands: --name value, --flag.
export function flags(argv: string[]): Map<string, string> {
  const out = new Map<string, string>();
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (!a.startsWith('--')) throw new Error(`unexpected argument ${a}`);
    const [k, v] = a.slice(2).split('=', 2);
    if (v !== undefined) out.set(k, v);
    else if (i + 1 < argv.length && !argv[i + 1].startsWith('--')) out.set(k, argv[++i]);
    else out.set(k, 'true');
  }
  return out;
}

export function positiveNumber(value: string | undefined, name: string, fallback: number): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isFinite(n) || n <= 0) throw new Error(`--${name} must be a positive number`);
  return n;
}

export type Out = (text: string) => void;
export const stdout: Out = (text) => { process.stdout.write(text); };

export function print(value: unknown, out: Out = stdout): void {
  out(JSON.stringify(value, null, 2) + '\n');
}
