import { incomeWindowSql } from '../domain/income-window';

/** The income window (libs/domain/income-window.ts) as of the campaign's as-of time $4. */
const WINDOW = incomeWindowSql('$4::timestamptz');

/**
 * The re-assessment of active hardship files as one set-based SQL statement. The campaign's page
 * activity runs it over one keyset page (`paged`); the benchmark runs the same statement over every
 * active file at once to measure the raw-SQL time.
 *
 * Parameters: $1 campaign id, $2 cursor (last file id of the previous page, or null), $3 page size,
 * $4 as-of time, $5 policy figures (jsonb: localities, category, exitMonthsAbove, staleDays),
 * $6 policy version, $7 locality codes (null = every locality); paged only: $8 the page's last file id
 * when the page was cut in advance (pageBounds: the files in ($2, $8], at most 2 × $3 of them — the
 * campaign goes on from the page's last id when files activated since the cut fill that), or null
 * for a plain keyset page of at most $3 files.
 *
 * Per file, from the latest data as of $4 (months counted in China Standard Time):
 * - category by the policy rules, exactly as libs/domain/category.ts computeCategory (net income over
 *   the income window of libs/domain/income-window.ts — the 12 complete months before $4 — and the
 *   window's year of rigid expenses and hardship costs, compared by cross-multiplying integers: deep,
 *   then accident, then relative);
 * - months_above: consecutive complete months, counting back from last month, whose household
 *   income ÷ members is above 低保 (a month without income records or at/below 低保 ends the run),
 *   capped at exitMonthsAbove;
 * - causes_resolved: every cause of the file marked resolved;
 * - stale: neither an income update, a visit, a completed re-check nor the activation within staleDays.
 * - payroll_flag: an open HR payroll discrepancy (file_income_discrepancies, libs/domain/payroll-check.ts)
 *   raised since the file's last completed re-check: the file needs a re-check visit like a stale one.
 * A page reads each household's incomes once by index (one LATERAL giving the 12-month income, the
 * latest update and the months above 低保); the whole-table variant aggregates them by hash. Both
 * give the same rows (checked on the benchmark data).
 * With `directRecheck` in $5 a stale file's re-check visit task is written here too (recheck_tasks)
 * and the file is not among the persons returned; with `directEscalation` ({dueAt, escalateAt}) a
 * worse file's escalation task likewise (escalation_tasks); otherwise every file needing a person is.
 * Outcome: stale → exit_proposed (months_above ≥ exitMonthsAbove or all causes resolved) → worse
 * (falls into deep hardship) → category_up (more severe) → category_down (less severe, or no
 * category any more) → unchanged. One result row per (campaign, file): ON CONFLICT DO NOTHING, so a
 * page run twice writes, counts and changes nothing the second time.
 */
