/* eslint-disable @typescript-eslint/no-explicit-any -- JSON response bodies of several shapes */
import { ChildProcess, execFileSync, spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { freePort, isPortOpen } from '../../libs/infra/ports';
import { projectRoot } from '../../libs/infra/paths';

/**
 * `npm start` as a user runs it (the built launcher): embedded PostgreSQL, the Temporal dev server,
 * migrations, demo data, worker and API; each of them killed with -9 is restarted (logged, with
 * back-off) and the stack keeps working; Ctrl-C (SIGINT) leaves no process behind; a second start
 * keeps the first run's case and its workflow, which can still be decided.
 */
const root = projectRoot();
let dataDir: string;
let ports: { api: number; pg: number; temporal: number; ui: number };

beforeAll(async () => {
  execFileSync(process.execPath, [path.join(root, 'scripts', 'bootstrap.js')], {
    cwd: root,
    stdio: 'ignore',
  });
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'bangfu-launcher-'));
  fs.chmodSync(dataDir, 0o755);
  ports = { api: await freePort(), pg: await freePort(), temporal: await freePort(), ui: await freePort() };
}, 180_000);

const launched: ChildProcess[] = [];

// If an assertion fails mid-test, still stop whatever the launcher started (Ctrl-C, then kill).
afterAll(async () => {
  for (const child of launched) {
    if (child.exitCode !== null || child.signalCode !== null) continue;
    const gone = new Promise((r) => child.once('exit', r));
    child.kill('SIGINT');
    await Promise.race([gone, new Promise((r) => setTimeout(r, 20_000))]);
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  }
  if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
}, 60_000);

interface Running {
  child: ChildProcess;
  output: () => string;
  startedInMs: number;
}

async function start(): Promise<Running> {
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const k of [
    'DATABASE_URL',
    'TEMPORAL_ADDRESS',
    'TEMPORAL_TASK_QUEUE',
    'WORKFLOW_BUNDLE_PATH',
    'LOG_LEVEL',
  ])
    delete env[k];
  Object.assign(env, {
    NODE_ENV: 'development',
    BANGFU_DATA_DIR: dataDir,
    PORT: String(ports.api),
    BANGFU_PG_PORT: String(ports.pg),
    BANGFU_TEMPORAL_PORT: String(ports.temporal),
    BANGFU_TEMPORAL_UI_PORT: String(ports.ui),
  });
  const t0 = Date.now();
  const child = spawn(process.execPath, [path.join(root, 'dist', 'apps', 'launcher', 'main.js')], {
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  launched.push(child);
  let out = '';
  child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (out += d.toString()));
  await new Promise<void>((resolve, reject) => {
    const timer = setInterval(() => {
      if (out.includes('is up')) {
        clearInterval(timer);
        resolve();
      }
    }, 100);
    child.once('exit', (code) => {
      clearInterval(timer);
      reject(new Error(`launcher exited (${code}) before it was up:\n${out}`));
    });
  });
  return { child, output: () => out, startedInMs: Date.now() - t0 };
}

function descendants(pid: number): number[] {
  const out = execFileSync('ps', ['-e', '-o', 'pid=,ppid='], { encoding: 'utf8' });
  const pairs = out
    .trim()
    .split('\n')
    .map((l) => l.trim().split(/\s+/).map(Number) as [number, number]);
  const result: number[] = [];
  const walk = (p: number) => {
    for (const [c, pp] of pairs)
      if (pp === p) {
        result.push(c);
        walk(c);
      }
  };
  walk(pid);
  return result;
}

/** The launcher's descendant whose command line matches `pattern` (e.g. the worker's script). */
function childMatching(r: Running, pattern: RegExp): number {
  const kids = new Set(descendants(r.child.pid!));
  const out = execFileSync('ps', ['-e', '-o', 'pid=,args='], { encoding: 'utf8' });
  const found = out
    .trim()
    .split('\n')
    .map((l) => l.trim().match(/^(\d+)\s+(.*)$/)!)
    .filter((m) => kids.has(Number(m[1])) && pattern.test(m[2]!));
  if (found.length !== 1)
    throw new Error(`expected one process matching ${pattern}, found ${found.length}:\n${out}`);
  return Number(found[0]![1]);
}

