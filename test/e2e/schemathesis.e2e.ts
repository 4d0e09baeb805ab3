import * as fs from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { toolsDir } from '../../libs/infra/paths';
import { ensureSchemathesis, runSchemathesis, schemathesisVersion } from '../support/schemathesis';
import { TestStack } from '../support/stack';

/**
 * Schemathesis against the running API (real PostgreSQL and Temporal), authenticated as admin so
 * requests reach the handlers: every operation of the OpenAPI document with generated valid and
 * invalid input, bounded examples. No answer may be a 5xx, and every answer must match the schema
 * the document declares for its status.
 */
const MAX_EXAMPLES = Number(process.env.SCHEMATHESIS_MAX_EXAMPLES ?? 10);
let stack: TestStack;
let stDir: string;
let base: string;
let token: string;
let work: string;

beforeAll(async () => {
  stDir = ensureSchemathesis(toolsDir(), (m) => process.stdout.write(`\n[schemathesis] ${m}`));
  stack = await TestStack.start();
  const server = stack.app.getHttpServer() as Server;
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  token = await stack.login('admin');
  work = fs.mkdtempSync(path.join(os.tmpdir(), 'bangfu-st-'));
}, 600_000);

afterAll(async () => {
  await stack?.stop();
  if (work) fs.rmSync(work, { recursive: true, force: true });
});

interface Summary {
  requests: number;
  serverErrors: number;
  unauthenticated: number;
  failures: string[];
}

/** Requests sent, 5xx answers and failed checks, from schemathesis's NDJSON event stream. */
function summarise(ndjson: string): Summary {
  let requests = 0;
  let serverErrors = 0;
  let unauthenticated = 0;
  const failures = new Set<string>();
  for (const line of ndjson.split('\n')) {
    if (!line.trim()) continue;
    const event = JSON.parse(line) as Record<string, unknown>;
    const scenario = (event.ScenarioFinished ?? event.scenario_finished) as
      | {
          recorder?: {
            interactions?: Record<string, { response?: { status_code?: number } }>;
            checks?: Record<
              string,
              Array<{ name: string; status: string; failure_info?: { failure?: { title?: string } } }>
            >;
            label?: string;
          };
        }
      | undefined;
    const rec = scenario?.recorder;
    if (!rec) continue;
    for (const i of Object.values(rec.interactions ?? {})) {
      requests++;
      if ((i.response?.status_code ?? 0) >= 500) serverErrors++;
      if (i.response?.status_code === 401) unauthenticated++;
    }
    for (const checks of Object.values(rec.checks ?? {})) {
      for (const c of checks) {
        if (c.status === 'FAILURE' || c.status === 'failure') {
          failures.add(`${rec.label ?? '?'}: ${c.name} ${c.failure_info?.failure?.title ?? ''}`.trim());
        }
      }
    }
  }
  return { requests, serverErrors, unauthenticated, failures: [...failures] };
}

test(`schemathesis ${schemathesisVersion()}: no 5xx and no response-schema violation on any operation`, async () => {
  const doc = await stack.http().get('/docs-json').expect(200);
  const schema = path.join(work, 'openapi.json');
  fs.writeFileSync(schema, JSON.stringify(doc.body));
  const events = path.join(work, 'events.ndjson');
  const t0 = Date.now();
  const run = await runSchemathesis(
    stDir,
    [
      schema,
      '--url',
      base,
      '--header',
      `Authorization: Bearer ${token}`,
      // a logout would end the admin's session and leave every later request at 401
      '--exclude-path-regex',
      '/logout$',
      '--checks',
      'not_a_server_error,response_schema_conformance',
      '--phases',
      'examples,coverage,fuzzing',
      '--max-examples',
      String(MAX_EXAMPLES),
      '--seed',
      '14',
      '--workers',
      '2',
      '--no-shrink',
      '--request-timeout',
      '60',
      '--suppress-health-check',
      'all',
      '--continue-on-failure',
      '--report',
      'ndjson',
      '--report-ndjson-path',
      events,
    ],
    540_000,
    work,
  );
  if (process.env.KEEP_ST_EVENTS) fs.copyFileSync(events, process.env.KEEP_ST_EVENTS);
  const summary = summarise(fs.existsSync(events) ? fs.readFileSync(events, 'utf8') : '');
  process.stdout.write(
    `\n[schemathesis] ${summary.requests} requests in ${Math.round((Date.now() - t0) / 1000)} s, ` +
      `${summary.serverErrors} server errors, ${summary.unauthenticated} answered 401, ${summary.failures.length} failed checks\n`,
  );
  if (run.exitCode !== 0) process.stdout.write(run.output.slice(-20_000));
  expect(summary.requests).toBeGreaterThan(200);
  // the admin's token held: requests reached the handlers instead of the guard's 401
  expect(summary.unauthenticated).toBeLessThan(summary.requests / 10);
  expect(summary.failures).toEqual([]);
  expect(summary.serverErrors).toBe(0);
  expect(run.exitCode).toBe(0);
}, 600_000);
