/** Jest globalTeardown: stops what globalSetup started, so a run leaves no process behind. */
export default async function globalTeardown(): Promise<void> {
  await globalThis.__performaInfra?.stop();
  globalThis.__performaInfra = undefined;
}
