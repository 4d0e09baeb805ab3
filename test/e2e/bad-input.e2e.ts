import type { Server } from 'node:http';
import { request as httpRequest } from 'node:http';
import type { AddressInfo } from 'node:net';
import { TestStack } from '../support/stack';

/**
 * Bad input never answers 500 (issue 14, item 4): each finding an attacker reported, replayed
 * against the real API on PostgreSQL and Temporal. Every answer is a 4xx error body naming the
 * field and the rule.
 */
let stack: TestStack;
let admin: string;
let caseworker: string;
const auth = (t: string) => ({ authorization: `Bearer ${t}` });

beforeAll(async () => {
  stack = await TestStack.start();
  admin = await stack.login('admin');
  caseworker = await stack.login('caseworker');
}, 120_000);

afterAll(async () => {
  await stack?.stop();
});

function expectError(res: { status: number; body: unknown }, status: number, field?: string, rule?: string) {
  expect(res.status).toBe(status);
  expect(res.body).toMatchObject({
    statusCode: status,
    code: expect.any(String),
    message: expect.any(String),
  });
  if (field) {
    expect((res.body as { details: unknown[] }).details).toEqual(
      expect.arrayContaining([expect.objectContaining({ field, ...(rule ? { rule } : {}) })]),
    );
  }
}

test('a 200 KB JSON body to /api/auth/login is 413 with the limit', async () => {
  const res = await stack
    .http()
    .post('/api/auth/login')
    .set('content-type', 'application/json')
    .send(JSON.stringify({ username: 'x'.repeat(200 * 1024), password: 'y' }));
  expectError(res, 413, 'body', 'max_size');
});

/** A raw POST (supertest copies a 50 MB buffer slowly); the answer may come before the body is sent. */
async function rawPost(path: string, body: Buffer): Promise<{ status: number; body: unknown }> {
  const server = stack.app.getHttpServer() as Server;
  if (!server.listening) await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      {
        port,
        host: '127.0.0.1',
        method: 'POST',
        path,
        headers: { 'content-type': 'application/json', 'content-length': body.length },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () =>
          resolve({ status: res.statusCode!, body: JSON.parse(Buffer.concat(chunks).toString('utf8')) }),
        );
      },
    );
    req.on('error', (err: NodeJS.ErrnoException) => {
      if (err.code !== 'EPIPE' && err.code !== 'ECONNRESET') reject(err);
    });
    req.end(body);
  });
}

test('a 50 MB body is 413, not 500', async () => {
  const res = await rawPost('/api/auth/login', Buffer.alloc(50 * 1024 * 1024, 0x20));
  expectError(res, 413, 'body', 'max_size');
});

test('a 5,000-level nested JSON body is 400 (depth), anonymously and authenticated', async () => {
  const deep = '['.repeat(5000) + ']'.repeat(5000);
  const res = await stack
    .http()
    .post('/api/auth/login')
    .set('content-type', 'application/json')
    .send(`{"username":${deep},"password":"x"}`);
  expectError(res, 400, 'body', 'max_depth');
  const obj = '{"a":'.repeat(5000) + '1' + '}'.repeat(5000);
  const res2 = await stack
    .http()
    .post('/api/cases')
    .set(auth(caseworker))
    .set('content-type', 'application/json')
    .send(obj);
  expectError(res2, 400, 'body', 'max_depth');
});

test('malformed JSON is 400', async () => {
  const res = await stack
    .http()
    .post('/api/auth/login')
    .set('content-type', 'application/json')
    .send('{"username":');
  expectError(res, 400, 'body', 'json');
});

test('a numeric path parameter out of integer range is 400 naming it', async () => {
  const res = await stack.http().get('/api/policy/versions/3.026413343483695e+16').set(auth(admin));
  expectError(res, 400, 'version', 'isInt');
  const big = await stack.http().get('/api/policy/versions/99999999999').set(auth(admin));
  expectError(big, 400, 'version', 'max');
  const neg = await stack.http().get('/api/policy/versions/-1').set(auth(admin));
  expectError(neg, 400, 'version', 'min');
});

