export default async function notYet(): Promise<number> {
  process.stderr.write('not implemented yet\n');
  return 1;
}
