// Minimal flag parsing for the face eval and bench commands: --name value, and bare --switch.
export function parseArgs(argv: string[], switches: string[]): { flags: Record<string, string>; on: Set<string> } {
  const flags: Record<string, string> = {};
  const on = new Set<string>();
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (!a.startsWith('--')) throw new Error(`unexpected argument ${a}`);
    const name = a.slice(2);
    if (switches.includes(name)) on.add(name);
    else if (i + 1 < argv.length) flags[name] = argv[++i];
    else throw new Error(`--${name} needs a value`);
  }
  return { flags, on };
}