test('a numeric query parameter out of range is 400 naming it', async () => {
  const res = await stack.http().get('/api/funds/budgets?year=-1.5e195').set(auth(admin));
  expectError(res, 400, 'year');
  const huge = await stack.http().get('/api/funds/budgets?year=1e300').set(auth(admin));
  expectError(huge, 400, 'year');
  const ok = await stack.http().get('/api/funds/budgets?year=2026').set(auth(admin));
  expect(ok.status).toBe(200);
});

test('a crafted cursor on /api/tasks is 400; a cursor the API issued still works', async () => {
  const forged = Buffer.from(JSON.stringify(['not-a-date', 'x'])).toString('base64url');
  const res = await stack.http().get(`/api/tasks?cursor=${forged}`).set(auth(admin));
  expectError(res, 400, 'cursor', 'cursor');
  const junk = await stack.http().get(`/api/tasks?cursor=%E0%A4%A`).set(auth(admin));
  expect(junk.status).toBeLessThan(500);
  const page = await stack.http().get('/api/workers?limit=1').set(auth(admin)).expect(200);
  const next = (page.body as { nextCursor: string | null }).nextCursor;
  expect(next).toEqual(expect.any(String));
  await stack.http().get(`/api/workers?limit=1&cursor=${next}`).set(auth(admin)).expect(200);
});

test('withdrawing a seeded file that has no workflow: role check first, then a clean 4xx', async () => {
  const [f] = (await stack.db.query<{ id: string }>(`SELECT id FROM hardship_files ORDER BY file_no LIMIT 1`))
    .rows;
  const finance = await stack.login('finance');
  const forbidden = await stack
    .http()
    .post(`/api/files/${f!.id}/withdraw`)
    .set(auth(finance))
    .send({ reason: '测试撤回' });
  expectError(forbidden, 403, 'user');
  const res = await stack
    .http()
    .post(`/api/files/${f!.id}/withdraw`)
    .set(auth(caseworker))
    .send({ reason: '测试撤回' });
  expect(res.status).toBeGreaterThanOrEqual(400);
  expect(res.status).toBeLessThan(500);
  expect(res.body).toMatchObject({
    statusCode: res.status,
    details: [expect.objectContaining({ rule: expect.any(String) })],
  });
});

test('20 parallel case creations for the same household and program: one 201, the rest 409/422 with the rule', async () => {
  const [w] = (await stack.db.query<{ id: string }>(`SELECT id FROM workers WHERE employee_no = 'E1001'`))
    .rows;
  const results = await Promise.all(
    Array.from({ length: 20 }, () =>
      stack
        .http()
        .post('/api/cases')
        .set(auth(caseworker))
        .send({ workerId: w!.id, program: 'illness', amountFen: 100_000, reason: '并发测试' }),
    ),
  );
  const statuses = results.map((r) => r.status).sort();
  expect(statuses.filter((s) => s === 201)).toHaveLength(1);
  for (const r of results.filter((x) => x.status !== 201)) {
    expect([409, 422]).toContain(r.status);
    expect((r.body as { details: Array<{ rule: string }> }).details[0]!.rule).toMatch(
      /no_open_case_same_program|unique/,
    );
  }
  expect(
    await stack.count(`SELECT 1 FROM aid_cases WHERE worker_id = $1 AND program_code = 'illness'`, [w!.id]),
  ).toBe(1);
}, 120_000);

test('a NUL character in a query, a path or a body is 400, not a database error', async () => {
  const q = await stack.http().get('/api/cases?program=ill%00ness').set(auth(admin));
  expectError(q, 400, 'program', 'no_nul');
  const p = await stack.http().get('/api/reassessments/2026Q1%00').set(auth(admin));
  expectError(p, 400, 'path', 'no_nul');
  const b = await stack.http().post('/api/auth/login').send({ username: 'admin\u0000', password: 'x' });
  expectError(b, 400, 'body.username', 'no_nul');
});
