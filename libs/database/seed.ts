import { seedReassessmentDemo } from './seed-reassessment';
import * as bcrypt from 'bcryptjs';
import type { DataSource, EntityManager } from 'typeorm';
import { orgPath } from '../domain/org-scope';
import type { Role } from '../domain/roles';
import { yuanToFen } from '../domain/money';
import { DEFAULT_POLICY } from '../domain/policy/defaults';
import type { PolicyData } from '../domain/policy-types';
import type { PiiCipher } from '../security/pii';
import { CALENDAR_SOURCE, chinaCalendarExceptions, chineseDaysYears } from './calendar-seed';
import { seedDemoLoans } from './seed-loans';

/** Dev-only password of the demo accounts; login refuses demo accounts when NODE_ENV=production. */
export const DEMO_PASSWORD = 'bangfu-demo';

export const DEMO_USERS: ReadonlyArray<{
  username: string;
  displayName: string;
  roles: Role[];
  unit: string;
}> = [
  { username: 'caseworker', displayName: '李干事', roles: ['caseworker'], unit: 'G-01' },
  { username: 'branch-chair', displayName: '王主席（一分厂）', roles: ['branch_chair'], unit: 'G-01' },
  { username: 'union-chair', displayName: '张主席（公司工会）', roles: ['union_chair'], unit: 'ENT-01' },
  { username: 'leader', displayName: '赵总（公司负责人）', roles: ['leader'], unit: 'ENT-01' },
  { username: 'finance', displayName: '陈会计', roles: ['finance'], unit: 'ENT-01' },
  { username: 'auditor', displayName: '刘审计', roles: ['auditor'], unit: 'CFTU-01' },
  { username: 'admin', displayName: '系统管理员', roles: ['admin'], unit: 'CFTU-01' },
];

const ORG_TREE: ReadonlyArray<{ code: string; zh: string; en: string; kind: string; parent: string | null }> =
  [
    {
      code: 'CFTU-01',
      zh: '示范县总工会',
      en: 'Demo County Federation of Trade Unions',
      kind: 'county_federation',
      parent: null,
    },
    {
      code: 'ENT-01',
      zh: '示范能源公司工会',
      en: 'Demo Energy Co. Union',
      kind: 'enterprise_union',
      parent: 'CFTU-01',
    },
    { code: 'G-01', zh: '第一分厂工会', en: 'Plant No. 1 Union', kind: 'grassroots_unit', parent: 'ENT-01' },
    { code: 'G-02', zh: '第二分厂工会', en: 'Plant No. 2 Union', kind: 'grassroots_unit', parent: 'ENT-01' },
    { code: 'T-01-1', zh: '一分厂检修班', en: 'Plant 1 Maintenance Team', kind: 'team', parent: 'G-01' },
    { code: 'T-01-2', zh: '一分厂运行班', en: 'Plant 1 Operations Team', kind: 'team', parent: 'G-01' },
    { code: 'T-02-1', zh: '二分厂维修班', en: 'Plant 2 Repair Team', kind: 'team', parent: 'G-02' },
  ];

/** Demo national ID numbers are made up (valid format and check digit, no real person). */
const DEMO_WORKERS: ReadonlyArray<{
  employeeNo: string;
  name: string;
  unit: string;
  household: string;
  members: number;
  nationalId: string;
  gender: 'male' | 'female';
  /** An active hardship file with this category (demo of a file that went through registration). */
  file?: 'deep' | 'relative' | 'accident';
  pairingLeader?: string;
}> = [
  {
    employeeNo: 'E1001',
    name: '周建国',
    unit: 'T-01-1',
    household: 'H-0001',
    members: 4,
    nationalId: '370102197803150015',
    gender: 'male',
    file: 'deep',
    pairingLeader: 'leader',
  },
  {
    employeeNo: 'E1002',
    name: '吴秀兰',
    unit: 'T-01-1',
    household: 'H-0002',
    members: 3,
    nationalId: '370102198209210024',
    gender: 'female',
    file: 'relative',
  },
  {
    employeeNo: 'E1003',
    name: '郑海涛',
    unit: 'T-01-2',
    household: 'H-0003',
    members: 5,
    nationalId: '370103198501120030',
    gender: 'male',
  },
  {
    employeeNo: 'E2001',
    name: '孙丽娟',
    unit: 'T-02-1',
    household: 'H-0004',
    members: 2,
    nationalId: '370104199006060043',
    gender: 'female',
    file: 'accident',
  },
  {
    employeeNo: 'E2002',
    name: '马志强',
    unit: 'T-02-1',
    household: 'H-0005',
    members: 4,
    nationalId: '370105197912300050',
    gender: 'male',
  },
];

export const FUND_SOURCES: ReadonlyArray<{ code: string; zh: string; en: string }> = [
  { code: 'union_funds', zh: '工会经费', en: 'Union funds' },
  { code: 'company_admin', zh: '行政拨款', en: 'Company administration' },
  { code: 'higher_union', zh: '上级工会补助', en: 'Higher-level union' },
  { code: 'donations', zh: '社会捐赠', en: 'Donations' },
  { code: 'mutual_aid', zh: '职工互助基金', en: 'Mutual-aid fund' },
];

