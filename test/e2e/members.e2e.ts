import { incomeWindow, incomeWindowSql } from '../../libs/domain/income-window';
import { nationalIdCheckChar } from '../../libs/domain/national-id';
import { reassessmentSql } from '../../libs/reassessment/reassessment.sql';
import { sqlPolicy } from '../../libs/reassessment/reassessment.repository';
import type { PolicyData } from '../../libs/domain/policy-types';
import { monthsAgo, nationalId } from '../support/people';
import { TestStack } from '../support/stack';

/**
 * Members, households and the org tree end to end (issue 11 items 1, 3, 6, 7; issue 14 item 2):
 * registration with ID validation and federation-wide de-duplication without an oracle, the derived
 * household size, reversing corrections, the category preview over the one income window, the evidence
 * check before approval, left/retired workers, deactivating and moving units.
 */
let stack: TestStack;
let admin: string;
let caseworker: string;
let unionChair: string;
let cw2: string;
const units = new Map<string, string>();
const auth = (t: string) => ({ Authorization: `Bearer ${t}` });

async function createUser(username: string, roles: string[], unitId: string): Promise<string> {
  await stack.db.query(
    `INSERT INTO users (username, display_name, password_hash, roles, org_unit_id, is_demo)
     SELECT $1, $1, password_hash, $2, $3, true FROM users WHERE username = 'caseworker'`,
    [username, roles, unitId],
  );
  return stack.login(username);
}

async function register(token: string, body: Record<string, unknown>, status: number) {
  return stack.http().post('/api/workers').set(auth(token)).send(body).expect(status);
}

async function household(token: string, workerId: string): Promise<string> {
  const res = await stack
    .http()
    .post('/api/households')
    .set(auth(token))
    .send({ workerId, localityCode: '370000', address: '济南市示范区新建路1号' })
    .expect(201);
  expect(res.body.memberCount).toBe(1);
  return res.body.id as string;
}

beforeAll(async () => {
  stack = await TestStack.start();
  [admin, caseworker, unionChair] = await Promise.all([
    stack.login('admin'),
    stack.login('caseworker'),
    stack.login('union-chair'),
  ]);
  const tree = await stack.http().get('/api/org-units').set(auth(admin)).expect(200);
  for (const u of tree.body.items as Array<{ id: string; code: string }>) units.set(u.code, u.id);
}, 180_000);

afterAll(async () => {
  await stack?.stop();
});

