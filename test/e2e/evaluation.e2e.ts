import { Workbook } from 'exceljs';
import { lifecycleSweepScheduleId } from '../../apps/worker/src/lifecycle-schedule.service';
import { TestStack } from '../support/stack';

/**
 * Effect evaluation (帮扶效果评估) on real PostgreSQL: 24 generated files in a unit of their own
 * (评估测试 with 评估甲 and 评估乙 below it) with known incomes, activations, exits, a relapse,
 * help-plan measures with outcomes and paid aid (regular-subsidy ledger payments and an aid case's
 * payment). The evaluation rows are written by one statement (POST /api/evaluation/run on
 * 2026-12-15: yearly evaluation due from December), and every figure of the report per unit,
 * category and cause is checked against values computed by hand below.
 *
 * The four kinds of file (China dates; income per household per month; the income window is the 12
 * complete months before the date; per-capita = window total ÷ 12 ÷ members, rounded down):
 *
 * X ×6 — 评估甲, deep, {unemployment}, 2 members, active 2025-03-10, exit 2026-06-20:
 *   before: 2024-03…2025-02 at 1,200 元 → 1,440,000 fen ÷ 12 ÷ 2 = 60,000 fen
 *   after:  2025-06…2026-05 at 3,000 元 → 3,600,000 ÷ 12 ÷ 2 = 150,000
 *   months to exit: 2025-03-10 → 2026-06-20 = 15
 *   measures: employment done job_found, training done achieved (2026-05-01) → 2 / 2, 1 job
 *   aid: subsidy 500 元 on 2025-06-01 = 50,000 (another 300 元 on 2026-07-01 is after the exit: not counted)
 *   relapse: X1's worker has a new file opened 2026-09-01 (within 12 months) → 1;
 *            X2's household has one opened 2027-08-01 (after 12 months) → not a relapse
 * Y ×4 — 评估乙, relative, {illness, education}, 4 members, active 2025-09-01, exit 2026-10-15:
 *   before: 2024-09…2025-08 at 2,000 元 → 2,400,000 ÷ 12 ÷ 4 = 50,000
 *   after:  2025-10…2026-09 at 4,000 元 → 4,800,000 ÷ 12 ÷ 4 = 100,000
 *   months to exit: 2025-09-01 → 2026-10-15 = 13
 *   measures: medical done achieved, schooling done kept_in_school, mutual_aid still planned → 3 / 2, 1 kept in school
 *   aid: an 大病救助 aid case paid 3,000 元 on 2025-10-10 = 300,000
 * Z ×8 — 评估甲, accident, {disability}, 3 members, active 2026-01-20, evaluated yearly 2026-12-15:
 *   before: 2025-01…2025-12 at 1,800 元 → 2,160,000 ÷ 12 ÷ 3 = 60,000
 *   after:  2025-12…2026-11: 1,800 + 11 × 2,700 = 31,500 元 = 3,150,000 ÷ 12 ÷ 3 = 87,500
 *   measures: medical planned, employment done no_job → 2 / 1, no job
 *   aid: subsidies 400 元 on 2026-03-01 and 2026-06-01 = 80,000 (300 元 on 2026-12-20 is after the date)
 * W ×6 — 评估乙, relative, {unemployment}, 1 member, active 2026-05-05, evaluated yearly:
 *   before: 2025-05…2026-04 at 1,000 元 → 1,200,000 ÷ 12 ÷ 1 = 100,000
 *   after:  2025-12…2026-11: 5 × 1,000 + 7 × 2,500 = 22,500 元 = 2,250,000 ÷ 12 = 187,500
 *   measures: employment done job_found (2026-10-01) → 1 / 1, 1 job
 *   aid: none
 * Not evaluated: R ×2 in 评估甲 closed as retired (not an exit); the relapse files (investigating).
 */
let stack: TestStack;

beforeAll(async () => {
  stack = await TestStack.start();
}, 180_000);

afterAll(async () => {
  await stack?.stop();
});

