import { workflowHandles } from './workflows.global-setup';

export default async function teardown(): Promise<void> {
  for (const stop of workflowHandles.stops.splice(0).reverse()) await stop();
}
