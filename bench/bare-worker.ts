/**
 * The bare shape's worker for bench:cases (a child process, as the real worker is): the workflows of
 * bare.workflow.ts on task queue BARE_TASK_QUEUE, one activity doing one INSERT on a pg pool.
 */
import * as path from 'node:path';
import { NativeConnection, Worker, bundleWorkflowCode } from '@temporalio/worker';
import { Pool } from 'pg';
import type { BareActivities } from './bare.workflow';

async function main(): Promise<void> {
  const pool = new Pool({ connectionString: process.env.DATABASE_URL, max: 10 });
  const activities: BareActivities = {
    async insertRow(id: string) {
      await pool.query(`INSERT INTO bench_bare (id) VALUES ($1) ON CONFLICT DO NOTHING`, [id]);
    },
  };
  const connection = await NativeConnection.connect({ address: process.env.TEMPORAL_ADDRESS! });
  const { code } = await bundleWorkflowCode({ workflowsPath: path.join(__dirname, 'bare.workflow.js') });
  const worker = await Worker.create({
    connection,
    taskQueue: process.env.BARE_TASK_QUEUE ?? 'bench-bare',
    workflowBundle: { code },
    activities,
  });
  process.once('SIGTERM', () => worker.shutdown());
  await worker.run();
  await connection.close();
  await pool.end();
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    console.error(err);
    process.exit(1);
  },
);