interface Kind {
  tag: string;
  unit: string;
  n: number;
  members: number;
  category: string;
  causes: string[];
  status: 'active' | 'closed';
  closeReason?: string;
  activatedAt: string;
  closedAt?: string;
  /** [first month, last month, 元 per household per month] */
  incomes: Array<[string, string, number]>;
  /** [type, status, outcome, completed at] */
  measures: Array<[string, string, string | null, string | null]>;
  /** [元, paid at] subsidies paid to the file */
  subsidies: Array<[number, string]>;
}

const KINDS: Kind[] = [
  {
    tag: 'X',
    unit: 'EV-A',
    n: 6,
    members: 2,
    category: 'deep',
    causes: ['unemployment'],
    status: 'closed',
    closeReason: 'exit',
    activatedAt: '2025-03-10 10:00+08',
    closedAt: '2026-06-20 10:00+08',
    incomes: [
      ['2024-03-01', '2025-02-01', 1200],
      ['2025-03-01', '2026-05-01', 3000],
    ],
    measures: [
      ['employment', 'done', 'job_found', '2026-05-01 10:00+08'],
      ['training', 'done', 'achieved', '2026-05-01 10:00+08'],
    ],
    subsidies: [
      [500, '2025-06-01 10:00+08'],
      [300, '2026-07-01 10:00+08'],
    ],
  },
  {
    tag: 'Y',
    unit: 'EV-B',
    n: 4,
    members: 4,
    category: 'relative',
    causes: ['illness', 'education'],
    status: 'closed',
    closeReason: 'exit',
    activatedAt: '2025-09-01 10:00+08',
    closedAt: '2026-10-15 10:00+08',
    incomes: [
      ['2024-09-01', '2025-08-01', 2000],
      ['2025-09-01', '2026-09-01', 4000],
    ],
    measures: [
      ['medical', 'done', 'achieved', '2026-08-01 10:00+08'],
      ['schooling', 'done', 'kept_in_school', '2026-08-01 10:00+08'],
      ['mutual_aid', 'planned', null, null],
    ],
    subsidies: [],
  },
  {
    tag: 'Z',
    unit: 'EV-A',
    n: 8,
    members: 3,
    category: 'accident',
    causes: ['disability'],
    status: 'active',
    activatedAt: '2026-01-20 10:00+08',
    incomes: [
      ['2025-01-01', '2025-12-01', 1800],
      ['2026-01-01', '2026-11-01', 2700],
    ],
    measures: [
      ['medical', 'planned', null, null],
      ['employment', 'done', 'no_job', '2026-06-01 10:00+08'],
    ],
    subsidies: [
      [400, '2026-03-01 10:00+08'],
      [400, '2026-06-01 10:00+08'],
      [300, '2026-12-20 10:00+08'],
    ],
  },
  {
    tag: 'W',
    unit: 'EV-B',
    n: 6,
    members: 1,
    category: 'relative',
    causes: ['unemployment'],
    status: 'active',
    activatedAt: '2026-05-05 10:00+08',
    incomes: [
      ['2025-05-01', '2026-04-01', 1000],
      ['2026-05-01', '2026-11-01', 2500],
    ],
    measures: [['employment', 'done', 'job_found', '2026-10-01 10:00+08']],
    subsidies: [],
  },
  {
    tag: 'R',
    unit: 'EV-A',
    n: 2,
    members: 2,
    category: 'deep',
    causes: ['illness'],
    status: 'closed',
    closeReason: 'retired',
    activatedAt: '2025-03-10 10:00+08',
    closedAt: '2026-03-01 10:00+08',
    incomes: [['2024-03-01', '2026-02-01', 1000]],
    measures: [],
    subsidies: [[500, '2025-06-01 10:00+08']],
  },
];

