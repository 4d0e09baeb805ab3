import { temporal } from '@temporalio/proto';
import { DefaultLogger, Runtime, Worker } from '@temporalio/worker';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Committed histories of earlier runs replay against today's workflow code: a change that is not
 * deterministic for running workflows fails here. Refresh with RECORD_HISTORIES=1 npm run test:workflows
 * only when old histories are meant to be abandoned (or guard the change with patched()).
 */
const dir = join(__dirname, 'histories');
const files = readdirSync(dir).filter((f) => f.endsWith('.json'));

beforeAll(() => {
  try {
    Runtime.install({ logger: new DefaultLogger('WARN') });
  } catch {
    // installed by another suite in this process
  }
});

test('there are histories to replay', () => {
  expect(files.length).toBeGreaterThanOrEqual(2);
});

test.each(files)('%s replays without non-determinism', async (file) => {
  const history = temporal.api.history.v1.History.fromObject(
    JSON.parse(readFileSync(join(dir, file), 'utf8')),
  );
  await Worker.runReplayHistory(
    { workflowsPath: require.resolve('../../workflows') },
    history,
    file.replace(/\.json$/, ''),
  );
});