describe('org tree administration', () => {
  test('admin creates units to any depth; kinds must fit; codes are unique; rename is audited', async () => {
    const root = (await stack.http().get('/api/org-units').set(auth(admin)).expect(200)).body.items[0];
    expect(root).toMatchObject({ kind: 'county_federation', depth: 0, parentId: null });
    const township = await stack
      .http()
      .post('/api/org-units')
      .set(auth(admin))
      .send({ parentId: root.id, code: 'Z-01', nameZh: '示范镇工会', kind: 'township_union' })
      .expect(201);
    const ent = await stack
      .http()
      .post('/api/org-units')
      .set(auth(admin))
      .send({
        parentId: township.body.id,
        code: 'E-02',
        nameZh: '示范机械公司工会',
        kind: 'enterprise_union',
      })
      .expect(201);
    expect(ent.body).toMatchObject({ depth: 2, kindLabel: '企业工会', active: true });
    const g = await stack
      .http()
      .post('/api/org-units')
      .set(auth(admin))
      .send({ parentId: ent.body.id, code: 'G-21', nameZh: '机械一车间工会', kind: 'grassroots_unit' })
      .expect(201);
    units.set('E-02', ent.body.id).set('G-21', g.body.id);
    // an enterprise union under a grassroots unit: 422 naming the rule
    const bad = await stack
      .http()
      .post('/api/org-units')
      .set(auth(admin))
      .send({ parentId: g.body.id, code: 'E-99', nameZh: '错层', kind: 'enterprise_union' })
      .expect(422);
    expect(bad.body.details[0]).toMatchObject({ field: 'kind', rule: 'kind_under_parent' });
    const dup = await stack
      .http()
      .post('/api/org-units')
      .set(auth(admin))
      .send({ parentId: g.body.id, code: 'G-21', nameZh: '重复', kind: 'team' })
      .expect(409);
    expect(dup.body.details[0]).toMatchObject({ field: 'code', rule: 'code_unique' });
    await stack
      .http()
      .patch(`/api/org-units/${g.body.id}`)
      .set(auth(admin))
      .send({ nameZh: '机械一车间分工会' })
      .expect(200);
    expect(
      await stack.count(`SELECT 1 FROM audit_log WHERE action = 'org_unit.rename' AND entity_id::text = $1`, [
        g.body.id,
      ]),
    ).toBe(1);
    // a caseworker may read the tree of their unit but not change it
    const own = await stack.http().get('/api/org-units').set(auth(caseworker)).expect(200);
    expect((own.body.items as Array<{ code: string }>).map((u) => u.code)).not.toContain('G-21');
    await stack
      .http()
      .post('/api/org-units')
      .set(auth(caseworker))
      .send({ parentId: units.get('G-01'), code: 'T-99', nameZh: '班组', kind: 'team' })
      .expect(403);
    cw2 = await createUser('cw-mech', ['caseworker'], g.body.id);
  });

  test('deactivating a unit with open work → 422 with the count; an empty unit deactivates with its subtree', async () => {
    const res = await stack
      .http()
      .post(`/api/org-units/${units.get('G-01')}/deactivate`)
      .set(auth(admin))
      .expect(422);
    const open = await stack.count(
      `SELECT 1 FROM hardship_files f JOIN org_units o ON o.id = f.org_unit_id
        WHERE o.path LIKE (SELECT path FROM org_units WHERE code = 'G-01') || '%' AND f.status NOT IN ('rejected','withdrawn','closed')`,
    );
    expect(open).toBeGreaterThan(0);
    expect(res.body.details[0]).toMatchObject({ field: 'id', rule: 'no_open_work' });
    expect(res.body.details[0].params.files).toBe(open);
    expect(res.body.details[0].params.count).toBeGreaterThanOrEqual(open);
    expect(await stack.count(`SELECT 1 FROM org_units WHERE NOT active`)).toBe(0);

    const empty = await stack
      .http()
      .post('/api/org-units')
      .set(auth(admin))
      .send({ parentId: units.get('G-21'), code: 'T-21-9', nameZh: '临时班组', kind: 'team' })
      .expect(201);
    const sub = await stack
      .http()
      .post('/api/org-units')
      .set(auth(admin))
      .send({ parentId: empty.body.id, code: 'T-21-9a', nameZh: '临时小组', kind: 'team' })
      .expect(201);
    // a member is not open work: the unit still deactivates, and no new work starts for that member there
    const stranded = await register(
      cw2,
      { employeeNo: 'M-0008', name: '留守', orgUnitId: sub.body.id, nationalId: nationalId(8) },
      201,
    );
    await household(cw2, stranded.body.id);
    const done = await stack
      .http()
      .post(`/api/org-units/${empty.body.id}/deactivate`)
      .set(auth(admin))
      .expect(200);
    expect(done.body).toMatchObject({ active: false, unitsDeactivated: 2 });
    // no new member in a deactivated unit
    const refused = await register(
      cw2,
      { employeeNo: 'M-0009', name: '停用单位', orgUnitId: sub.body.id, nationalId: nationalId(9) },
      422,
    );
    expect(refused.body.details[0]).toMatchObject({ field: 'orgUnitId', rule: 'unit_active' });
    const noFile = await stack
      .http()
      .post('/api/files')
      .set(auth(cw2))
      .send({ workerId: stranded.body.id, causes: ['illness'] })
      .expect(422);
    expect(noFile.body.details[0]).toMatchObject({ field: 'orgUnitId', rule: 'unit_active' });
    await stack
      .http()
      .post('/api/cases')
      .set(auth(cw2))
      .send({ workerId: stranded.body.id, program: 'hospital_visit', amountFen: 50_000, reason: '住院' })
      .expect(422);
    // transferred to an active unit, the member can be helped again
    await stack
      .http()
      .post(`/api/workers/${stranded.body.id}/transfer`)
      .set(auth(cw2))
      .send({ orgUnitId: units.get('G-21'), reason: '班组撤销，转入车间' })
      .expect(200);
  });
});