async function generate(): Promise<Record<string, string>> {
  const q = (sql: string, p: unknown[] = []) => stack.db.query(sql, p);
  const [ent] = (await q(`SELECT id, path FROM org_units WHERE code = 'ENT-01'`)).rows as Array<{
    id: string;
    path: string;
  }>;
  const units: Record<string, string> = {};
  for (const [code, name, parent] of [
    ['EV', '评估测试', null],
    ['EV-A', '评估甲', 'EV'],
    ['EV-B', '评估乙', 'EV'],
  ] as const) {
    const parentId = parent ? units[parent]! : ent!.id;
    const { rows } = await q(
      `INSERT INTO org_units (code, name_zh, name_en, kind, parent_id, path)
       SELECT $1::text, $2::text, $1::text, $3::text, p.id, p.path || '.' || gen_random_uuid() FROM org_units p WHERE p.id = $4
       RETURNING id`,
      [code, name, parent ? 'team' : 'grassroots_unit', parentId],
    );
    units[code] = (rows[0] as { id: string }).id;
    // the path ends with the unit's own id (orgPath)
    await q(`UPDATE org_units SET path = regexp_replace(path, '[^.]+$', id::text) WHERE id = $1`, [
      units[code],
    ]);
  }
  const [budget] = (
    await q(
      `INSERT INTO budgets (fund_source, program_code, year) VALUES ('union_funds', 'illness', 2025)
       ON CONFLICT (fund_source, program_code, year) DO UPDATE SET year = EXCLUDED.year RETURNING id`,
    )
  ).rows as Array<{ id: string }>;
  for (const k of KINDS) {
    const p = [`EV${k.tag}`, units[k.unit], k.members, k.n];
    await q(
      `INSERT INTO households (code, org_unit_id, locality_code, member_count, address, caseworker_id)
       SELECT $1 || '-' || g, $2, '370000', $3, '评估路' || g || '号', (SELECT id FROM users WHERE username = 'caseworker')
         FROM generate_series(1, $4::int) g`,
      p,
    );
    await q(
      `INSERT INTO workers (employee_no, name, org_unit_id, household_id, caseworker_id)
       SELECT 'W-' || h.code, '评估职工' || h.code, h.org_unit_id, h.id, h.caseworker_id
         FROM households h WHERE h.code LIKE $1 || '-%'`,
      [`EV${k.tag}`],
    );
    await q(
      `INSERT INTO hardship_files (id, file_no, workflow_id, household_id, worker_id, org_unit_id, status, causes, five_clears,
                                   caseworker_id, category, category_policy_version, category_reason, opened_at, activated_at,
                                   closed_at, close_reason)
       SELECT x.id, 'HF-' || x.code, 'hardship-file:' || x.id, x.hid, x.wid, x.org_unit_id, $2, $3::text[], '{}'::jsonb,
              x.caseworker_id, $4, (SELECT max(version) FROM policy_versions), 'generated', $5::timestamptz - interval '20 days',
              $5::timestamptz, $6::timestamptz, $7
         FROM (SELECT gen_random_uuid() AS id, h.code, h.id AS hid, w.id AS wid, h.org_unit_id, h.caseworker_id
                 FROM households h JOIN workers w ON w.household_id = h.id WHERE h.code LIKE $1 || '-%') x`,
      [
        `EV${k.tag}`,
        k.status,
        k.causes,
        k.category,
        k.activatedAt,
        k.closedAt ?? null,
        k.closeReason ?? null,
      ],
    );
    for (const [from, to, yuan] of k.incomes)
      await q(
        `INSERT INTO household_incomes (household_id, month, source, amount_fen)
         SELECT h.id, m::date, 'wage', $4::bigint * 100
           FROM households h, generate_series($2::date, $3::date, interval '1 month') m
          WHERE h.code LIKE $1 || '-%'`,
        [`EV${k.tag}`, from, to, yuan],
      );
    if (k.measures.length)
      await q(
        `INSERT INTO help_plans (file_id, policy_version, created_by)
         SELECT f.id, (SELECT max(version) FROM policy_versions), (SELECT id FROM users WHERE username = 'caseworker')
           FROM hardship_files f WHERE f.file_no LIKE 'HF-' || $1 || '-%'`,
        [`EV${k.tag}`],
      );
    for (const [type, status, outcome, completedAt] of k.measures)
      await q(
        `INSERT INTO help_measures (file_id, plan_id, kind, description, target, status, outcome, completed_at, due_on)
         SELECT f.id, p.id, $2, '生成措施', '生成措施', $3, $4, $5::timestamptz, '2026-01-31'
           FROM hardship_files f JOIN help_plans p ON p.file_id = f.id WHERE f.file_no LIKE 'HF-' || $1 || '-%'`,
        [`EV${k.tag}`, type, status, outcome, completedAt],
      );
    for (const [i, [yuan, at]] of k.subsidies.entries())
      await q(
        `INSERT INTO ledger_entries (idempotency_key, budget_id, kind, amount_fen, file_id, created_at)
         SELECT 'ev-subsidy-' || f.file_no || '-' || $4::int, $2, 'payment', $3::bigint * 100, f.id, $5::timestamptz
           FROM hardship_files f WHERE f.file_no LIKE 'HF-' || $1 || '-%'`,
        [`EV${k.tag}`, budget!.id, yuan, i, at],
      );
  }
  // Y: one 大病救助 aid case per household, paid 3,000 元 on 2025-10-10
  await q(
    `WITH c AS (
       INSERT INTO aid_cases (id, case_no, workflow_id, worker_id, household_id, org_unit_id, program_code, amount_fen, reason_enc, status, created_by, file_id)
       SELECT gen_random_uuid(), 'C-' || f.file_no, 'aid-case:ev-' || f.file_no, f.worker_id, f.household_id, f.org_unit_id,
              'illness', 300000, decode('00', 'hex'), 'paid', (SELECT id FROM users WHERE username = 'caseworker'), f.id
         FROM hardship_files f WHERE f.file_no LIKE 'HF-EVY-%'
       RETURNING id)
     INSERT INTO ledger_entries (idempotency_key, budget_id, kind, amount_fen, case_id, created_at)
     SELECT 'ev-case-' || c.id, $1, 'payment', 300000, c.id, '2025-10-10 10:00+08' FROM c`,
    [budget!.id],
  );
  // relapse: X-1's worker opens a new file 2026-09-01 (within 12 months of the exit); X-2's
  // household one on 2027-08-01 (more than 12 months after)
  for (const [code, at] of [
    ['EVX-1', '2026-09-01 10:00+08'],
    ['EVX-2', '2027-08-01 10:00+08'],
  ] as const)
    await q(
      `INSERT INTO hardship_files (id, file_no, workflow_id, household_id, worker_id, org_unit_id, status, causes, caseworker_id, opened_at)
       SELECT x.id, 'HF-RE-' || $1, 'hardship-file:' || x.id, f.household_id, f.worker_id, f.org_unit_id, 'investigating',
              ARRAY['unemployment'], f.caseworker_id, $2::timestamptz
         FROM hardship_files f, (SELECT gen_random_uuid() AS id) x WHERE f.file_no = 'HF-' || $1`,
      [code, at],
    );
  return units;
}