async function until(what: string, check: () => boolean | Promise<boolean>, timeoutMs = 120_000) {
  const deadline = Date.now() + timeoutMs;
  while (
    !(await Promise.resolve()
      .then(check)
      .catch(() => false))
  ) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

/** kill -9 one supervised process; the launcher logs it, starts it again, and the stack is ready. */
async function killAndAwaitRestart(r: Running, name: string, pattern: RegExp): Promise<void> {
  const pid = childMatching(r, pattern);
  const before = (r.output().match(new RegExp(`${name} restarted`, 'g')) ?? []).length;
  process.kill(pid, 'SIGKILL');
  await until(`${name} to be restarted`, () => {
    const after = (r.output().match(new RegExp(`${name} restarted`, 'g')) ?? []).length;
    return after > before;
  });
  expect(r.output()).toMatch(new RegExp(`${name} exited unexpectedly \\(SIGKILL\\); restarting in \\d`));
  expect(r.child.exitCode).toBeNull(); // the launcher itself keeps running
  expect(childMatching(r, pattern)).not.toBe(pid);
  await until(
    'the API to be ready again',
    async () => (await fetch(`${base()}/health/ready`)).status === 200,
  );
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

async function ctrlC(r: Running): Promise<number[]> {
  const kids = descendants(r.child.pid!);
  const exited = new Promise<number | null>((resolve) => r.child.once('exit', resolve));
  r.child.kill('SIGINT');
  expect(await exited).toBe(0);
  return kids;
}

const base = () => `http://127.0.0.1:${ports.api}`;

async function call(
  method: string,
  url: string,
  token?: string,
  body?: unknown,
): Promise<{ status: number; body: Record<string, any> }> {
  const res = await fetch(`${base()}${url}`, {
    method,
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json()) as Record<string, any> };
}

async function login(username: string): Promise<string> {
  const res = await call('POST', '/api/auth/login', undefined, { username, password: 'bangfu-demo' });
  expect(res.status).toBe(200);
  return res.body.accessToken as string;
}

test('npm start: up; worker, API, Temporal and PostgreSQL killed -9 come back; Ctrl-C leaves nothing; a second start keeps the case and its workflow', async () => {
  // first run
  const first = await start();
  expect(first.output()).toContain(`http://localhost:${ports.api}/docs`);
  expect(first.output()).toContain(`Temporal UI    http://127.0.0.1:${ports.ui}`);
  expect(first.output()).toMatch(/branch-chair\s+基层工会主席/);
  expect((await call('GET', '/health')).status).toBe(200);

  // a dead worker is restarted: the case below needs a worker to be recorded (201)
  await killAndAwaitRestart(first, 'worker', /apps\/worker\/src\/main\.js/);
  const cw = await login('caseworker');
  const workers = await call('GET', '/api/workers', cw);
  const created = await call('POST', '/api/cases', cw, {
    workerId: workers.body.items[0].id,
    program: 'disaster',
    amountFen: 300_000,
    reason: '房屋受损',
  });
  expect(created.status).toBe(201);
  const caseId = created.body.id as string;

  // a dead API, Temporal dev server or PostgreSQL is restarted too, and the stack still works
  await killAndAwaitRestart(first, 'api', /apps\/api\/src\/main\.js/);
  await killAndAwaitRestart(first, 'Temporal dev server', /temporal.* server start-dev/);
  await killAndAwaitRestart(first, 'PostgreSQL', /postgres -D /);
  const cw2 = await login('caseworker');
  expect((await call('GET', `/api/cases/${caseId}`, cw2)).body.status).toBe('pending_approval');
  const another = await call('POST', '/api/cases', cw2, {
    workerId: workers.body.items[1].id,
    program: 'disaster',
    amountFen: 200_000,
    reason: '房屋受损',
  });
  expect(another.status).toBe(201);

  const kids = await ctrlC(first);
  expect(kids.length).toBeGreaterThanOrEqual(4); // postgres, temporal, worker, api (+ postgres workers)
  expect(first.output()).toContain('stopped PostgreSQL');
  expect(kids.filter(alive)).toEqual([]);
  for (const p of Object.values(ports)) expect(await isPortOpen(p)).toBe(false);

  // second run: same data directory
  const second = await start();
  expect(second.startedInMs).toBeLessThan(60_000);
  expect(second.output()).toContain('demo data: already there');
  const bc = await login('branch-chair');
  const again = await call('GET', `/api/cases/${caseId}`, bc);
  expect(again.status).toBe(200);
  expect(again.body.status).toBe('pending_approval');
  const tasks = await call('GET', '/api/tasks?status=open', bc);
  const task = (tasks.body.items as Array<{ id: string; subjectId: string }>).find(
    (t) => t.subjectId === caseId,
  )!;
  const decided = await call('POST', `/api/tasks/${task.id}/decision`, bc, {
    decision: 'approve',
    comment: '同意',
  });
  expect(decided.status).toBe(200);
  expect(decided.body).toMatchObject({ decision: 'approve', status: 'pending_approval' });
  const kids2 = await ctrlC(second);
  expect(kids2.filter(alive)).toEqual([]);
}, 900_000);
