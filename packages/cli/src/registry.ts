// Sub-command table. A command module's default export runs it and returns an exit code.
export type Command = (argv: string[]) => Promise<number | void>;

export const commands: Record<string, () => Promise<Command>> = {};

export function register(name: string, load: () => Promise<{ default: Command }>): void {
  commands[name] = async () => (await load()).default;
}