const ZERO_GROUP = { key: expect.any(String), label: expect.any(String) };

test('evaluation rows written set-based; every figure per unit, category and cause equals the hand-computed values', async () => {
  const units = await generate();
  const [admin, union] = await Promise.all(['admin', 'union-chair'].map((u) => stack.login(u)));
  const as = (t: string) => ({ authorization: `Bearer ${t}` });

  // one statement writes the rows due on 2026-12-15; a second run writes nothing more
  const run = await stack
    .http()
    .post('/api/evaluation/run')
    .set(as(admin))
    .send({ date: '2026-12-15' })
    .expect(200);
  expect(run.body).toMatchObject({ date: '2026-12-15', annualDue: true });
  expect(run.body.exit).toBeGreaterThanOrEqual(10);
  const again = await stack
    .http()
    .post('/api/evaluation/run')
    .set(as(admin))
    .send({ date: '2026-12-15' })
    .expect(200);
  expect(again.body).toMatchObject({ exit: 0, annual: 0 });
  const { rows: written } = await stack.db.query(
    `SELECT e.kind, count(*)::int AS n, count(DISTINCT e.xmin::text)::int AS transactions FROM help_evaluations e
      JOIN org_units o ON o.id = e.org_unit_id WHERE o.code IN ('EV-A','EV-B') GROUP BY e.kind ORDER BY e.kind`,
  );
  // X 6 + Y 4 exits; Z 8 + W 6 yearly; the retired files and the relapse files are not evaluated
  expect(written).toEqual([
    { kind: 'annual', n: 14, transactions: 1 },
    { kind: 'exit', n: 10, transactions: 1 },
  ]);

  const report = async (by: string) =>
    (
      await stack
        .http()
        .get(`/api/evaluation?year=2026&orgUnitId=${units.EV}&by=${by}`)
        .set(as(union))
        .expect(200)
    ).body;

  const byUnit = await report('unit');
  expect(byUnit.orgUnitName).toBe('评估测试');
  expect(byUnit.relapseMonths).toBe(12);
  expect(byUnit.total).toEqual({
    files: 24, // 6 + 4 + 8 + 6
    households: 24,
    exits: 10, // X 6 + Y 4
    relapses: 1, // X-1 only
    incomeBeforeSumFen: 1_640_000, // 6×60,000 + 4×50,000 + 8×60,000 + 6×100,000
    incomeAfterSumFen: 3_125_000, // 6×150,000 + 4×100,000 + 8×87,500 + 6×187,500
    monthsToExitSum: 142, // 6×15 + 4×13
    measuresTotal: 46, // 6×2 + 4×3 + 8×2 + 6×1
    measuresDone: 34, // 6×2 + 4×2 + 8×1 + 6×1
    jobsFound: 12, // X 6 + W 6
    keptInSchool: 4, // Y 4
    aidFen: 2_140_000, // 6×50,000 + 4×300,000 + 8×80,000
    aidExitedFen: 1_500_000, // 6×50,000 + 4×300,000
    avgIncomeBeforeFen: 68_333, // 1,640,000 / 24 = 68,333.3
    avgIncomeAfterFen: 130_208, // 3,125,000 / 24 = 130,208.3
    avgIncomeChangeFen: 61_875, // 1,485,000 / 24
    avgMonthsToExit: 14.2, // 142 / 10
    relapseRatePercent: 10, // 1 / 10
    aidPerHouseholdFen: 89_167, // 2,140,000 / 24 = 89,166.7
    aidPerExitFen: 150_000, // 1,500,000 / 10
  });
  const unitA = byUnit.groups.find((g: { label: string }) => g.label === '评估甲');
  const unitB = byUnit.groups.find((g: { label: string }) => g.label === '评估乙');
  expect(byUnit.groups).toHaveLength(2);
  // 评估甲 = X + Z (14 files)
  expect(unitA).toEqual({
    ...ZERO_GROUP,
    key: units['EV-A'],
    files: 14,
    households: 14,
    exits: 6,
    relapses: 1,
    incomeBeforeSumFen: 840_000, // 6×60,000 + 8×60,000
    incomeAfterSumFen: 1_600_000, // 6×150,000 + 8×87,500
    monthsToExitSum: 90,
    measuresTotal: 28, // 6×2 + 8×2
    measuresDone: 20, // 6×2 + 8×1
    jobsFound: 6,
    keptInSchool: 0,
    aidFen: 940_000, // 6×50,000 + 8×80,000
    aidExitedFen: 300_000,
    avgIncomeBeforeFen: 60_000,
    avgIncomeAfterFen: 114_286, // 1,600,000 / 14 = 114,285.7
    avgIncomeChangeFen: 54_286, // 760,000 / 14 = 54,285.7
    avgMonthsToExit: 15,
    relapseRatePercent: 16.7, // 1 / 6
    aidPerHouseholdFen: 67_143, // 940,000 / 14 = 67,142.9
    aidPerExitFen: 50_000, // 300,000 / 6
  });
  // 评估乙 = Y + W (10 files)
  expect(unitB).toEqual({
    ...ZERO_GROUP,
    key: units['EV-B'],
    files: 10,
    households: 10,
    exits: 4,
    relapses: 0,
    incomeBeforeSumFen: 800_000, // 4×50,000 + 6×100,000
    incomeAfterSumFen: 1_525_000, // 4×100,000 + 6×187,500
    monthsToExitSum: 52,
    measuresTotal: 18, // 4×3 + 6×1
    measuresDone: 14, // 4×2 + 6×1
    jobsFound: 6,
    keptInSchool: 4,
    aidFen: 1_200_000,
    aidExitedFen: 1_200_000,
    avgIncomeBeforeFen: 80_000,
    avgIncomeAfterFen: 152_500,
    avgIncomeChangeFen: 72_500, // 725,000 / 10
    avgMonthsToExit: 13,
    relapseRatePercent: 0,
    aidPerHouseholdFen: 120_000,
    aidPerExitFen: 300_000, // 1,200,000 / 4
  });

  const byCategory = await report('category');
  const cat = (k: string) => byCategory.groups.find((g: { key: string }) => g.key === k);
  expect(byCategory.groups.map((g: { key: string }) => g.key).sort()).toEqual([
    'accident',
    'deep',
    'relative',
  ]);
  // deep = X
  expect(cat('deep')).toMatchObject({
    label: '深度困难',
    files: 6,
    exits: 6,
    relapses: 1,
    avgIncomeBeforeFen: 60_000,
    avgIncomeAfterFen: 150_000,
    avgMonthsToExit: 15,
    measuresDone: 12,
    jobsFound: 6,
    aidPerHouseholdFen: 50_000, // 300,000 / 6
    aidPerExitFen: 50_000,
  });
  // relative = Y + W (the figures of 评估乙)
  expect(cat('relative')).toEqual({ ...unitB, key: 'relative', label: '相对困难' });
  // accident = Z: no exit
  expect(cat('accident')).toMatchObject({
    label: '意外致困',
    files: 8,
    exits: 0,
    relapses: 0,
    avgIncomeBeforeFen: 60_000,
    avgIncomeAfterFen: 87_500,
    avgIncomeChangeFen: 27_500,
    avgMonthsToExit: null,
    relapseRatePercent: null,
    measuresTotal: 16,
    measuresDone: 8,
    jobsFound: 0,
    aidFen: 640_000,
    aidPerHouseholdFen: 80_000,
    aidPerExitFen: null,
  });

  const byCause = await report('cause');
  const cause = (k: string) => byCause.groups.find((g: { key: string }) => g.key === k);
  expect(byCause.groups.map((g: { key: string }) => g.key).sort()).toEqual([
    'disability',
    'education',
    'illness',
    'unemployment',
  ]);
  // unemployment = X + W (12 files)
  expect(cause('unemployment')).toMatchObject({
    label: '因失业/下岗',
    files: 12,
    exits: 6,
    relapses: 1,
    avgIncomeBeforeFen: 80_000, // (6×60,000 + 6×100,000) / 12
    avgIncomeAfterFen: 168_750, // (6×150,000 + 6×187,500) / 12 = 2,025,000 / 12
    avgMonthsToExit: 15,
    measuresTotal: 18, // 6×2 + 6×1
    measuresDone: 18,
    jobsFound: 12,
    keptInSchool: 0,
    aidFen: 300_000,
    aidPerHouseholdFen: 25_000, // 300,000 / 12
    aidPerExitFen: 50_000,
  });
  // illness and education: both Y (a file counts under each of its causes)
  for (const k of ['illness', 'education'])
    expect(cause(k)).toMatchObject({
      files: 4,
      exits: 4,
      avgIncomeBeforeFen: 50_000,
      avgIncomeAfterFen: 100_000,
      avgMonthsToExit: 13,
      measuresTotal: 12,
      measuresDone: 8,
      keptInSchool: 4,
      aidPerHouseholdFen: 300_000,
      aidPerExitFen: 300_000,
    });
  expect(cause('disability')).toMatchObject({
    files: 8,
    exits: 0,
    avgIncomeAfterFen: 87_500,
    aidFen: 640_000,
  });
  // the total counts each file once whatever the grouping
  expect(byCause.total).toEqual(byUnit.total);

  // per-file rows: an X file and a Z file
  const x = byUnit.files.find((f: { fileNo: string }) => f.fileNo === 'HF-EVX-1');
  expect(x).toMatchObject({
    kind: 'exit',
    evaluatedOn: '2026-06-20',
    members: 2,
    incomeBeforeFen: 60_000,
    incomeAfterFen: 150_000,
    monthsToExit: 15,
    measuresTotal: 2,
    measuresDone: 2,
    jobsFound: 1,
    aidFen: 50_000,
  });
  const z = byUnit.files.find((f: { fileNo: string }) => f.fileNo === 'HF-EVZ-1');
  expect(z).toMatchObject({
    kind: 'annual',
    evaluatedOn: '2026-12-15',
    incomeAfterFen: 87_500,
    monthsToExit: null,
  });

  // the export: Chinese headers, amounts in 元 as numbers with two decimals
  const xlsx = await stack
    .http()
    .get(`/api/evaluation/export.xlsx?year=2026&orgUnitId=${units.EV}&by=unit`)
    .set(as(union))
    .buffer(true)
    .parse((res, cb) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => cb(null, Buffer.concat(chunks)));
    })
    .expect(200);
  expect(xlsx.headers['content-type']).toContain('spreadsheetml');
  const wb = new Workbook();
  await wb.xlsx.load(xlsx.body as ArrayBuffer);
  const sheet = wb.getWorksheet('汇总')!;
  const header = sheet.getRow(1).values as unknown[];
  expect(header).toContain('帮扶前人均月收入（元）');
  expect(header).toContain('户均帮扶支出（元）');
  const totalRow = sheet.getRow(sheet.rowCount).values as unknown[];
  const col = (h: string) => header.indexOf(h);
  expect(totalRow[1]).toBe('合计');
  expect(totalRow[col('帮扶支出合计（元）')]).toBe(21_400); // 2,140,000 fen
  expect(totalRow[col('户均帮扶支出（元）')]).toBe(891.67); // 89,167 fen
  expect(totalRow[col('帮扶前人均月收入（元）')]).toBe(683.33); // 68,333 fen
  expect(totalRow[col('平均脱困月数')]).toBe(14.2);
  expect(sheet.getColumn(col('帮扶支出合计（元）')).numFmt).toBe('#,##0.00');
  expect(wb.getWorksheet('档案明细')!.rowCount).toBe(25); // header + 24 files
}, 300_000);

