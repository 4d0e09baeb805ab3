import { Workbook } from 'exceljs';
import { randomBytes } from 'node:crypto';
import { generateReassessmentFiles } from '../../libs/database/seed-reassessment';
import { chinaDate } from '../../libs/domain/calendar';
import { addDays } from '../../libs/domain/loan';
import { TestStack } from '../support/stack';

/**
 * Holiday campaign (送温暖) on the real stack: 10,000 generated active files; the plan is approved
 * through the inbox; the distribution list is built by ONE statement (every row carries the same
 * statement timestamp and transaction); deliveries through the API (double submissions, a photo);
 * the report's sums match the ledger, per unit and in total; the XLSX export carries the same figures.
 */
let stack: TestStack;
const N = 10_000;

beforeAll(async () => {
  stack = await TestStack.start();
}, 180_000);

afterAll(async () => {
  await stack?.stop();
});

async function until<T>(what: string, probe: () => Promise<T | undefined>, tries = 1200): Promise<T> {
  for (let i = 0; i < tries; i++) {
    const v = await probe();
    if (v !== undefined) return v;
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`gave up waiting for ${what}`);
}

const jpeg = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), randomBytes(256)]);

test('10,000 files: plan approved, list built in one statement, deliveries once each, report sums = ledger', async () => {
  await generateReassessmentFiles(stack.db, { n: N, tag: 'CAMP' });
  const [admin, union, finance, chair] = await Promise.all(
    ['admin', 'union-chair', 'finance', 'branch-chair'].map((u) => stack.login(u)),
  );
  const as = (t: string) => ({ authorization: `Bearer ${t}` });
  const deadline = addDays(chinaDate(new Date()), 10);
  const year = Number(deadline.slice(0, 4));
  await stack
    .http()
    .post('/api/funds/allocations')
    .set(as(finance))
    .set('Idempotency-Key', `campaign-e2e-${year}`)
    .send({ fundSource: 'union_funds', program: 'holiday_condolence', year, amountFen: 1_000_000_000 })
    .expect((r) => expect([200, 201]).toContain(r.status));
  const [ent] = (await stack.db.query<{ id: string }>(`SELECT id FROM org_units WHERE code = 'ENT-01'`)).rows;
  const plan = {
    code: '2027-spring',
    occasion: 'spring_festival',
    name: '2027年春节送温暖',
    orgUnitId: ent!.id,
    periodStart: chinaDate(new Date()),
    periodEnd: addDays(deadline, 20),
    deliveryDeadline: deadline,
    categories: ['deep', 'relative', 'accident'],
    standards: [
      { category: 'deep', cashFen: 80_000, goods: '米面油一份' },
      { category: 'relative', cashFen: 50_000, goods: null },
      { category: 'accident', cashFen: 80_000, goods: null },
      { category: 'named', cashFen: 0, goods: '慰问品一份' },
    ],
    fundSource: 'union_funds',
    budgetFen: 900_000_000,
  };
  // the plan's rules answer 400 with the field, rule and params
  const bad = await stack
    .http()
    .post('/api/campaigns')
    .set(as(admin))
    .send({ ...plan, deliveryDeadline: addDays(deadline, 60) })
    .expect(400);
  expect(bad.body.details[0]).toMatchObject({
    field: 'deliveryDeadline',
    rule: 'within_period',
    params: { periodStart: plan.periodStart },
  });
  // a caseworker cannot define a campaign
  await stack.http().post('/api/campaigns').set(as(chair)).send(plan).expect(403);

  const created = await stack.http().post('/api/campaigns').set(as(admin)).send(plan).expect(201);
  expect(created.body).toMatchObject({
    code: '2027-spring',
    workflowId: 'campaign:2027-spring',
    status: 'pending_approval',
  });
  await stack.http().post('/api/campaigns').set(as(admin)).send(plan).expect(409);
  // a unit names a front-line member without a file while the plan awaits approval
  const [named] = (
    await stack.db.query<{ id: string; household_id: string }>(
      `SELECT w.id, w.household_id FROM workers w JOIN org_units o ON o.id = w.org_unit_id, org_units g
        WHERE g.code = 'G-01' AND (o.path = g.path OR o.path LIKE g.path || '.%') AND w.household_id IS NOT NULL
          AND NOT EXISTS (SELECT 1 FROM hardship_files f WHERE f.household_id = w.household_id AND f.status = 'active') LIMIT 1`,
    )
  ).rows;
  await stack
    .http()
    .post('/api/campaigns/2027-spring/nominations')
    .set(as(chair))
    .send({ workerId: named!.id, reason: '春节一线抢修' })
    .expect(200);

  // the plan goes through the approval chain (union chair) from the inbox
  const task = await until(
    'the plan approval task',
    async () => {
      const r = await stack.http().get('/api/tasks?status=open').set(as(union)).expect(200);
      return (r.body.items as Array<{ id: string; subjectType: string; subjectId: string }>).find(
        (t) => t.subjectType === 'campaign' && t.subjectId === created.body.id,
      );
    },
    240,
  );
  const t0 = Date.now();
  await stack
    .http()
    .post(`/api/tasks/${task.id}/decision`)
    .set(as(union))
    .send({ decision: 'approve' })
    .expect(200);
  const detail = await until('delivering', async () => {
    const r = await stack.http().get('/api/campaigns/2027-spring').set(as(union)).expect(200);
    return r.body.status === 'delivering' ? r.body : undefined;
  });
  const builtMs = Date.now() - t0;

  const expected = await stack.count(
    `SELECT DISTINCT f.household_id FROM hardship_files f WHERE f.status = 'active' AND f.category IN ('deep','relative','accident')`,
  );
  expect(expected).toBeGreaterThanOrEqual(N);
  expect(detail.households).toBe(expected + 1); // + the named member
  // one set-based statement: every row was written by the same statement of the same transaction
  const [one] = (
    await stack.db.query<{ stmts: string; txs: string; n: string }>(
      `SELECT count(DISTINCT listed_at)::text AS stmts, count(DISTINCT r.xmin::text)::text AS txs, count(*)::text AS n
         FROM campaign_recipients r JOIN campaigns c ON c.id = r.campaign_id WHERE c.code = '2027-spring'`,
    )
  ).rows;
  expect(one).toEqual({ stmts: '1', txs: '1', n: String(expected + 1) });
  console.log(
    `campaign list: ${expected + 1} households built in one statement; approval → delivering ${builtMs} ms`,
  );
  const unitsTotal = (detail.units as Array<{ households: number }>).reduce((s, u) => s + u.households, 0);
  expect(unitsTotal).toBe(expected + 1);

  // the branch chair's list: households of plant no. 1 only
  const list = await stack
    .http()
    .get('/api/campaigns/2027-spring/recipients?status=pending')
    .set(as(chair))
    .expect(200);
  const items = list.body.items as Array<{
    id: string;
    cashFen: number;
    category: string;
    unitName: string;
    householdCode: string;
  }>;
  expect(items.length).toBeGreaterThan(5);
  expect(new Set(items.map((i) => i.unitName))).toEqual(new Set(['第一分厂工会']));
  const cashItems = items.filter((i) => i.cashFen > 0);
  const [a, b, c] = cashItems;
  const namedRow = items.find((i) => i.category === 'named')!;
  expect(namedRow).toBeDefined();

  // a photo of the visit, attached to the household
  const photo = await stack
    .http()
    .post(`/api/campaign-recipients/${a!.id}/attachments`)
    .set(as(chair))
    .attach('file', jpeg, { filename: '慰问照片.jpg', contentType: 'image/jpeg' })
    .expect(201);
  const body = (id: string, cashFen: number, attachmentId: string | null = null) => ({
    deliveredOn: chinaDate(new Date()),
    cashFen,
    goods: null,
    visitors: '王主席、李干事',
    attachmentId,
  });
  // double submission: both answered with the one delivery
  const twice = await Promise.all(
    [0, 1].map(() =>
      stack
        .http()
        .post(`/api/campaigns/2027-spring/recipients/${a!.id}/delivery`)
        .set(as(chair))
        .send(body(a!.id, a!.cashFen, photo.body.id)),
    ),
  );
  expect(twice.map((r) => r.status)).toEqual([200, 200]);
  expect(twice[0]!.body.deliveryId).toBe(twice[1]!.body.deliveryId);
  expect(twice.map((r) => r.body.outcome).sort()).toEqual(['duplicate', 'recorded']);
  // a different second delivery for the same household: 409
  const second = await stack
    .http()
    .post(`/api/campaigns/2027-spring/recipients/${a!.id}/delivery`)
    .set(as(union))
    .send(body(a!.id, 1_000))
    .expect(409);
  expect(second.body.details[0]).toMatchObject({ rule: 'one_delivery_per_household' });
  // more cash than the standard: 400 naming the limit
  const over = await stack
    .http()
    .post(`/api/campaigns/2027-spring/recipients/${b!.id}/delivery`)
    .set(as(chair))
    .send(body(b!.id, b!.cashFen + 1))
    .expect(400);
  expect(over.body.details[0]).toMatchObject({
    field: 'cashFen',
    rule: 'within_standard',
    params: { maxFen: b!.cashFen },
  });
  // someone else's photo is refused
  await stack
    .http()
    .post(`/api/campaigns/2027-spring/recipients/${b!.id}/delivery`)
    .set(as(chair))
    .send(body(b!.id, b!.cashFen, photo.body.id))
    .expect(400);
  await stack
    .http()
    .post(`/api/campaigns/2027-spring/recipients/${b!.id}/delivery`)
    .set(as(chair))
    .send(body(b!.id, b!.cashFen - 10_000))
    .expect(200);
  await stack
    .http()
    .post(`/api/campaigns/2027-spring/recipients/${namedRow.id}/delivery`)
    .set(as(chair))
    .send({ ...body(namedRow.id, 0), goods: '慰问品一份' })
    .expect(200);
  await stack
    .http()
    .post(`/api/campaigns/2027-spring/recipients/${c!.id}/undelivered`)
    .set(as(chair))
    .send({ reason: '住院外地，家属代为婉拒' })
    .expect(200);

  // the report: spent = the ledger's payments for the campaign, per unit and in total
  const rep = await stack.http().get('/api/campaigns/2027-spring/report').set(as(union)).expect(200);
  const [ledger] = (
    await stack.db.query<{ paid: string; payments: string; releases: string }>(
      `SELECT COALESCE(sum(e.amount_fen) FILTER (WHERE e.kind = 'payment'), 0)::text AS paid,
              count(*) FILTER (WHERE e.kind = 'payment')::text AS payments,
              COALESCE(sum(e.amount_fen) FILTER (WHERE e.kind = 'release'), 0)::text AS releases
         FROM ledger_entries e JOIN campaigns c ON c.id = e.campaign_id WHERE c.code = '2027-spring'`,
    )
  ).rows;
  expect(Number(ledger!.payments)).toBe(2); // two cash deliveries, whatever the double submission
  expect(Number(ledger!.paid)).toBe(a!.cashFen + b!.cashFen - 10_000);
  expect(Number(ledger!.releases)).toBe(Number(ledger!.paid)); // each payment released as much of the reservation
  expect(rep.body).toMatchObject({
    budgetFen: 900_000_000,
    spentFen: Number(ledger!.paid),
    delivered: 3,
    undelivered: 1,
    households: expected + 1,
  });
  expect((rep.body.byUnit as Array<{ spentFen: number }>).reduce((s, u) => s + u.spentFen, 0)).toBe(
    Number(ledger!.paid),
  );
  expect(rep.body.undeliveredList[0]).toMatchObject({ reason: '住院外地，家属代为婉拒' });
  // the budget shows the reservation and the payments (balances derived from the ledger)
  const balances = await stack
    .http()
    .get(`/api/funds/budgets?year=${year}&program=holiday_condolence`)
    .set(as(finance))
    .expect(200);
  expect(JSON.stringify(balances.body)).toContain(String(Number(ledger!.paid)));

  const xlsx = await stack
    .http()
    .get('/api/campaigns/2027-spring/report?format=xlsx')
    .set(as(union))
    .buffer(true)
    .parse((res, cb) => {
      const chunks: Buffer[] = [];
      res.on('data', (d: Buffer) => chunks.push(d));
      res.on('end', () => cb(null, Buffer.concat(chunks)));
    })
    .expect(200);
  const wb = new Workbook();
  await wb.xlsx.load(xlsx.body as ArrayBuffer);
  const summary = wb.getWorksheet('汇总 Summary')!;
  const values = new Map<string, unknown>();
  summary.eachRow((row) => values.set(String(row.getCell(1).value), row.getCell(2).value));
  expect(values.get('已支出（元）Spent (yuan, ledger)')).toBe(Number(ledger!.paid) / 100);
  expect(values.get('户数 Households')).toBe(expected + 1);
  expect(wb.getWorksheet('未送达 Undelivered')!.rowCount).toBe(2);

  // disclosure (公开): today's recipients with masked names, the sum = the ledger; fund usage per quarter
  const today = chinaDate(new Date());
  const auditor = await stack.login('auditor');
  const disc = await stack
    .http()
    .get(`/api/disclosure/recipients?from=${today}&to=${today}`)
    .set(as(auditor))
    .expect(200);
  const campaignRows = (
    disc.body.rows as Array<{ name: string; programCode: string; amountFen: number }>
  ).filter((r) => r.programCode === 'holiday_condolence');
  expect(campaignRows.reduce((s, r) => s + r.amountFen, 0)).toBe(Number(ledger!.paid));
  for (const r of campaignRows) expect(r.name).toMatch(/^.\*+.?$/u);
  expect(disc.body.policyVersion).toBeGreaterThanOrEqual(1);
  expect(JSON.stringify(disc.body)).not.toMatch(/nationalId|\d{17}[\dXx]/);
  await stack
    .http()
    .get(`/api/disclosure/recipients?from=${today}&to=2000-01-01`)
    .set(as(auditor))
    .expect(400);
  const csv = await stack
    .http()
    .get(`/api/disclosure/recipients?from=${today}&to=${today}&format=csv`)
    .set(as(auditor))
    .expect(200);
  expect(csv.text).toContain('姓名 Name');
  const q = Math.floor((Number(today.slice(5, 7)) - 1) / 3) + 1;
  const usage = await stack
    .http()
    .get(`/api/disclosure/fund-usage?year=${year}&quarter=${q}`)
    .set(as(auditor))
    .expect(200);
  if (year === Number(today.slice(0, 4)))
    expect(
      (usage.body.rows as Array<{ programCode: string; fundSource: string; paidInPeriodFen: number }>).find(
        (r) => r.programCode === 'holiday_condolence' && r.fundSource === 'union_funds',
      )?.paidInPeriodFen,
    ).toBe(Number(ledger!.paid));
}, 600_000);

