import { temporal } from '@temporalio/proto';
import { bundleWorkflowCode, DefaultLogger, Runtime, Worker, type WorkflowBundle } from '@temporalio/worker';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { HISTORIES_DIR } from '../support/histories';
import { dataConverterFromEnv } from '../../libs/security/payload-codec';

/**
 * Committed histories of earlier runs (finished ones, and ones still running when they were
 * recorded: the shape of a workflow that is running when new code deploys) replay against today's
 * workflow code: a change that is not deterministic for them fails here. Record new ones with
 * RECORD_HISTORIES=1 (test/support/histories.ts); never re-record an old one to make it pass: guard
 * the change with patched() instead (docs/architecture.md, "Changing a workflow").
 */
const files = readdirSync(HISTORIES_DIR)
  .filter((f) => f.endsWith('.json'))
  .sort();

function load(file: string): temporal.api.history.v1.History {
  return temporal.api.history.v1.History.fromObject(
    JSON.parse(readFileSync(join(HISTORIES_DIR, file), 'utf8')),
  );
}

let bundle: WorkflowBundle;

beforeAll(async () => {
  try {
    Runtime.install({ logger: new DefaultLogger('WARN') });
  } catch {
    // installed by another suite in this process
  }
  bundle = await bundleWorkflowCode({
    workflowsPath: require.resolve('../../workflows'),
    logger: new DefaultLogger('WARN'),
  });
}, 120_000);

test('every workflow type has recorded histories to replay', () => {
  const types = new Set(
    files.map((f) => {
      const started = load(f).events[0]?.workflowExecutionStartedEventAttributes;
      return started?.workflowType?.name;
    }),
  );
  for (const t of [
    'aidCaseWorkflow',
    'hardshipFileWorkflow',
    'loanWorkflow',
    'subsidyWorkflow',
    'recertificationWorkflow',
    'earlyWarningWorkflow',
    'fileExitWorkflow',
    'fileRecheckWorkflow',
    'reassessmentCampaignWorkflow',
    'lifecycleSweepWorkflow',
    'holidayCampaignWorkflow',
    'hrImportWorkflow',
  ]) {
    expect([t, types.has(t)]).toEqual([t, true]);
  }
});

test('every recorded history replays on today’s workflow code (one bundle, all histories)', async () => {
  const histories = files.map((file) => ({ workflowId: file.replace(/\.json$/, ''), history: load(file) }));
  const failures: string[] = [];
  for await (const r of Worker.runReplayHistories(
    { workflowBundle: bundle, dataConverter: dataConverterFromEnv() },
    histories,
  )) {
    if (r.error) failures.push(`${r.workflowId}: ${r.error.message}`);
  }
  expect(failures).toEqual([]);
  expect(histories.length).toBe(files.length);
}, 300_000);

test('a deliberately non-deterministic edit fails the replay', async () => {
  const edited = await bundleWorkflowCode({
    workflowsPath: require.resolve('./fixtures/non-deterministic.workflows'),
    logger: new DefaultLogger('WARN'),
  });
  const file = 'aid-case-all-stages.json';
  await expect(
    Worker.runReplayHistory(
      { workflowBundle: edited, dataConverter: dataConverterFromEnv() },
      load(file),
      file.replace(/\.json$/, ''),
    ),
  ).rejects.toThrow(/[Nn]ondetermin/);
}, 120_000);