/** Default aid programs from the source regulations (amounts are policy defaults, editable). */
export const DEFAULT_PROGRAMS: ReadonlyArray<{
  code: string;
  zh: string;
  en: string;
  minYuan: number;
  maxYuan: number;
}> = [
  {
    code: 'disaster',
    zh: '灾害/突发事件救助',
    en: 'Disaster and emergency relief',
    minYuan: 500,
    maxYuan: 5000,
  },
  { code: 'illness', zh: '大病救助', en: 'Serious illness relief', minYuan: 500, maxYuan: 5000 },
  {
    code: 'regular_subsidy',
    zh: '定期补助（每季度）',
    en: 'Regular quarterly subsidy',
    minYuan: 300,
    maxYuan: 500,
  },
  { code: 'tuition', zh: '金秋助学', en: 'Tuition aid', minYuan: 2000, maxYuan: 2000 },
  { code: 'holiday_condolence', zh: '节日送温暖', en: 'Holiday condolence', minYuan: 200, maxYuan: 1000 },
  { code: 'hospital_visit', zh: '住院探望', en: 'Hospital visit condolence', minYuan: 200, maxYuan: 1000 },
];

/**
 * Reference data every installation needs (idempotent): policy version 1 when there is none, the
 * programs catalogue (kept in step with the policy in force), fund sources, and the China
 * working-day calendar from the chinese-days package (days an admin edited are left alone).
 */
export async function seedReferenceData(ds: DataSource): Promise<void> {
  await ds.query(
    `INSERT INTO policy_versions (version, effective_from, data, note) VALUES (1, '2000-01-01', $1, $2) ON CONFLICT (version) DO NOTHING`,
    [JSON.stringify(DEFAULT_POLICY), 'defaults from the source regulations (domain guide)'],
  );
  const [current] = (await ds.query(
    `SELECT data FROM policy_versions ORDER BY version DESC LIMIT 1`,
  )) as Array<{ data: PolicyData }>;
  await syncProgramCatalogue(ds, current!.data);
  for (const [i, f] of FUND_SOURCES.entries()) {
    await ds.query(
      `INSERT INTO fund_sources (code, name_zh, name_en, sort_order) VALUES ($1, $2, $3, $4) ON CONFLICT (code) DO NOTHING`,
      [f.code, f.zh, f.en, i],
    );
  }
  const days = chinaCalendarExceptions(chineseDaysYears());
  for (let i = 0; i < days.length; i += 500) {
    const chunk = days.slice(i, i + 500);
    await ds.query(
      `INSERT INTO calendar_days (day, is_workday, name, source)
       SELECT d::date, w, n, $4 FROM unnest($1::text[], $2::boolean[], $3::text[]) AS t(d, w, n)
       ON CONFLICT (day) DO NOTHING`,
      [
        chunk.map((d) => d.date),
        chunk.map((d) => d.isWorkday),
        chunk.map((d) => d.name ?? ''),
        CALENDAR_SOURCE,
      ],
    );
  }
}

/** The programs table is the catalogue foreign keys point at; names and ranges follow the policy in force. */
export async function syncProgramCatalogue(
  ds: DataSource | EntityManager,
  policy: PolicyData,
): Promise<void> {
  for (const [i, p] of policy.programs.entries()) {
    await ds.query(
      `INSERT INTO programs (code, name_zh, name_en, min_amount_fen, max_amount_fen, sort_order, active)
       VALUES ($1, $2, $3, $4, $5, $6, true)
       ON CONFLICT (code) DO UPDATE SET name_zh = $2, name_en = $3, min_amount_fen = $4, max_amount_fen = $5, sort_order = $6, active = true`,
      [p.code, p.nameZh, p.nameEn, p.minAmountFen, p.maxAmountFen, i],
    );
  }
  await ds.query(`UPDATE programs SET active = false WHERE NOT (code = ANY($1::text[]))`, [
    policy.programs.map((p) => p.code),
  ]);
}

/**
 * Demo data for development: an org tree, one user per role, a few workers and households.
 * Runs once (marked in app_meta); refuses to run in production.
 */