export function reassessmentSql(paged: boolean): string {
  return `
WITH pol AS (
  SELECT ($5::jsonb #>> '{category,relativeMultiplierPercent}')::bigint AS rel_pct,
         ($5::jsonb #>> '{category,accidentCostSharePercent}')::bigint AS acc_pct,
         ($5::jsonb ->> 'exitMonthsAbove')::int AS exit_months,
         ($5::jsonb ->> 'staleDays')::int AS stale_days,
         COALESCE(($5::jsonb ->> 'recheckDueDays')::int, 30) AS recheck_days,
         COALESCE(($5::jsonb ->> 'directRecheck')::boolean, false) AS direct_recheck,
         ($5::jsonb #>> '{directEscalation,dueAt}')::timestamptz AS escalation_due,
         ($5::jsonb #>> '{directEscalation,escalateAt}')::timestamptz AS escalation_escalate,
         date_trunc('month', $4::timestamptz AT TIME ZONE 'Asia/Shanghai')::date AS this_month,
         extract(year FROM $4::timestamptz AT TIME ZONE 'Asia/Shanghai')::int AS this_year,
         ${WINDOW.fromDay} AS win_from, ${WINDOW.toDay} AS win_to, ${WINDOW.expenseYear} AS exp_year
),
loc AS (
  SELECT x.code, x."dibaoFenPerPersonMonth" AS dibao
    FROM jsonb_to_recordset($5::jsonb -> 'localities') AS x(code text, "dibaoFenPerPersonMonth" bigint)
),
page AS (${paged ? '\n  SELECT * FROM (' : ''}
  SELECT f.id, f.household_id, f.org_unit_id, f.category, f.causes, f.resolved_causes, f.visit,
         f.activated_at, f.last_checked_at, h.member_count::bigint AS members, h.locality_code,
         EXISTS (SELECT 1 FROM file_income_discrepancies d WHERE d.file_id = f.id AND d.resolved_at IS NULL
                  AND (f.last_checked_at IS NULL OR d.flagged_at > f.last_checked_at)) AS payroll_flag
    FROM hardship_files f JOIN households h ON h.id = f.household_id
   WHERE f.status = 'active'
     AND ($7::text[] IS NULL OR h.locality_code = ANY ($7::text[]))
     ${
       paged
         ? // a keyset read by the primary key; a cut page keeps the files up to its bound, compared with
           // an InitPlan so that the planner does not estimate the narrow id range at a row or two
           `AND ($2::uuid IS NULL OR f.id > $2::uuid) ORDER BY f.id LIMIT CASE WHEN $8::uuid IS NULL THEN $3::int ELSE 2 * $3::int END
  ) k WHERE $8::uuid IS NULL OR k.id <= (SELECT $8::uuid)`
         : 'AND $2::uuid IS NULL AND $3::int > 0'
     }
),
${
  paged
    ? `inc AS (
  SELECT p.id, x.income12, x.last_income_at,
         COALESCE((SELECT min(k) FROM generate_series(1, pol.exit_months) AS k
                    WHERE NOT ((pol.this_month - make_interval(months => k))::date = ANY (COALESCE(x.above, '{}'::date[])))) - 1,
                  pol.exit_months)::int AS months_above
    FROM page p CROSS JOIN pol LEFT JOIN loc l ON l.code = p.locality_code CROSS JOIN LATERAL (
      SELECT COALESCE(sum(m.total) FILTER (WHERE m.month >= pol.win_from AND m.month < pol.win_to), 0)::bigint AS income12,
             max(m.last_at) AS last_income_at,
             array_agg(m.month) FILTER (WHERE m.month < pol.this_month
                                          AND m.month >= pol.this_month - make_interval(months => pol.exit_months)
                                          AND m.total > l.dibao * p.members) AS above
        FROM (SELECT i.month, sum(i.amount_fen)::bigint AS total, max(i.created_at) AS last_at
                FROM household_incomes i WHERE i.household_id = p.household_id GROUP BY i.month) m) x
),
streak AS (SELECT id, months_above FROM inc),
`
    : `inc AS (
  SELECT i.household_id,
         COALESCE(sum(i.amount_fen) FILTER (WHERE i.month >= pol.win_from AND i.month < pol.win_to), 0)::bigint AS income12,
         max(i.created_at) AS last_income_at
    FROM household_incomes i CROSS JOIN pol
   WHERE i.household_id IN (SELECT household_id FROM page)
   GROUP BY i.household_id
),
mon AS (
  SELECT i.household_id, i.month, sum(i.amount_fen)::bigint AS total
    FROM household_incomes i CROSS JOIN pol
   WHERE i.household_id IN (SELECT household_id FROM page)
     AND i.month < pol.this_month AND i.month >= pol.this_month - make_interval(months => pol.exit_months)
   GROUP BY i.household_id, i.month
),
streak AS (
  SELECT p.id,
         COALESCE(min(k) FILTER (WHERE m.total IS NULL OR l.dibao IS NULL OR m.total <= l.dibao * p.members) - 1,
                  max(pol.exit_months))::int AS months_above
    FROM page p CROSS JOIN pol CROSS JOIN LATERAL generate_series(1, pol.exit_months) AS k
    LEFT JOIN loc l ON l.code = p.locality_code
    LEFT JOIN mon m ON m.household_id = p.household_id AND m.month = (pol.this_month - make_interval(months => k))::date
   GROUP BY p.id
),
`
}exp AS (
  SELECT e.household_id,
         COALESCE(sum(e.amount_fen) FILTER (WHERE e.kind IN ('medical','tuition','elder_care')), 0)::bigint AS rigid,
         COALESCE(sum(e.amount_fen) FILTER (WHERE e.kind = 'hardship'), 0)::bigint AS hardship
    FROM household_expenses e CROSS JOIN pol
   WHERE e.household_id IN (SELECT household_id FROM page) AND e.year = pol.exp_year
   GROUP BY e.household_id
),
fig AS (
  SELECT p.*, l.dibao, COALESCE(inc.income12, 0) AS income, COALESCE(exp.rigid, 0) AS rigid,
         COALESCE(exp.hardship, 0) AS hardship, s.months_above,
         ('accident' = ANY (p.causes) OR 'disaster' = ANY (p.causes)) AS accident_event,
         (cardinality(p.causes) > 0 AND p.causes <@ p.resolved_causes) AS causes_resolved,
         GREATEST(inc.last_income_at, p.last_checked_at, p.activated_at,
                  CASE WHEN p.visit ->> 'date' ~ '^\\d{4}-\\d{2}-\\d{2}' THEN (left(p.visit ->> 'date', 10) || 'T00:00:00+08:00')::timestamptz END
         ) AS last_update_at
    FROM page p
    LEFT JOIN loc l ON l.code = p.locality_code
    LEFT JOIN inc ON ${paged ? 'inc.id = p.id' : 'inc.household_id = p.household_id'}
    LEFT JOIN exp ON exp.household_id = p.household_id
    JOIN streak s ON s.id = p.id
),
cat AS (
  SELECT fig.*,
         floor((fig.income - fig.rigid)::numeric / (12 * fig.members))::bigint AS per_capita,
         CASE
           WHEN fig.dibao IS NULL THEN NULL
           WHEN fig.income - fig.rigid < fig.dibao * 12 * fig.members THEN 'deep'
           WHEN fig.accident_event OR 100 * fig.hardship > pol.acc_pct * fig.income THEN 'accident'
           WHEN 100 * (fig.income - fig.rigid) < pol.rel_pct * fig.dibao * 12 * fig.members THEN 'relative'
         END AS new_category,
         (fig.last_update_at IS NULL OR fig.last_update_at < $4::timestamptz - make_interval(days => pol.stale_days)) AS stale,
         pol.exit_months
    FROM fig CROSS JOIN pol
),
cls AS (
  SELECT cat.*,
         CASE
           WHEN cat.stale OR cat.dibao IS NULL OR cat.payroll_flag THEN 'stale'
           WHEN cat.months_above >= cat.exit_months OR cat.causes_resolved THEN 'exit_proposed'
           WHEN cat.new_category = 'deep' AND cat.category IS DISTINCT FROM 'deep' THEN 'worse'
           WHEN sev.new > sev.old THEN 'category_up'
           WHEN sev.new < sev.old THEN 'category_down'
           ELSE 'unchanged'
         END AS outcome
    FROM cat
    CROSS JOIN LATERAL (SELECT
       CASE cat.new_category WHEN 'deep' THEN 3 WHEN 'accident' THEN 2 WHEN 'relative' THEN 1 ELSE 0 END AS new,
       CASE cat.category WHEN 'deep' THEN 3 WHEN 'accident' THEN 2 WHEN 'relative' THEN 1 ELSE 0 END AS old) sev
),
open_tasks AS (
  SELECT t.subject_id, array_agg(DISTINCT t.type) AS types
    FROM tasks t
   WHERE t.status = 'open' AND t.subject_type = 'hardship_file' AND t.subject_id IN (SELECT id FROM page)
     AND t.type IN ('recheck_visit','exit_approval','reassessment_escalation')
   GROUP BY t.subject_id
),
ins AS (
  INSERT INTO reassessment_results (campaign_id, file_id, org_unit_id, locality_code, outcome, category_before, category_after,
                                    members, annual_income_fen, per_capita_monthly_fen, dibao_fen, months_above, causes_resolved,
                                    last_update_at, policy_version, needs_person, as_of)
  SELECT $1, c.id, c.org_unit_id, c.locality_code, c.outcome, c.category, c.new_category,
         c.members, c.income, c.per_capita, c.dibao, c.months_above, c.causes_resolved,
         c.last_update_at, $6, 
         c.outcome IN ('stale','exit_proposed','worse') AND NOT COALESCE(
           (CASE c.outcome WHEN 'stale' THEN 'recheck_visit' WHEN 'exit_proposed' THEN 'exit_approval' ELSE 'reassessment_escalation' END) = ANY (o.types), false),
         $4::timestamptz
    FROM cls c LEFT JOIN open_tasks o ON o.subject_id = c.id
  ON CONFLICT (campaign_id, file_id) DO NOTHING
  RETURNING file_id, org_unit_id, outcome, category_before, category_after, members, annual_income_fen, per_capita_monthly_fen, dibao_fen,
            months_above, locality_code, needs_person
),
recheck_tasks AS (
  -- direct re-checks (policy figure directRecheck, set by campaigns from the 'reassessment-page-starts-
  -- children' patch on): a stale file's re-check visit is only a task, so it is written here with the
  -- result row, as the re-check workflow would have opened it (same workflow id and idempotency key,
  -- due after recheckDueDays), marked direct: the task API completes it, the daily sweep reminds and
  -- escalates it (libs/tasks/tasks.repository.ts sweepDirectDeadlines)
  INSERT INTO tasks (idempotency_key, type, subject_type, subject_id, workflow_id, stage, candidate_role,
                     org_unit_id, org_path, due_at, status, payload)
  SELECT $1 || ':recheck:' || i.file_id || ':task:recheck_visit:recheck:0', 'recheck_visit', 'hardship_file', i.file_id,
         $1 || ':recheck:' || i.file_id, 'recheck', 'caseworker', o.id, o.path,
         now() + make_interval(days => pol.recheck_days), 'open',
         jsonb_build_object('campaignId', $1::text, 'outcome', 'stale', 'direct', true, 'escalateTo', 'branch_chair')
    FROM ins i JOIN org_units o ON o.id = i.org_unit_id CROSS JOIN pol
   WHERE pol.direct_recheck AND i.outcome = 'stale' AND i.needs_person
  ON CONFLICT (idempotency_key) DO NOTHING
  RETURNING id, subject_id, workflow_id, due_at
),
escalation_tasks AS (
  -- direct escalations (policy figure directEscalation, set by campaigns from the 'reassessment-
  -- reviews-apart' patch on): a file that fell into deep hardship needs the branch chair to look at
  -- it, which is only a task too: written here as the escalation workflow would have opened it (same
  -- workflow id and idempotency key, due and escalated after the policy's working days, computed by
  -- the page activity), marked direct like the re-checks
  INSERT INTO tasks (idempotency_key, type, subject_type, subject_id, workflow_id, stage, candidate_role,
                     org_unit_id, org_path, due_at, status, payload)
  SELECT $1 || ':escalation:' || i.file_id || ':task:reassessment_escalation:escalation:0', 'reassessment_escalation',
         'hardship_file', i.file_id, $1 || ':escalation:' || i.file_id, 'escalation', 'branch_chair', o.id, o.path,
         pol.escalation_due, 'open',
         jsonb_build_object('campaignId', $1::text, 'outcome', 'worse', 'direct', true, 'escalateTo', 'union_chair',
                            'escalateAt', pol.escalation_escalate)
    FROM ins i JOIN org_units o ON o.id = i.org_unit_id CROSS JOIN pol
   WHERE pol.escalation_due IS NOT NULL AND i.outcome = 'worse' AND i.needs_person
  ON CONFLICT (idempotency_key) DO NOTHING
  RETURNING id, subject_id, workflow_id, due_at, type, stage, candidate_role
),
recheck_audited AS (
  INSERT INTO audit_log (action, entity_type, entity_id, workflow_id, after)
  SELECT 'task.opened', 'hardship_file', t.subject_id::text, t.workflow_id,
         jsonb_build_object('taskId', t.id, 'kind', t.type, 'stage', t.stage, 'candidateRole', t.candidate_role,
                            'dueAt', t.due_at, 'direct', true)
    FROM (SELECT id, subject_id, workflow_id, due_at, 'recheck_visit' AS type, 'recheck' AS stage, 'caseworker' AS candidate_role
            FROM recheck_tasks
          UNION ALL SELECT * FROM escalation_tasks) t
  RETURNING id
),
changed AS (
  UPDATE hardship_files f
     SET category = i.category_after, category_policy_version = $6, updated_at = now(),
         category_inputs = jsonb_build_object('members', i.members, 'annualIncomeFen', i.annual_income_fen,
                             'perCapitaMonthlyFen', i.per_capita_monthly_fen, 'dibaoFen', i.dibao_fen,
                             'localityCode', i.locality_code, 'reassessment', $1::text),
         category_reason = '复核 re-assessment ' || $1::text || ': ' || COALESCE(i.category_before, '—') || ' → ' || i.category_after
    FROM ins i
   WHERE f.id = i.file_id AND i.outcome IN ('category_up','category_down','worse') AND i.category_after IS NOT NULL
  RETURNING f.id
),
audited AS (
  INSERT INTO audit_log (action, entity_type, entity_id, workflow_id, after)
  SELECT 'file.reassessed', 'hardship_file', i.file_id::text, $1,
         jsonb_build_object('outcome', i.outcome, 'categoryBefore', i.category_before, 'categoryAfter', i.category_after,
                            'perCapitaMonthlyFen', i.per_capita_monthly_fen, 'dibaoFen', i.dibao_fen,
                            'monthsAbove', i.months_above, 'policyVersion', $6)
    FROM ins i WHERE i.outcome <> 'unchanged'
  RETURNING id
),
counted AS (
  UPDATE reassessment_campaigns c
     SET processed = c.processed + s.n, unchanged = c.unchanged + s.unchanged, category_up = c.category_up + s.category_up,
         category_down = c.category_down + s.category_down, exit_proposed = c.exit_proposed + s.exit_proposed,
         stale = c.stale + s.stale, worse = c.worse + s.worse, updated_at = now()
    FROM (SELECT count(*)::int AS n,
                 count(*) FILTER (WHERE outcome = 'unchanged')::int AS unchanged,
                 count(*) FILTER (WHERE outcome = 'category_up')::int AS category_up,
                 count(*) FILTER (WHERE outcome = 'category_down')::int AS category_down,
                 count(*) FILTER (WHERE outcome = 'exit_proposed')::int AS exit_proposed,
                 count(*) FILTER (WHERE outcome = 'stale')::int AS stale,
                 count(*) FILTER (WHERE outcome = 'worse')::int AS worse
            FROM ins) s
   WHERE c.id = $1
  RETURNING c.processed
)
SELECT (SELECT count(*) FROM page)::int AS page_size,
       (SELECT id FROM page ORDER BY id DESC LIMIT 1) AS last_id,
       (SELECT count(*) FROM ins)::int AS inserted,
       (SELECT count(*) FROM changed)::int AS changed,
       (SELECT count(*) FROM audited)::int AS audited,
       (SELECT count(*) FROM recheck_tasks)::int AS rechecks,
       (SELECT count(*) FROM escalation_tasks)::int AS escalations,
       (SELECT count(*) FROM recheck_audited)::int AS rechecks_audited,
       (SELECT max(processed) FROM counted) AS processed,
       (SELECT json_build_object(
          'unchanged', count(*) FILTER (WHERE outcome = 'unchanged'),
          'category_up', count(*) FILTER (WHERE outcome = 'category_up'),
          'category_down', count(*) FILTER (WHERE outcome = 'category_down'),
          'exit_proposed', count(*) FILTER (WHERE outcome = 'exit_proposed'),
          'stale', count(*) FILTER (WHERE outcome = 'stale'),
          'worse', count(*) FILTER (WHERE outcome = 'worse')) FROM ins) AS counts,
       (SELECT COALESCE(json_agg(json_build_object('fileId', x.file_id, 'outcome', x.outcome) ORDER BY x.file_id), '[]'::json)
          FROM (SELECT file_id, outcome FROM ins WHERE needs_person
                UNION
                SELECT r.file_id, r.outcome FROM reassessment_results r
                 WHERE r.campaign_id = $1 AND r.needs_person AND r.file_id IN (SELECT id FROM page)) x
         WHERE NOT (x.outcome = 'stale' AND (SELECT direct_recheck FROM pol))
           AND NOT (x.outcome = 'worse' AND (SELECT escalation_due IS NOT NULL FROM pol))) AS persons
`;
}
