/**
 * Active hardship files for re-assessment, generated set-based in SQL (demo data, the campaign
 * end-to-end test and the benchmark). Scenarios by g mod 1000 (g = 1…n), against the 低保 of the
 * locality in the latest policy (D), incomes of the last 12 months incl. the current one:
 * - 0–549 deep, unchanged: 0.6 D per person every month, category deep;
 * - 550–899 relative, unchanged: 1.6 D per person, but a dip to 0.8 D three months ago (the run of
 *   months above 低保 restarts), category relative;
 * - 900–969 category down: the same incomes, category recorded deep;
 * - 970–974 worse: 0.5 D per person, category recorded relative (falls into deep hardship);
 * - 975–979 exit: 2.5 D per person every month (12 months above 低保);
 * - 980–984 stale: relative incomes, but recorded 400 days ago and no visit since;
 * - 985–999 category up: relative incomes and hardship costs of 90% of the income (意外致困).
 */
export interface Queryable {
  query(sql: string, params?: unknown[]): Promise<unknown>;
}

export async function generateReassessmentFiles(
  db: Queryable,
  opts: {
    n: number;
    tag: string;
    localityCode?: string;
    namePrefix?: string;
    spread?: boolean;
    /** Org units (codes) the households belong to; default every grassroots unit and team. */
    unitCodes?: string[];
  },
): Promise<void> {
  const tag = opts.tag;
  // scenario number of household g: g mod 1000, or (spread, for a small demo) one of each in turn
  const S = (g: string) =>
    opts.spread
      ? `(ARRAY[0,100,200,300,400,600,700,800,920,950,972,977,982,990])[1 + (${g}) % 14]`
      : `(${g}) % 1000`;
  const loc = opts.localityCode ?? '370000';
  const params = [opts.n, tag, loc, opts.namePrefix ?? '复核演示职工', opts.unitCodes ?? null];
  await db.query(
    `INSERT INTO households (code, org_unit_id, locality_code, member_count, address, caseworker_id)
     SELECT 'RH-' || $2 || '-' || g, u.ids[1 + g % cardinality(u.ids)], $3, 1 + g % 4, '示范区复核路' || g || '号', cw.id
       FROM generate_series(1, $1::int) g,
            (SELECT array_agg(id ORDER BY code) AS ids FROM org_units
              WHERE kind IN ('grassroots_unit','team') AND ($4::text[] IS NULL OR code = ANY ($4::text[]))) u,
            (SELECT id FROM users WHERE 'caseworker' = ANY (roles) ORDER BY username LIMIT 1) cw`,
    [params[0], params[1], params[2], params[4]],
  );
  await db.query(
    `INSERT INTO workers (employee_no, name, org_unit_id, household_id, caseworker_id)
     SELECT 'RW-' || $1 || '-' || substr(h.code, length($1) + 5), $2 || substr(h.code, length($1) + 5), h.org_unit_id, h.id, h.caseworker_id
       FROM households h WHERE h.code LIKE 'RH-' || $1 || '-%'`,
    [tag, params[3]],
  );
  await db.query(
    `INSERT INTO hardship_files (id, file_no, workflow_id, household_id, worker_id, org_unit_id, status, causes, five_clears, visit,
                                 caseworker_id, category, category_policy_version, category_reason, opened_at, activated_at)
     SELECT x.id, 'HF-R-' || $1 || '-' || x.g, 'hardship-file:' || x.id, x.household_id, x.worker_id, x.org_unit_id, 'active',
            CASE WHEN x.s >= 985 THEN ARRAY['accident'] ELSE ARRAY['illness'] END,
            '{"address":"已核实","family":"已核实","income":"已核实","cause":"已核实","urgentNeed":"已核实"}'::jsonb,
            jsonb_build_object('date', to_char(CASE WHEN x.s BETWEEN 980 AND 984 THEN now() - interval '400 days' ELSE now() - interval '20 days' END, 'YYYY-MM-DD')),
            x.caseworker_id,
            CASE WHEN x.s < 550 THEN 'deep' WHEN x.s < 900 THEN 'relative' WHEN x.s < 970 THEN 'deep' ELSE 'relative' END,
            (SELECT max(version) FROM policy_versions), 'generated',
            now() - interval '500 days',
            CASE WHEN x.s BETWEEN 980 AND 984 THEN now() - interval '400 days' ELSE now() - interval '60 days' END
       FROM (SELECT gen_random_uuid() AS id, substr(h.code, length($1) + 5)::int AS g, ${S('substr(h.code, length($1) + 5)::int')} AS s,
                    h.id AS household_id, w.id AS worker_id, h.org_unit_id, h.caseworker_id
               FROM households h JOIN workers w ON w.household_id = h.id
              WHERE h.code LIKE 'RH-' || $1 || '-%') x`,
    [tag],
  );
  // 12 months of wages (the 12 complete months before this one: the income window), by scenario
  await db.query(
    `WITH d AS (
       SELECT (l ->> 'dibaoFenPerPersonMonth')::bigint AS dibao
         FROM policy_versions p, jsonb_array_elements(p.data -> 'localities') l
        WHERE l ->> 'code' = $2 ORDER BY p.version DESC LIMIT 1),
     m AS (SELECT date_trunc('month', now() AT TIME ZONE 'Asia/Shanghai')::date AS this_month)
     INSERT INTO household_incomes (household_id, month, source, amount_fen, created_at)
     SELECT h.id, (m.this_month - make_interval(months => k))::date, 'wage',
            (d.dibao * h.member_count *
              CASE WHEN s < 550 THEN 0.6
                   WHEN s BETWEEN 970 AND 974 THEN 0.5
                   WHEN s BETWEEN 975 AND 979 THEN 2.5
                   WHEN k = 3 THEN 0.8
                   ELSE 1.6 END)::bigint,
            CASE WHEN s BETWEEN 980 AND 984 THEN now() - interval '400 days' ELSE now() - make_interval(days => k * 30) END
       FROM (SELECT h.*, ${S('substr(h.code, length($1) + 5)::int')} AS s FROM households h WHERE h.code LIKE 'RH-' || $1 || '-%') h,
            generate_series(1, 12) k, d, m`,
    [tag, loc],
  );
  // 意外致困 households: this year's hardship costs are 90% of the year's income
  await db.query(
    `INSERT INTO household_expenses (household_id, year, kind, amount_fen, note)
     SELECT h.id, extract(year FROM now() AT TIME ZONE 'Asia/Shanghai')::int, 'hardship',
            (SELECT sum(amount_fen) FROM household_incomes i WHERE i.household_id = h.id) * 9 / 10, '工伤医疗（生成数据）'
       FROM households h WHERE h.code LIKE 'RH-' || $1 || '-%' AND ${S('substr(h.code, length($1) + 5)::int')} >= 985`,
    [tag],
  );
}

/**
 * Demo data: 60 more active files in plant no. 2 (第二分厂; plant no. 1 keeps the hand-made demo
 * workers the README describes), so a campaign shows every outcome.
 */
export async function seedReassessmentDemo(db: Queryable): Promise<void> {
  await generateReassessmentFiles(db, { n: 60, tag: 'DEMO', spread: true, unitCodes: ['G-02', 'T-02-1'] });
}
