// Sub-command table. A command module's default export runs it and returns an exit code.
export type Command = (argv: string[]) => Promise<number | void>;

export const commands: Record<string, () => Promise<Command>> = {};
/** What `candor <command> --help` prints: the command's arguments (without loading the command). */
export const usages: Record<string, string> = {};

export function register(name: string, load: () => Promise<{ default: Command }>, usage?: string): void {
  commands[name] = async () => (await load()).default;
  if (usage) usages[name] = usage;
}