describe('members: registration and de-duplication across the federation', () => {
  test('a bad check digit or birth date → 400 naming the field and rule', async () => {
    const good = nationalId(1);
    const badCheck = good.slice(0, 17) + (good[17] === '0' ? '1' : '0');
    const res = await register(
      caseworker,
      { employeeNo: 'M-0001', name: '王建华', orgUnitId: units.get('T-01-1'), nationalId: badCheck },
      400,
    );
    expect(res.body.details[0]).toMatchObject({ field: 'nationalId', rule: 'checksum' });
    const first17 = '37010219850230001'; // 30 February
    const r2 = await register(
      caseworker,
      {
        employeeNo: 'M-0001',
        name: '王建华',
        orgUnitId: units.get('T-01-1'),
        nationalId: first17 + nationalIdCheckChar(first17),
      },
      400,
    );
    expect(r2.body.details[0]).toMatchObject({ field: 'nationalId', rule: 'birth_date' });
    expect(await stack.count(`SELECT 1 FROM workers WHERE employee_no = 'M-0001'`)).toBe(0);
  });

  test('the same person in another enterprise → 409 "registered elsewhere" without the place, audited; admin sees where', async () => {
    const ok = await register(
      caseworker,
      {
        employeeNo: 'M-0001',
        name: '王建华',
        orgUnitId: units.get('T-01-1'),
        nationalId: nationalId(1),
        gender: 'male',
      },
      201,
    );
    expect(ok.body).toMatchObject({ employeeNo: 'M-0001', employmentStatus: 'active', householdId: null });
    expect(ok.body.nationalIdMasked).toMatch(/^3701\*+\d{3}[\dX]$/);
    const enc = await stack.db.query(
      `SELECT national_id_enc, national_id_hash FROM workers WHERE employee_no = 'M-0001'`,
    );
    expect(enc.rows[0].national_id_enc.toString('latin1')).not.toContain(nationalId(1));
    expect(enc.rows[0].national_id_hash).toMatch(/^[0-9a-f]{64}$/);

    // full-width digits and spaces are the same person
    const fullWidth = nationalId(1)
      .split('')
      .map((c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0))
      .join('');
    const elsewhere = await register(
      cw2,
      { employeeNo: 'M-2001', name: '王建华', orgUnitId: units.get('G-21'), nationalId: ` ${fullWidth} ` },
      409,
    );
    expect(elsewhere.body).toMatchObject({ statusCode: 409, code: 'REGISTERED_ELSEWHERE' });
    expect(elsewhere.body.details[0]).toMatchObject({ field: 'nationalId', rule: 'registered_elsewhere' });
    const text = JSON.stringify(elsewhere.body);
    for (const leak of ['第一分厂', '一分厂', 'M-0001', 'T-01-1', units.get('T-01-1')!])
      expect(text).not.toContain(leak);
    expect(elsewhere.body.details[0].params).toBeUndefined();
    expect(
      await stack.count(
        `SELECT 1 FROM audit_log WHERE action = 'person.duplicate_refused' AND details ->> 'attemptedOrgUnitId' = $1`,
        [units.get('G-21')],
      ),
    ).toBe(1);
    expect(await stack.count(`SELECT 1 FROM workers WHERE employee_no = 'M-2001'`)).toBe(0);

    // the federation (admin at the root) is told where
    const fed = await register(
      admin,
      { employeeNo: 'M-2001', name: '王建华', orgUnitId: units.get('G-21'), nationalId: nationalId(1) },
      409,
    );
    expect(fed.body.details[0]).toMatchObject({ rule: 'registered', params: { employeeNo: 'M-0001' } });
    expect(fed.body.details[0].params.orgUnitName).toBe('一分厂检修班');
    const attempts = await stack.http().get('/api/workers/duplicate-attempts').set(auth(admin)).expect(200);
    expect(attempts.body.items[0]).toMatchObject({
      registeredEmployeeNo: 'M-0001',
      registeredOrgUnitName: '一分厂检修班',
      attemptedOrgUnitName: '机械一车间分工会',
      attemptedAs: 'worker',
    });
    await stack.http().get('/api/workers/duplicate-attempts').set(auth(caseworker)).expect(403);

    // a second registration of the same person racing the first: exactly one row
    const racers = await Promise.all(
      [0, 1, 2, 3].map((i) =>
        stack
          .http()
          .post('/api/workers')
          .set(auth(caseworker))
          .send({
            employeeNo: `M-01${i}`,
            name: '并发',
            orgUnitId: units.get('T-01-1'),
            nationalId: nationalId(77),
          }),
      ),
    );
    expect(racers.map((r) => r.status).sort()).toEqual([201, 409, 409, 409]);
  });

  test('a household member with someone else’s ID number in another unit → 409 without naming that household', async () => {
    const w = await register(
      cw2,
      { employeeNo: 'M-2002', name: '赵立军', orgUnitId: units.get('G-21'), nationalId: nationalId(2) },
      201,
    );
    const hid = await household(cw2, w.body.id);
    // 周建国 (E1001, plant 1) is registered in H-0001
    const res = await stack
      .http()
      .post(`/api/households/${hid}/members`)
      .set(auth(cw2))
      .send({ name: '某人', relation: 'spouse', nationalId: '370102197803150015' })
      .expect(409);
    expect(res.body.code).toBe('REGISTERED_ELSEWHERE');
    const text = JSON.stringify(res.body);
    for (const leak of ['H-0001', '周', '一分厂', 'E1001']) expect(text).not.toContain(leak);
    expect(await stack.count(`SELECT 1 FROM household_members WHERE household_id = $1`, [hid])).toBe(0);
    // the worker’s own ID number is the worker: linked, not counted twice
    const self = await stack
      .http()
      .post(`/api/households/${hid}/members`)
      .set(auth(cw2))
      .send({ name: '赵立军', relation: 'other', nationalId: nationalId(2) })
      .expect(201);
    expect(self.body.memberCount).toBe(1);
  });

  test('edit and transfer: audited; the household follows its only worker', async () => {
    const w = await register(
      caseworker,
      { employeeNo: 'M-0003', name: '钱小红', orgUnitId: units.get('T-01-1'), nationalId: nationalId(3) },
      201,
    );
    const hid = await household(caseworker, w.body.id);
    await stack
      .http()
      .patch(`/api/workers/${w.body.id}`)
      .set(auth(caseworker))
      .send({ name: '钱晓红' })
      .expect(200);
    const dupNo = await stack
      .http()
      .patch(`/api/workers/${w.body.id}`)
      .set(auth(caseworker))
      .send({ employeeNo: 'E1001' })
      .expect(409);
    expect(dupNo.body.details[0]).toMatchObject({ field: 'employeeNo', rule: 'employee_no_unique' });
    // a corrected ID number: validated, and de-duplicated (E1001's own number is in the caseworker's unit)
    const badId = await stack
      .http()
      .patch(`/api/workers/${w.body.id}`)
      .set(auth(caseworker))
      .send({ nationalId: '370102197803150016' })
      .expect(400);
    expect(badId.body.details[0]).toMatchObject({ field: 'nationalId', rule: 'checksum' });
    const taken = await stack
      .http()
      .patch(`/api/workers/${w.body.id}`)
      .set(auth(caseworker))
      .send({ nationalId: '370102197803150015' })
      .expect(409);
    expect(taken.body.details[0]).toMatchObject({ rule: 'registered', params: { employeeNo: 'E1001' } });
    const fixed = await stack
      .http()
      .patch(`/api/workers/${w.body.id}`)
      .set(auth(caseworker))
      .send({ nationalId: nationalId(33) })
      .expect(200);
    expect(fixed.body.nationalIdMasked).toBe(`3701**********${nationalId(33).slice(-4)}`);
    const audit = await stack.db.query(
      `SELECT after FROM audit_log WHERE action = 'worker.update' AND entity_id::text = $1 ORDER BY id DESC LIMIT 1`,
      [w.body.id],
    );
    expect(audit.rows[0].after).toEqual({ nationalIdChanged: true });
    // plant 1 → plant 2 is outside the caseworker's subtree: the union chair transfers
    await stack
      .http()
      .post(`/api/workers/${w.body.id}/transfer`)
      .set(auth(caseworker))
      .send({ orgUnitId: units.get('T-02-1'), reason: '调动' })
      .expect(404);
    const moved = await stack
      .http()
      .post(`/api/workers/${w.body.id}/transfer`)
      .set(auth(unionChair))
      .send({ orgUnitId: units.get('T-02-1'), reason: '调入二分厂维修班' })
      .expect(200);
    expect(moved.body).toMatchObject({ name: '钱晓红', orgUnitName: '二分厂维修班' });
    const h = await stack.db.query(`SELECT org_unit_id FROM households WHERE id = $1`, [hid]);
    expect(h.rows[0].org_unit_id).toBe(units.get('T-02-1'));
    expect(
      await stack.count(
        `SELECT 1 FROM audit_log WHERE entity_id::text = $1 AND action IN ('worker.update','worker.transfer')`,
        [w.body.id],
      ),
    ).toBe(3);
    // out of the caseworker's subtree now
    await stack.http().get(`/api/workers/${w.body.id}`).set(auth(caseworker)).expect(404);
  });
});

