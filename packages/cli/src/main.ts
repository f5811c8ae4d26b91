// Entry of the `candor` command. Each sub-command lives in its own module and is loaded lazily,
// so `candor eval finger` does not pay for the server's or the face models' start-up.
import { commands, usages } from './registry.ts';

async function main(argv: string[]): Promise<number> {
  await import('./commands.ts');
  const [name, ...rest] = argv;
  // Two-word commands ("eval face", "audit verify") are tried before one-word ones.
  const two = rest.length > 0 ? `${name} ${rest[0]}` : '';
  const key = two in commands ? two : name;
  if (!key || !(key in commands)) {
    process.stderr.write(`usage: candor <command>\ncommands:\n${Object.keys(commands).sort().map((c) => `  ${c}`).join('\n')}\n`);
    return key ? 2 : 0;
  }
  const args = key === two ? rest.slice(1) : rest;
  // Help never runs the command (some take minutes).
  if (args.includes('--help') || args.includes('-h')) {
    process.stdout.write(`usage: candor ${key} ${usages[key] ?? '\n  (no summary here: see the command in docs/ or its module header)'}\n`);
    return 0;
  }
  const run = await commands[key]();
  const code = await run(args);
  return typeof code === 'number' ? code : 0;
}

main(process.argv.slice(2)).then(
  (code) => { process.exitCode = code; },
  (err) => { process.stderr.write(`candor: ${err instanceof Error ? err.message : String(err)}\n`); process.exitCode = 1; },
);