test('the daily lifecycle sweep writes the evaluation of a file that exited since the last run', async () => {
  // one more X-like file, exited an hour ago
  await stack.db.query(
    `UPDATE hardship_files SET status = 'closed', close_reason = 'exit', closed_at = now() - interval '1 hour'
      WHERE file_no = 'HF-EVW-1'`,
  );
  await stack.db.query(
    `DELETE FROM help_evaluations WHERE file_id = (SELECT id FROM hardship_files WHERE file_no = 'HF-EVW-1') AND kind = 'exit'`,
  );
  const before = await stack.count(
    `SELECT 1 FROM help_evaluations e JOIN hardship_files f ON f.id = e.file_id WHERE f.file_no = 'HF-EVW-1' AND e.kind = 'exit'`,
  );
  expect(before).toBe(0);
  await stack.temporal.schedule.getHandle(lifecycleSweepScheduleId(stack.taskQueue)).trigger();
  let exitRows = 0;
  for (let i = 0; i < 400 && exitRows === 0; i++) {
    await new Promise((r) => setTimeout(r, 250));
    exitRows = await stack.count(
      `SELECT 1 FROM help_evaluations e JOIN hardship_files f ON f.id = e.file_id
        WHERE f.file_no = 'HF-EVW-1' AND e.kind = 'exit' AND e.evaluated_on = (now() AT TIME ZONE 'Asia/Shanghai' - interval '1 hour')::date`,
    );
  }
  expect(exitRows).toBe(1);
}, 180_000);
