export default async function benchSearch(): Promise<number> { process.stderr.write('bench search: not yet\n'); return 1; }