describe('households: derived size, reversing corrections, category preview and evidence', () => {
  let workerId: string;
  let hid: string;
  let evidenceFile: {
    id: string;
    householdId: string;
    preview: { annualIncomeFen: number; members: number };
  };

  test('household size follows member adds and removes, and the category follows it', async () => {
    const w = await register(
      caseworker,
      { employeeNo: 'M-0004', name: '孙国强', orgUnitId: units.get('T-01-2'), nationalId: nationalId(4) },
      201,
    );
    workerId = w.body.id;
    hid = await household(caseworker, workerId);
    // 3,000 yuan a month over the 12 complete months
    for (let n = 1; n <= 12; n++) {
      await stack
        .http()
        .post(`/api/households/${hid}/incomes`)
        .set(auth(caseworker))
        .send({ month: monthsAgo(n), source: '工资', amountFen: 300_000 })
        .expect(201);
    }
    const spouse = await stack
      .http()
      .post(`/api/households/${hid}/members`)
      .set(auth(caseworker))
      .send({
        name: '李秀梅',
        relation: 'spouse',
        birthYear: 1984,
        health: '尿毒症，每周透析三次',
        workStatus: '无业',
      })
      .expect(201);
    expect(spouse.body.memberCount).toBe(2);
    const child = await stack
      .http()
      .post(`/api/households/${hid}/members`)
      .set(auth(caseworker))
      .send({
        name: '孙小雨',
        relation: 'child',
        birthYear: 2010,
        disability: '听力二级残疾',
        schoolStatus: '初中',
      })
      .expect(201);
    expect(child.body.memberCount).toBe(3);
    // 36,000 yuan ÷ 12 ÷ 3 = 1,000 yuan < 低保 1,062 → deep
    const p3 = await stack
      .http()
      .get(`/api/households/${hid}/category-preview`)
      .set(auth(caseworker))
      .expect(200);
    expect(p3.body).toMatchObject({
      members: 3,
      annualIncomeFen: 3_600_000,
      perCapitaMonthlyFen: 100_000,
      dibaoFen: 106_200,
      category: 'deep',
      categoryLabel: '深度困难',
      evidenceGaps: [],
    });
    expect(p3.body.reason).toContain('低保 1,062.00 元');

    const removed = await stack
      .http()
      .post(`/api/households/${hid}/members/${child.body.id}/remove`)
      .set(auth(caseworker))
      .send({ reason: '户口迁出' })
      .expect(200);
    expect(removed.body.memberCount).toBe(2);
    // 1,500 yuan per person: above 低保, below 2 × 低保 → relative
    const p2 = await stack
      .http()
      .get(`/api/households/${hid}/category-preview`)
      .set(auth(caseworker))
      .expect(200);
    expect(p2.body).toMatchObject({ members: 2, perCapitaMonthlyFen: 150_000, category: 'relative' });

    const view = await stack.http().get(`/api/households/${hid}`).set(auth(caseworker)).expect(200);
    expect(view.body.memberCount).toBe(2);
    expect(view.body.workerIds).toEqual([workerId]);
    const kid = (view.body.members as Array<Record<string, unknown>>).find((m) => m.id === child.body.id)!;
    expect(kid).toMatchObject({ removalReason: '户口迁出', disabilityRecorded: true, nameMasked: '孙**' });
    expect(kid.removedAt).toEqual(expect.any(String));
    const raw = await stack.db.query(`SELECT health_enc FROM household_members WHERE id = $1`, [
      spouse.body.id,
    ]);
    expect(raw.rows[0].health_enc.toString('utf8')).not.toContain('透析');
    // the size is never typed: a household has no writable size field
    await stack
      .http()
      .patch(`/api/households/${hid}/members/${spouse.body.id}`)
      .set(auth(caseworker))
      .send({ memberCount: 9 })
      .expect(400);
    // the locality decides the 低保 used: a change shows at once, an unknown one is refused
    await stack
      .http()
      .patch(`/api/households/${hid}`)
      .set(auth(caseworker))
      .send({ localityCode: '110000' })
      .expect(200);
    const bj = await stack
      .http()
      .get(`/api/households/${hid}/category-preview`)
      .set(auth(caseworker))
      .expect(200);
    expect(bj.body).toMatchObject({ localityCode: '110000', dibaoFen: 145_000 });
    const unknown = await stack
      .http()
      .patch(`/api/households/${hid}`)
      .set(auth(caseworker))
      .send({ localityCode: '999999' })
      .expect(422);
    expect(unknown.body.details[0]).toMatchObject({ field: 'localityCode', rule: 'locality_known' });
    const back = await stack
      .http()
      .patch(`/api/households/${hid}`)
      .set(auth(caseworker))
      .send({ localityCode: '370000', address: '济南市示范区新建路2号' })
      .expect(200);
    expect(back.body).toMatchObject({ localityCode: '370000', address: '济南市示范区新建路2号' });
  });

  test('an expense correction by reversing entry changes the sum and keeps the original row', async () => {
    const year = incomeWindow(new Date()).expenseYear;
    const typo = await stack
      .http()
      .post(`/api/households/${hid}/expenses`)
      .set(auth(caseworker))
      .send({ year, kind: 'medical', amountFen: 6_000_000, note: '透析费' })
      .expect(201);
    const before = await stack
      .http()
      .get(`/api/households/${hid}/category-preview`)
      .set(auth(caseworker))
      .expect(200);
    expect(before.body.annualRigidExpensesFen).toBe(6_000_000);
    const fix = await stack
      .http()
      .post(`/api/households/${hid}/expenses/${typo.body.id}/reversal`)
      .set(auth(caseworker))
      .send({ reason: '录入错误：多录了一个0', correctedAmountFen: 600_000 })
      .expect(201);
    expect(fix.body.correctedId).toEqual(expect.any(String));
    const after = await stack
      .http()
      .get(`/api/households/${hid}/category-preview`)
      .set(auth(caseworker))
      .expect(200);
    expect(after.body.annualRigidExpensesFen).toBe(600_000);
    // (36,000 − 6,000) ÷ 12 ÷ 2 = 1,250 yuan
    expect(after.body.perCapitaMonthlyFen).toBe(125_000);
    const rows = await stack.db.query(
      `SELECT id, amount_fen::bigint::int AS amount, reverses_id, reason FROM household_expenses WHERE household_id = $1 ORDER BY created_at, amount_fen`,
      [hid],
    );
    expect(rows.rows.find((r) => r.id === typo.body.id)).toMatchObject({
      amount: 6_000_000,
      reverses_id: null,
    });
    expect(rows.rows.find((r) => r.reverses_id === typo.body.id)).toMatchObject({
      amount: -6_000_000,
      reason: '录入错误：多录了一个0',
    });
    expect(rows.rows).toHaveLength(3);
    const view = await stack.http().get(`/api/households/${hid}`).set(auth(caseworker)).expect(200);
    expect(view.body.expenses.find((e: { id: string }) => e.id === typo.body.id)).toMatchObject({
      reversed: true,
    });
    // once only; a reversal is never reversed; the rows cannot be edited or deleted
    const twice = await stack
      .http()
      .post(`/api/households/${hid}/expenses/${typo.body.id}/reversal`)
      .set(auth(caseworker))
      .send({ reason: '再次' })
      .expect(409);
    expect(twice.body.details[0]).toMatchObject({ rule: 'reverse_once' });
    const rev = rows.rows.find((r) => r.reverses_id === typo.body.id)!;
    await stack
      .http()
      .post(`/api/households/${hid}/expenses/${rev.id}/reversal`)
      .set(auth(caseworker))
      .send({ reason: '撤销冲销' })
      .expect(422);
    await expect(
      stack.db.query(`UPDATE household_expenses SET amount_fen = 1 WHERE id = $1`, [typo.body.id]),
    ).rejects.toThrow(/append-only/);
    await expect(
      stack.db.query(`DELETE FROM household_expenses WHERE id = $1`, [typo.body.id]),
    ).rejects.toThrow(/append-only/);
    expect(
      await stack.count(
        `SELECT 1 FROM audit_log WHERE action = 'household.expense_reversal' AND entity_id::text = $1`,
        [hid],
      ),
    ).toBe(1);
    // an income correction without a new figure: the month nets to zero
    const inc = (await stack.http().get(`/api/households/${hid}`).set(auth(caseworker)).expect(200)).body
      .incomes[0];
    await stack
      .http()
      .post(`/api/households/${hid}/incomes/${inc.id}/reversal`)
      .set(auth(caseworker))
      .send({ reason: '该月实际停发工资' })
      .expect(201);
    const p = await stack
      .http()
      .get(`/api/households/${hid}/category-preview`)
      .set(auth(caseworker))
      .expect(200);
    expect(p.body).toMatchObject({ annualIncomeFen: 3_300_000, incomeEntriesInWindow: 11 });
  });

  test('the income window: the 12 complete months before today, in the preview, file registration and the SQL', async () => {
    const w = incomeWindow(new Date());
    const current = (() => {
      const last = w.toMonth;
      const y = Number(last.slice(0, 4));
      const m = Number(last.slice(5, 7));
      return m === 12 ? `${y + 1}-01` : `${y}-${String(m + 1).padStart(2, '0')}`;
    })();
    const before = (
      await stack.http().get(`/api/households/${hid}/category-preview`).set(auth(caseworker)).expect(200)
    ).body;
    expect(before).toMatchObject({
      windowFrom: w.fromMonth,
      windowTo: w.toMonth,
      expenseYear: w.expenseYear,
    });
    // the current month and the 13th month back are outside the window
    const thirteenth = (() => {
      const y = Number(w.fromMonth.slice(0, 4));
      const m = Number(w.fromMonth.slice(5, 7));
      return m === 1 ? `${y - 1}-12` : `${y}-${String(m - 1).padStart(2, '0')}`;
    })();
    for (const month of [current, thirteenth]) {
      await stack
        .http()
        .post(`/api/households/${hid}/incomes`)
        .set(auth(caseworker))
        .send({ month, source: '奖金', amountFen: 9_900_000 })
        .expect(201);
    }
    const after = (
      await stack.http().get(`/api/households/${hid}/category-preview`).set(auth(caseworker)).expect(200)
    ).body;
    expect(after.annualIncomeFen).toBe(before.annualIncomeFen);

    // the SQL bounds agree with the TypeScript window, also across a year boundary in China time
    for (const asOf of [
      '2027-01-15T04:00:00Z',
      '2026-12-31T16:30:00Z',
      '2026-12-31T15:30:00Z',
      new Date().toISOString(),
    ]) {
      const sql = incomeWindowSql('$1::timestamptz');
      const r = await stack.db.query(
        `SELECT to_char(${sql.fromDay}, 'YYYY-MM') AS "from", to_char(${sql.toDay} - interval '1 month', 'YYYY-MM') AS "to", ${sql.expenseYear} AS year`,
        [asOf],
      );
      const tw = incomeWindow(new Date(asOf));
      expect({ asOf, ...r.rows[0] }).toEqual({
        asOf,
        from: tw.fromMonth,
        to: tw.toMonth,
        year: tw.expenseYear,
      });
    }
    expect(incomeWindow(new Date('2026-12-31T16:30:00Z'))).toMatchObject({
      fromMonth: '2026-01',
      toMonth: '2026-12',
    });
  });

  test('a file with no household members is refused on submit unless a reason is recorded; the category uses the same figures as the preview', async () => {
    const w = await register(
      caseworker,
      { employeeNo: 'M-0005', name: '周独居', orgUnitId: units.get('T-01-1'), nationalId: nationalId(5) },
      201,
    );
    const h = await household(caseworker, w.body.id);
    for (let n = 1; n <= 6; n++) {
      await stack
        .http()
        .post(`/api/households/${h}/incomes`)
        .set(auth(caseworker))
        .send({ month: monthsAgo(n), source: '临时工', amountFen: 80_000 })
        .expect(201);
    }
    const preview = (
      await stack.http().get(`/api/households/${h}/category-preview`).set(auth(caseworker)).expect(200)
    ).body;
    expect(preview).toMatchObject({ members: 1, otherMembers: 0, evidenceGaps: ['householdMembers'] });
    const file = (
      await stack
        .http()
        .post('/api/files')
        .set(auth(caseworker))
        .send({ workerId: w.body.id, causes: ['illness'] })
        .expect(201)
    ).body;
    await stack
      .http()
      .put(`/api/files/${file.id}/investigation`)
      .set(auth(caseworker))
      .send({
        fiveClears: {
          address: '幸福路9号',
          family: '独居',
          income: '打零工',
          cause: '因病',
          urgentNeed: '医疗',
        },
        visit: { date: '2026-11-20', visitors: ['李干事'], notes: '入户走访' },
      })
      .expect(200);
    const task = await (async () => {
      for (let i = 0; i < 100; i++) {
        const res = await stack
          .http()
          .get('/api/tasks?status=open&type=investigation')
          .set(auth(caseworker))
          .expect(200);
        const t = (res.body.items as Array<{ id: string; subjectId: string }>).find(
          (x) => x.subjectId === file.id,
        );
        if (t) return t;
        await new Promise((r) => setTimeout(r, 100));
      }
      throw new Error('no investigation task');
    })();
    const refused = await stack
      .http()
      .post(`/api/tasks/${task.id}/decision`)
      .set(auth(caseworker))
      .send({ decision: 'done' })
      .expect(422);
    expect(refused.body.message).toContain('householdMembers');
    expect(refused.body.message).toContain('evidenceNote');
    await stack
      .http()
      .put(`/api/files/${file.id}/investigation`)
      .set(auth(caseworker))
      .send({ evidenceNote: '入户核实：本人独居，无其他家庭成员' })
      .expect(200);
    await stack
      .http()
      .post(`/api/tasks/${task.id}/decision`)
      .set(auth(caseworker))
      .send({ decision: 'done' })
      .expect(200);
    const after = (await stack.http().get(`/api/files/${file.id}`).set(auth(caseworker)).expect(200)).body;
    evidenceFile = { id: file.id, householdId: h, preview };
    expect(after).toMatchObject({
      status: 'pending_approval',
      evidenceNote: '入户核实：本人独居，无其他家庭成员',
      category: preview.category,
    });
    expect(after.categoryInputs).toMatchObject({
      members: 1,
      annualIncomeFen: preview.annualIncomeFen,
      perCapitaMonthlyFen: preview.perCapitaMonthlyFen,
      dibaoFen: preview.dibaoFen,
    });
  });

  test('the re-assessment SQL sums the same income window (the current month and the 13th month back left out)', async () => {
    const { id, householdId, preview } = evidenceFile;
    const w = incomeWindow(new Date());
    const next = (m: string, d: number) => {
      const i = Number(m.slice(0, 4)) * 12 + Number(m.slice(5, 7)) - 1 + d;
      return `${Math.floor(i / 12)}-${String((i % 12) + 1).padStart(2, '0')}`;
    };
    for (const month of [next(w.toMonth, 1), next(w.fromMonth, -1)]) {
      await stack
        .http()
        .post(`/api/households/${householdId}/incomes`)
        .set(auth(caseworker))
        .send({ month, source: '奖金', amountFen: 5_000_000 })
        .expect(201);
    }
    const policy = await stack.db.query(
      `SELECT version, data FROM policy_versions ORDER BY version DESC LIMIT 1`,
    );
    await stack.db.query('BEGIN');
    try {
      await stack.db.query(`UPDATE hardship_files SET status = 'active' WHERE id = $1`, [id]);
      await stack.db.query(
        `INSERT INTO reassessment_campaigns (id, kind, status) VALUES ('reassessment:window-check', 'quarterly', 'running')`,
      );
      await stack.db.query(reassessmentSql(false), [
        'reassessment:window-check',
        null,
        1,
        new Date().toISOString(),
        sqlPolicy(policy.rows[0].data as PolicyData),
        policy.rows[0].version,
        null,
      ]);
      const r = await stack.db.query(
        `SELECT annual_income_fen::bigint::int AS income, members FROM reassessment_results WHERE file_id = $1`,
        [id],
      );
      expect(r.rows[0]).toEqual({ income: preview.annualIncomeFen, members: preview.members });
    } finally {
      await stack.db.query('ROLLBACK');
    }
  });

  test('a worker who left or retired: open work stays visible, new applications are refused (422 worker_active)', async () => {
    const workers = (await stack.http().get('/api/workers').set(auth(caseworker)).expect(200)).body
      .items as Array<{
      id: string;
      employeeNo: string;
      fileId: string | null;
    }>;
    const zhou = workers.find((x) => x.employeeNo === 'E1001')!;
    const left = await stack
      .http()
      .post(`/api/workers/${zhou.id}/status`)
      .set(auth(caseworker))
      .send({ status: 'left', reason: '2026-11 离职' })
      .expect(200);
    expect(left.body).toMatchObject({ employmentStatus: 'left', fileId: zhou.fileId });
    await stack.http().get(`/api/files/${zhou.fileId}`).set(auth(caseworker)).expect(200);
    const kase = await stack
      .http()
      .post('/api/cases')
      .set(auth(caseworker))
      .send({ workerId: zhou.id, program: 'illness', amountFen: 200_000, reason: '住院' })
      .expect(422);
    expect(kase.body.details[0]).toMatchObject({ field: 'workerId', rule: 'worker_active' });
    const loan = await stack
      .http()
      .post('/api/loans')
      .set(auth(caseworker))
      .send({ workerId: zhou.id, amountFen: 500_000, termMonths: 12, purpose: '医疗' });
    expect(loan.status).toBe(422);
    expect(loan.body.details[0]).toMatchObject({ rule: 'worker_active' });

    const retiree = workers.find((x) => x.employeeNo === 'E1003')!;
    await stack
      .http()
      .post(`/api/workers/${retiree.id}/status`)
      .set(auth(caseworker))
      .send({ status: 'retired', reason: '退休' })
      .expect(200);
    const file = await stack
      .http()
      .post('/api/files')
      .set(auth(caseworker))
      .send({ workerId: retiree.id, causes: ['illness'] })
      .expect(422);
    expect(file.body.details[0]).toMatchObject({ field: 'workerId', rule: 'worker_active' });
    expect(file.body.details[0].message).toContain('已退休');
  });
});

