import type { Client } from '@temporalio/client';
import { temporal } from '@temporalio/proto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Committed histories that test/workflows/replay.test.ts replays against today's workflow code.
 * Recorded only with RECORD_HISTORIES=1 (never in CI): refresh them when a workflow gains a
 * behaviour worth pinning, and never to paper over a non-deterministic change (use patched()).
 */
export const HISTORIES_DIR = join(__dirname, '..', 'workflows', 'histories');

export function recording(): boolean {
  return process.env.RECORD_HISTORIES === '1';
}

/** Writes the history of `workflowId` (running or closed) as histories/<name>.json. */
export async function recordHistory(client: Client, name: string, workflowId: string): Promise<void> {
  if (!recording()) return;
  const history = await client.workflow.getHandle(workflowId).fetchHistory();
  mkdirSync(HISTORIES_DIR, { recursive: true });
  const obj = temporal.api.history.v1.History.toObject(temporal.api.history.v1.History.fromObject(history), {
    longs: String,
    enums: String,
    bytes: String,
  });
  writeFileSync(join(HISTORIES_DIR, `${name}.json`), JSON.stringify(obj, null, 1));
}

/**
 * Records every workflow a suite starts through `client.workflow.start`, under
 * `<prefix>-<workflow id>`, when the suite ends (call the returned function in afterAll, before the
 * environment is torn down). A workflow still running then is recorded as it stands: the shape of
 * a workflow that is running when new code deploys.
 */
export function recordStartedWorkflows(client: Client, prefix: string): () => Promise<void> {
  const started: string[] = [];
  if (recording()) {
    const start = client.workflow.start.bind(client.workflow);
    client.workflow.start = (async (...args: Parameters<typeof start>) => {
      const handle = await start(...args);
      started.push(handle.workflowId);
      return handle;
    }) as typeof start;
  }
  return async () => {
    for (const id of started) {
      const name = id.startsWith(`${prefix}:`) ? id : `${prefix}-${id}`;
      await recordHistory(client, name.replace(/[^A-Za-z0-9_-]+/g, '-'), id);
    }
  };
}
