import { globalHandles } from './e2e-env';

export default async function teardown(): Promise<void> {
  for (const stop of globalHandles.stops.reverse()) await stop();
}
