/**
 * The bare shape bench:cases compares the case path with: an update-with-start whose update runs
 * one activity doing one INSERT and answers; the workflow then ends. `bareLocalWorkflow` does the
 * same with a local activity (no activity task round trip through the server).
 */
import {
  condition,
  defineUpdate,
  proxyActivities,
  proxyLocalActivities,
  setHandler,
} from '@temporalio/workflow';

export interface BareActivities {
  insertRow(id: string): Promise<void>;
}

export const bareUpdate = defineUpdate<string>('bare');

const acts = proxyActivities<BareActivities>({ startToCloseTimeout: '30 seconds' });
const local = proxyLocalActivities<BareActivities>({ startToCloseTimeout: '30 seconds' });

async function run(id: string, insert: (id: string) => Promise<void>): Promise<void> {
  let done = false;
  setHandler(bareUpdate, async () => {
    await insert(id);
    done = true;
    return id;
  });
  await condition(() => done);
}

export async function bareWorkflow(id: string): Promise<void> {
  await run(id, acts.insertRow);
}

export async function bareLocalWorkflow(id: string): Promise<void> {
  await run(id, local.insertRow);
}