test('quotas per org unit: a unit gets at most its quota of households, deep hardship first', async () => {
  const [admin, union] = await Promise.all(['admin', 'union-chair'].map((u) => stack.login(u)));
  const as = (t: string) => ({ authorization: `Bearer ${t}` });
  const deadline = addDays(chinaDate(new Date()), 10);
  const units = (
    await stack.db.query<{ id: string; code: string }>(
      `SELECT id, code FROM org_units WHERE code IN ('ENT-01', 'G-01')`,
    )
  ).rows;
  const id = (code: string) => units.find((u) => u.code === code)!.id;
  const created = await stack
    .http()
    .post('/api/campaigns')
    .set(as(admin))
    .send({
      code: '2027-new-year',
      occasion: 'new_year',
      name: '2027年元旦送温暖',
      orgUnitId: id('ENT-01'),
      periodStart: chinaDate(new Date()),
      periodEnd: deadline,
      deliveryDeadline: deadline,
      categories: ['deep', 'relative'],
      standards: [
        { category: 'deep', cashFen: 0, goods: '米面油一份' },
        { category: 'relative', cashFen: 0, goods: '米面油一份' },
      ],
      fundSource: 'union_funds',
      budgetFen: 100,
      quotas: [{ orgUnitId: id('G-01'), maxHouseholds: 5 }],
    })
    .expect(201);
  const task = await until(
    'the plan approval task',
    async () => {
      const r = await stack.http().get('/api/tasks?status=open').set(as(union)).expect(200);
      return (r.body.items as Array<{ id: string; subjectId: string }>).find(
        (t) => t.subjectId === created.body.id,
      );
    },
    240,
  );
  await stack
    .http()
    .post(`/api/tasks/${task.id}/decision`)
    .set(as(union))
    .send({ decision: 'approve' })
    .expect(200);
  const detail = await until('delivering', async () => {
    const r = await stack.http().get('/api/campaigns/2027-new-year').set(as(union)).expect(200);
    return r.body.status === 'delivering' ? r.body : undefined;
  });
  const g01 = (detail.units as Array<{ unitId: string; households: number }>).find(
    (u) => u.unitId === id('G-01'),
  );
  expect(g01?.households).toBe(5);
  // the five are deep-hardship households (the unit has more deep files than its quota)
  expect(
    await stack.count(
      `SELECT 1 FROM campaign_recipients r JOIN campaigns c ON c.id = r.campaign_id WHERE c.code = '2027-new-year' AND r.unit_id = $1 AND r.category = 'deep'`,
      [id('G-01')],
    ),
  ).toBe(5);
  // other units are not capped
  const others = (detail.units as Array<{ unitId: string; households: number }>)
    .filter((u) => u.unitId !== id('G-01'))
    .reduce((s, u) => s + u.households, 0);
  expect(others).toBeGreaterThan(5);
}, 300_000);
