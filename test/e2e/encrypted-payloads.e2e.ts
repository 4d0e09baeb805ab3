import { Client } from '@temporalio/client';
import { temporal } from '@temporalio/proto';
import { randomBytes } from 'node:crypto';
import { dataConverterFromEnv } from '../../libs/security/payload-codec';
import { TestStack } from '../support/stack';

/**
 * Free text that can carry health details never lies in clear in a workflow history or in
 * PostgreSQL: a case's reason and a loan's purpose carry a sentinel; the raw histories (read with a
 * client that has NO codec) and every row of every table are searched for it.
 */
let stack: TestStack;
const auth = (t: string) => ({ authorization: `Bearer ${t}` });
const sentinel = `妻子脑梗住院-SENTINEL-${randomBytes(6).toString('hex')}`;

beforeAll(async () => {
  stack = await TestStack.start();
}, 120_000);

afterAll(async () => {
  await stack?.stop();
});

/** The history as the Temporal server stores it, fetched without any codec. */
async function rawHistory(workflowId: string): Promise<Buffer> {
  const raw = new Client({ connection: stack.temporal.connection }); // no dataConverter: no codec
  const history = await raw.workflow.getHandle(workflowId).fetchHistory();
  return Buffer.from(temporal.api.history.v1.History.encode(history).finish());
}

/** Tables and how many of their rows hold the text, in clear or as the hex of its UTF-8 bytes. */
async function rowsHolding(text: string): Promise<string[]> {
  const hex = Buffer.from(text, 'utf8').toString('hex');
  const tables = (
    await stack.db.query<{ t: string }>(
      `SELECT quote_ident(table_name) AS t FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE'`,
    )
  ).rows.map((r) => r.t);
  const found: string[] = [];
  for (const t of tables) {
    const n = await stack.count(`SELECT 1 FROM ${t} x WHERE x::text LIKE $1 OR x::text LIKE $2`, [
      `%${text}%`,
      `%${hex}%`,
    ]);
    if (n) found.push(`${t}: ${n}`);
  }
  return found;
}

test('a case reason, a loan purpose and home-visit notes: no plaintext sentinel in the raw histories or the database', async () => {
  const caseworker = await stack.login('caseworker');
  const workers = new Map(
    (
      await stack.db.query<{ id: string; employee_no: string }>(`SELECT id, employee_no FROM workers`)
    ).rows.map((w) => [w.employee_no, w.id]),
  );
  const created = await stack
    .http()
    .post('/api/cases')
    .set(auth(caseworker))
    .send({ workerId: workers.get('E1001'), program: 'illness', amountFen: 200_000, reason: sentinel })
    .expect(201);
  const loan = await stack
    .http()
    .post('/api/loans')
    .set(auth(caseworker))
    .send({ workerId: workers.get('E1003'), amountFen: 60_000, termMonths: 6, purpose: sentinel })
    .expect(201);

  const file = await stack
    .http()
    .post('/api/files')
    .set(auth(caseworker))
    .send({ workerId: workers.get('E1003'), causes: ['illness'] })
    .expect(201);
  await stack
    .http()
    .put(`/api/files/${file.body.id}/investigation`)
    .set(auth(caseworker))
    .send({ visit: { date: '2026-11-20', visitors: ['李干事'], notes: sentinel } })
    .expect(200);
  const f = await stack.http().get(`/api/files/${file.body.id}`).set(auth(caseworker)).expect(200);
  expect(f.body.visit).toMatchObject({ date: '2026-11-20', notes: sentinel });

  // the API still answers the text to those who may see the case and the loan
  const c = await stack.http().get(`/api/cases/${created.body.id}`).set(auth(caseworker)).expect(200);
  expect(c.body.reason).toBe(sentinel);
  const l = await stack.http().get(`/api/loans/${loan.body.id}`).set(auth(caseworker)).expect(200);
  expect(l.body.purpose).toBe(sentinel);

  const needle = Buffer.from(sentinel, 'utf8');
  for (const workflowId of [created.body.workflowId as string, loan.body.workflowId as string]) {
    const raw = await rawHistory(workflowId);
    expect(raw.length).toBeGreaterThan(100);
    expect(raw.includes(needle)).toBe(false);
    // …yet the text is in the history: decoded with the codec, the workflow's input holds it
    const history = await stack.temporal.workflow.getHandle(workflowId).fetchHistory();
    const input = history.events![0]!.workflowExecutionStartedEventAttributes!.input!.payloads!;
    const decoded = await dataConverterFromEnv().payloadCodecs![0]!.decode(input);
    expect(Buffer.concat(decoded.map((p) => Buffer.from(p.data!))).includes(needle)).toBe(true);
  }

  expect(await rowsHolding(sentinel)).toEqual([]);
  // the search itself finds clear text: the users table holds the caseworker's name
  expect((await rowsHolding('caseworker')).some((r) => r.startsWith('users'))).toBe(true);
}, 180_000);