describe('moving a unit: scope follows', () => {
  test('plant 2 moves to another enterprise: its files and tasks leave the old union chair’s view and reach the new one', async () => {
    const files = (await stack.http().get('/api/files').set(auth(unionChair)).expect(200)).body
      .items as Array<{
      id: string;
      orgUnitId: string;
    }>;
    const plant2 = files.find((f) => f.orgUnitId === units.get('T-02-1'))!;
    expect(plant2).toBeDefined();
    const chairE2 = await createUser('chair-mech', ['union_chair'], units.get('E-02')!);
    await stack.http().get(`/api/files/${plant2.id}`).set(auth(chairE2)).expect(404);
    // the plant's history before the move (a rename, audited): the new enterprise's auditor cannot read it yet
    await stack
      .http()
      .patch(`/api/org-units/${units.get('T-02-1')}`)
      .set(auth(admin))
      .send({ nameZh: '二分厂维修班（机修）' })
      .expect(200);
    const auditorE2 = await createUser('auditor-mech', ['auditor'], units.get('E-02')!);
    const visibleTo = async (token: string) =>
      new Set(
        (
          (await stack.http().get('/api/audit?limit=200').set(auth(token)).expect(200)).body.items as Array<{
            id: string;
          }>
        ).map((r) => r.id),
      );
    const history = (
      await stack.db.query<{ id: string }>(
        `SELECT a.id::text AS id FROM audit_log a, org_units g
          WHERE g.id = $1 AND (a.org_path = g.path OR a.org_path LIKE g.path || '.%')`,
        [units.get('G-02')],
      )
    ).rows.map((r) => r.id);
    expect(history.length).toBeGreaterThan(0);
    const seenBefore = await visibleTo(auditorE2);
    expect(history.filter((id) => seenBefore.has(id))).toEqual([]);

    const moved = await stack
      .http()
      .post(`/api/org-units/${units.get('G-02')}/move`)
      .set(auth(admin))
      .send({ parentId: units.get('E-02') })
      .expect(200);
    expect(moved.body).toMatchObject({ parentId: units.get('E-02'), unitsMoved: 2, depth: 3 });

    await stack.http().get(`/api/files/${plant2.id}`).set(auth(unionChair)).expect(404);
    await stack.http().get(`/api/files/${plant2.id}`).set(auth(chairE2)).expect(200);
    await stack.http().get(`/api/files/${plant2.id}`).set(auth(admin)).expect(200);
    // paths below the moved unit and the tasks' copies follow
    const paths = await stack.db.query(
      `SELECT o.code, o.path, p.path AS parent_path FROM org_units o JOIN org_units p ON p.id = o.parent_id WHERE o.code IN ('G-02','T-02-1')`,
    );
    for (const r of paths.rows) expect(r.path.startsWith(`${r.parent_path}.`)).toBe(true);
    expect(
      await stack.count(
        `SELECT 1 FROM tasks t JOIN org_units o ON o.id = t.org_unit_id WHERE t.org_path <> o.path`,
      ),
    ).toBe(0);
    // the unit's audit history moved with it: the new enterprise's auditor reads all of it, and the
    // audit log still refuses any other change
    const seenAfter = await visibleTo(auditorE2);
    expect(history.filter((id) => !seenAfter.has(id))).toEqual([]);
    await expect(
      stack.db.query(`UPDATE audit_log SET action = 'x' WHERE id = $1::bigint`, [history[0]]),
    ).rejects.toThrow(/append-only/);

    // not under its own subtree, not the root
    const cycle = await stack
      .http()
      .post(`/api/org-units/${units.get('E-02')}/move`)
      .set(auth(admin))
      .send({ parentId: units.get('G-02') })
      .expect(422);
    expect(cycle.body.details[0]).toMatchObject({ field: 'parentId', rule: 'not_into_own_subtree' });
    expect(
      await stack.count(`SELECT 1 FROM audit_log WHERE action = 'org_unit.move' AND entity_id::text = $1`, [
        units.get('G-02'),
      ]),
    ).toBe(1);
  });
});
