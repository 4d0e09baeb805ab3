import { globalHandles } from './e2e-env';

export default async function teardown(): Promise<void> {
  // shared by the e2e and browser projects: the first call stops everything, a second finds nothing
  globalHandles.ready = false;
  for (const stop of globalHandles.stops.splice(0).reverse()) await stop();
}