export async function seedDemoData(ds: DataSource, nodeEnv: string, pii: PiiCipher): Promise<boolean> {
  if (nodeEnv === 'production') throw new Error('demo data is never seeded in production');
  return ds.transaction(async (em: EntityManager) => {
    const marked: unknown[] = await em.query(
      `INSERT INTO app_meta (key, value) VALUES ('demo_seed', '{"version":1}') ON CONFLICT (key) DO NOTHING RETURNING key`,
    );
    if (marked.length === 0) return false;
    const units = new Map<string, { id: string; path: string }>();
    for (const u of ORG_TREE) {
      const parent = u.parent ? units.get(u.parent)! : null;
      const [row] = (await em.query(
        `INSERT INTO org_units (code, name_zh, name_en, kind, parent_id, path) VALUES ($1,$2,$3,$4,$5,'pending') RETURNING id`,
        [u.code, u.zh, u.en, u.kind, parent?.id ?? null],
      )) as Array<{ id: string }>;
      const path = orgPath(parent?.path ?? null, row!.id);
      await em.query(`UPDATE org_units SET path = $1 WHERE id = $2`, [path, row!.id]);
      units.set(u.code, { id: row!.id, path });
    }
    const hash = await bcrypt.hash(DEMO_PASSWORD, 10);
    const users = new Map<string, string>();
    for (const u of DEMO_USERS) {
      const [row] = (await em.query(
        `INSERT INTO users (username, display_name, password_hash, roles, org_unit_id, is_demo) VALUES ($1,$2,$3,$4,$5,true) RETURNING id`,
        [u.username, u.displayName, hash, u.roles, units.get(u.unit)!.id],
      )) as Array<{ id: string }>;
      users.set(u.username, row!.id);
    }
    const caseworker = users.get('caseworker')!;
    const [{ version }] = (await em.query(`SELECT max(version) AS version FROM policy_versions`)) as Array<{
      version: number;
    }>;
    for (const [i, w] of DEMO_WORKERS.entries()) {
      const unitId = units.get(w.unit)!.id;
      const [h] = (await em.query(
        `INSERT INTO households (code, org_unit_id, locality_code, member_count, address, caseworker_id)
         VALUES ($1,$2,'370000',$3,$4,$5) RETURNING id`,
        [w.household, unitId, w.members, `济南市示范区幸福路${i + 1}号`, caseworker],
      )) as Array<{ id: string }>;
      if (w.pairingLeader)
        // 结对帮扶: the household's pairing leader since it was recorded (its workflow starts with
        // the worker's pairing adoption)
        await em.query(
          `INSERT INTO pairings (household_id, leader_id, start_date)
           VALUES ($1, $2, (now() AT TIME ZONE 'Asia/Shanghai')::date)`,
          [h!.id, users.get(w.pairingLeader)!],
        );
      const [wk] = (await em.query(
        `INSERT INTO workers (employee_no, name, org_unit_id, household_id, gender, national_id_enc, national_id_hash, caseworker_id)
         VALUES ($1,$2,$3,$4,$5,$6,$7,$8) RETURNING id`,
        [
          w.employeeNo,
          w.name,
          unitId,
          h!.id,
          w.gender,
          pii.encrypt(w.nationalId),
          pii.hash('national_id', w.nationalId),
          caseworker,
        ],
      )) as Array<{ id: string }>;
      // the household's other members: the household size is derived from the worker and these rows
      const relations = ['spouse', 'child', 'child', 'parent', 'parent'];
      for (let k = 1; k < w.members; k++) {
        await em.query(
          `INSERT INTO household_members (household_id, name, relation, birth_year, work_status, school_status)
           VALUES ($1, $2, $3, $4, $5, $6)`,
          [
            h!.id,
            `${w.name.slice(0, 1)}家成员${k}`,
            relations[k - 1],
            relations[k - 1] === 'child' ? 2008 + k : relations[k - 1] === 'parent' ? 1950 + k : 1980,
            relations[k - 1] === 'child' ? '' : '无业',
            relations[k - 1] === 'child' ? '在读' : '',
          ],
        );
      }
      if (w.file) {
        const fileId = (await em.query(`SELECT gen_random_uuid() AS id`)) as Array<{ id: string }>;
        const id = fileId[0]!.id;
        await em.query(
          `INSERT INTO hardship_files (id, file_no, workflow_id, household_id, worker_id, org_unit_id, status, causes, five_clears, visit,
                                       investigator_id, caseworker_id, category, category_policy_version, category_reason, activated_at)
           VALUES ($1, 'HF-' || to_char(now(), 'YYYY') || '-' || lpad(nextval('hardship_file_no_seq')::text, 6, '0'), $2, $3, $4, $5, 'active',
                   $6, $7, $8, $9, $9, $10, $11, $12, now())`,
          [
            id,
            `hardship-file:${id}`,
            h!.id,
            wk!.id,
            unitId,
            w.file === 'accident' ? ['accident'] : ['illness'],
            JSON.stringify({ address: true, family: true, income: true, cause: true, urgentNeed: true }),
            JSON.stringify({
              date: '2026-01-10',
              notesEnc: pii.encrypt('入户走访（演示数据）').toString('base64'),
            }),
            caseworker,
            w.file,
            version,
            'demo data',
          ],
        );
      }
    }
    const year = new Date().getFullYear();
    for (const p of DEFAULT_PROGRAMS) {
      const [b] = (await em.query(
        `INSERT INTO budgets (fund_source, program_code, year) VALUES ('union_funds', $1, $2) RETURNING id`,
        [p.code, year],
      )) as Array<{ id: string }>;
      await em.query(
        `INSERT INTO ledger_entries (idempotency_key, budget_id, kind, amount_fen, actor_id) VALUES ($1, $2, 'allocation', $3, $4)`,
        [`allocation:demo-${p.code}-${year}`, b!.id, yuanToFen(100_000), users.get('finance')!],
      );
    }
    await seedDemoLoans(em, users, version, pii);
    await seedReassessmentDemo(em);
    return true;
  });
}
