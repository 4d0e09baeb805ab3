import * as bcrypt from 'bcryptjs';
import type { DataSource, EntityManager } from 'typeorm';
import { orgPath } from '../domain/org-scope';
import type { Role } from '../domain/roles';
import { yuanToFen } from '../domain/money';

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

const DEMO_WORKERS: ReadonlyArray<{
  employeeNo: string;
  name: string;
  unit: string;
  household: string;
  members: number;
}> = [
  { employeeNo: 'E1001', name: '周建国', unit: 'T-01-1', household: 'H-0001', members: 4 },
  { employeeNo: 'E1002', name: '吴秀兰', unit: 'T-01-1', household: 'H-0002', members: 3 },
  { employeeNo: 'E1003', name: '郑海涛', unit: 'T-01-2', household: 'H-0003', members: 5 },
  { employeeNo: 'E2001', name: '孙丽娟', unit: 'T-02-1', household: 'H-0004', members: 2 },
  { employeeNo: 'E2002', name: '马志强', unit: 'T-02-1', household: 'H-0005', members: 4 },
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

/** Reference data every installation needs (idempotent). */
export async function seedReferenceData(ds: DataSource): Promise<void> {
  for (const [i, p] of DEFAULT_PROGRAMS.entries()) {
    await ds.query(
      `INSERT INTO programs (code, name_zh, name_en, min_amount_fen, max_amount_fen, sort_order)
       VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (code) DO NOTHING`,
      [p.code, p.zh, p.en, yuanToFen(p.minYuan), yuanToFen(p.maxYuan), i],
    );
  }
}

/**
 * Demo data for development: an org tree, one user per role, a few workers and households.
 * Runs once (marked in app_meta); refuses to run in production.
 */
export async function seedDemoData(ds: DataSource, nodeEnv: string): Promise<boolean> {
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
    for (const u of DEMO_USERS) {
      await em.query(
        `INSERT INTO users (username, display_name, password_hash, roles, org_unit_id, is_demo) VALUES ($1,$2,$3,$4,$5,true)`,
        [u.username, u.displayName, hash, u.roles, units.get(u.unit)!.id],
      );
    }
    for (const w of DEMO_WORKERS) {
      const unitId = units.get(w.unit)!.id;
      const [h] = (await em.query(
        `INSERT INTO households (code, org_unit_id, locality_code, member_count) VALUES ($1,$2,'370000',$3) RETURNING id`,
        [w.household, unitId, w.members],
      )) as Array<{ id: string }>;
      await em.query(
        `INSERT INTO workers (employee_no, name, org_unit_id, household_id) VALUES ($1,$2,$3,$4)`,
        [w.employeeNo, w.name, unitId, h!.id],
      );
    }
    return true;
  });
}
