import { Client } from '@temporalio/client';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import {
  bundleWorkflowCode,
  DefaultLogger,
  Runtime,
  Worker,
  WorkflowBundleWithSourceMap,
} from '@temporalio/worker';
import { randomBytes } from 'node:crypto';
import { DataSource } from 'typeorm';
import { createReassessmentActivities, createTaskActivities, translated } from '../../activities';
import { dataSourceOptions } from '../../libs/database/data-source';
import { toolsDir } from '../../libs/infra/paths';
import { databaseUrl, dropDatabase, ensureDatabase } from '../../libs/infra/postgres';
import { resolveTemporalTestServer } from '../../libs/infra/temporal-binaries';
import { AuditRepository } from '../../libs/audit/audit.repository';
import { FilesRepository } from '../../libs/files/files.repository';
import { HouseholdsRepository } from '../../libs/households/households.repository';
import { PolicyRepository } from '../../libs/policy/policy.repository';
import { ReassessmentRepository } from '../../libs/reassessment/reassessment.repository';
import { TasksRepository } from '../../libs/tasks/tasks.repository';
import { reassessmentCampaignWorkflow } from '../../workflows';
import { TEMPLATE_DB } from '../support/e2e-env';
import { recordHistory } from '../support/histories';
import { dataConverterFromEnv } from '../../libs/security/payload-codec';

/**
 * Exit by months above 低保, on the time-skipping server with the campaign's real set-based SQL on a
 * real PostgreSQL (a clone of the migrated, seeded template): as simulated months pass, a monthly
 * income is recorded and a campaign runs; exit is proposed only once 6 consecutive complete months
 * are above 低保, and a dip in between starts the count again.
 */
let env: TestWorkflowEnvironment;
let bundle: WorkflowBundleWithSourceMap;
let ds: DataSource;
const dbName = `bangfu_t_${randomBytes(5).toString('hex')}`;
const DAY = 24 * 60 * 60 * 1000;

beforeAll(async () => {
  try {
    Runtime.install({ logger: new DefaultLogger('WARN') });
  } catch {
    // installed by another suite in this process
  }
  const server = resolveTemporalTestServer(toolsDir());
  env = await TestWorkflowEnvironment.createTimeSkipping({
    ...(server.path ? { server: { executable: { type: 'existing-path', path: server.path } } } : undefined),
    client: { dataConverter: dataConverterFromEnv() },
  });
  bundle = await bundleWorkflowCode({
    workflowsPath: require.resolve('../../workflows'),
    logger: new DefaultLogger('WARN'),
  });
  await ensureDatabase(process.env.BANGFU_TEST_PG_SERVER!, dbName, TEMPLATE_DB);
  ds = await new DataSource(
    dataSourceOptions(databaseUrl(process.env.BANGFU_TEST_PG_SERVER!, dbName)),
  ).initialize();
}, 180_000);

afterAll(async () => {
  await env?.teardown();
  await ds?.destroy();
  await dropDatabase(process.env.BANGFU_TEST_PG_SERVER!, dbName);
});