test('the codec server decodes for the Temporal UI: admin only, audited, CORS for the UI origin', async () => {
  const caseworker = await stack.login('caseworker');
  const admin = await stack.login('admin');
  const [w] = (await stack.db.query<{ id: string }>(`SELECT id FROM workers WHERE employee_no = 'E1002'`))
    .rows;
  const created = await stack
    .http()
    .post('/api/cases')
    .set(auth(caseworker))
    .send({ workerId: w!.id, program: 'illness', amountFen: 100_000, reason: sentinel })
    .expect(201);
  const raw = new Client({ connection: stack.temporal.connection });
  const history = await raw.workflow.getHandle(created.body.workflowId as string).fetchHistory();
  const input = history.events![0]!.workflowExecutionStartedEventAttributes!.input!.payloads!;
  const body = {
    payloads: input.map((p) => ({
      metadata: Object.fromEntries(
        Object.entries(p.metadata ?? {}).map(([k, v]) => [k, Buffer.from(v!).toString('base64')]),
      ),
      data: Buffer.from(p.data!).toString('base64'),
    })),
  };
  const uiOrigin = 'http://127.0.0.1:8233';

  await stack.http().post('/codec/decode').send(body).expect(401);
  await stack.http().post('/codec/decode').set(auth(caseworker)).send(body).expect(403);
  const before = await stack.count(`SELECT 1 FROM audit_log WHERE action = 'codec.decode'`);
  const decoded = await stack
    .http()
    .post('/codec/decode')
    .set(auth(admin))
    .set('origin', uiOrigin)
    .set('x-namespace', 'default')
    .send(body)
    .expect(200);
  expect(decoded.headers['access-control-allow-origin']).toBe(uiOrigin);
  const text = Buffer.from(
    (decoded.body as { payloads: Array<{ data: string }> }).payloads[0]!.data,
    'base64',
  );
  expect(text.toString('utf8')).toContain(sentinel);
  expect(await stack.count(`SELECT 1 FROM audit_log WHERE action = 'codec.decode'`)).toBe(before + 1);

  // encode → decode round trip; garbage is a 400
  const plain = {
    payloads: [
      {
        metadata: { encoding: Buffer.from('json/plain').toString('base64') },
        data: Buffer.from('"x"').toString('base64'),
      },
    ],
  };
  const enc = await stack.http().post('/codec/encode').set(auth(admin)).send(plain).expect(200);
  expect(Buffer.from(enc.body.payloads[0].metadata.encoding, 'base64').toString()).toBe('binary/encrypted');
  const back = await stack.http().post('/codec/decode').set(auth(admin)).send(enc.body).expect(200);
  expect(back.body).toEqual(plain);
  const bad = { payloads: [{ ...enc.body.payloads[0], data: Buffer.from('short').toString('base64') }] };
  await stack.http().post('/codec/decode').set(auth(admin)).send(bad).expect(400);

  // CORS: the UI origin's preflight is answered; another origin gets no CORS headers
  const pre = await stack
    .http()
    .options('/codec/decode')
    .set('origin', uiOrigin)
    .set('access-control-request-method', 'POST');
  expect(pre.status).toBe(204);
  expect(pre.headers['access-control-allow-headers']).toContain('authorization');
  const other = await stack.http().options('/codec/decode').set('origin', 'https://evil.example');
  expect(other.headers['access-control-allow-origin']).toBeUndefined();
}, 120_000);
