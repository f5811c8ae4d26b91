export default async function version(): Promise<void> {
  console.log('candor 0.1.0');
}