test('monthly incomes above 低保 → exit proposed only after 6 consecutive months; a dip resets the count', async () => {
  // a locality of its own (低保 1,000 yuan) so the campaigns see only this household
  await ds.query(
    `INSERT INTO policy_versions (version, data, note)
       SELECT 2, jsonb_set(data, '{localities}', (data -> 'localities') || '[{"code":"T00001","nameZh":"测试市","dibaoFenPerPersonMonth":100000}]'::jsonb), 'test locality'
         FROM policy_versions WHERE version = 1`,
  );
  const [{ id: fileId }] = (await ds.query(
    `WITH u AS (SELECT id FROM org_units WHERE code = 'G-01'), cw AS (SELECT id FROM users WHERE username = 'caseworker'),
            h AS (INSERT INTO households (code, org_unit_id, locality_code, member_count, caseworker_id)
                  SELECT 'TS-1', u.id, 'T00001', 2, cw.id FROM u, cw RETURNING id, org_unit_id, caseworker_id),
            w AS (INSERT INTO workers (employee_no, name, org_unit_id, household_id) SELECT 'TS-W1', '测试职工', org_unit_id, id FROM h RETURNING id, household_id, org_unit_id)
       INSERT INTO hardship_files (id, file_no, workflow_id, household_id, worker_id, org_unit_id, status, causes, caseworker_id, category, activated_at)
       SELECT x.id, 'HF-TS-1', 'hardship-file:' || x.id, w.household_id, w.id, w.org_unit_id, 'active', ARRAY['illness'], h.caseworker_id, 'deep', now()
         FROM (SELECT gen_random_uuid() AS id) x, w, h RETURNING id`,
  )) as Array<{ id: string }>;
  // a plain client: time moves only when the test sleeps, not while it waits for a campaign's result
  const plain = new Client({
    connection: env.connection,
    namespace: env.namespace ?? 'default',
    dataConverter: dataConverterFromEnv(),
  });
  const policy = new PolicyRepository(ds);
  const audit = new AuditRepository(ds);
  const tasks = new TasksRepository(ds, policy, audit);
  const reassessments = new ReassessmentRepository(
    ds,
    policy,
    audit,
    new FilesRepository(ds, policy, audit, new HouseholdsRepository(ds)),
    tasks,
  );
  const worker = await Worker.create({
    dataConverter: dataConverterFromEnv(),
    connection: env.nativeConnection,
    taskQueue: 'campaign-test',
    workflowBundle: bundle,
    activities: translated({
      ...createReassessmentActivities({ reassessments, tasks }),
      ...createTaskActivities({ tasks }),
    }),
  });
  // month i's household income per person: above 低保 (1,250 yuan) except a dip (750 yuan) in month 4
  const above = (i: number) => i !== 4;
  const monthsAbove: number[] = [];
  const outcomes: string[] = [];
  await worker.runUntil(async () => {
    for (let i = 1; i <= 10; i++) {
      // to 2 days into the next month (China Standard Time)
      const now = await env.currentTimeMs();
      const cst = new Date(now + 8 * 3600_000);
      const nextMonth = Date.UTC(cst.getUTCFullYear(), cst.getUTCMonth() + 1, 1) - 8 * 3600_000;
      await env.sleep(nextMonth + 10 * DAY - now);
      const t = await env.currentTimeMs();
      // the month that just ended, in China Standard Time
      const here = new Date(t + 8 * 3600_000);
      const lastMonth = new Date(Date.UTC(here.getUTCFullYear(), here.getUTCMonth() - 1, 1))
        .toISOString()
        .slice(0, 10);
      await ds.query(
        `INSERT INTO household_incomes (household_id, month, source, amount_fen, created_at)
           SELECT household_id, $2, 'wage', $3, $4 FROM hardship_files WHERE id = $1`,
        [fileId, lastMonth, above(i) ? 250_000 : 150_000, new Date(t - DAY)],
      );
      const campaignId = `reassessment:test-m${i}`;
      const r = await plain.workflow.execute(reassessmentCampaignWorkflow, {
        taskQueue: 'campaign-test',
        workflowId: campaignId,
        args: [
          {
            campaignId,
            kind: 'quarterly',
            quarter: null,
            policyVersion: null,
            localityCodes: ['T00001'],
            startedBy: null,
          },
        ],
      });
      expect(r).toMatchObject({ status: 'completed', processed: 1, total: 1 });
      const [row] = (await ds.query(
        `SELECT outcome, months_above, policy_version FROM reassessment_results WHERE campaign_id = $1 AND file_id = $2`,
        [campaignId, fileId],
      )) as Array<{ outcome: string; months_above: number; policy_version: number }>;
      expect(row!.policy_version).toBe(2);
      monthsAbove.push(row!.months_above);
      outcomes.push(row!.outcome);
    }
    expect(monthsAbove).toEqual([1, 2, 3, 0, 1, 2, 3, 4, 5, 6]);
    expect(outcomes.slice(0, 9)).not.toContain('exit_proposed');
    expect(outcomes[9]).toBe('exit_proposed');
    // the exit proposal waits for the union chair in the task inbox
    for (let k = 0; k < 400; k++) {
      const [t] = (await ds.query(
        `SELECT candidate_role, workflow_id FROM tasks WHERE type = 'exit_approval' AND subject_id = $1`,
        [fileId],
      )) as Array<{ candidate_role: string; workflow_id: string }>;
      if (t) {
        expect(t).toEqual({
          candidate_role: 'union_chair',
          workflow_id: `reassessment:test-m10:exit:${fileId}`,
        });
        break;
      }
      if (k === 399) throw new Error('no exit approval task');
      await new Promise((res) => setTimeout(res, 25));
    }
    // pinned for replay (RECORD_HISTORIES=1): a monthly campaign and its exit proposal still waiting
    await recordHistory(env.client, 'reassessment-campaign-exit-proposed', 'reassessment:test-m10');
    await recordHistory(env.client, 'file-exit-running', `reassessment:test-m10:exit:${fileId}`);
    await env.client.workflow.getHandle(`reassessment:test-m10:exit:${fileId}`).terminate('test over');
  });
}, 300_000);
