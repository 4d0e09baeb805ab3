/**
 * Effect evaluation (帮扶效果评估), set-based SQL.
 *
 * WRITE_EVALUATIONS_SQL writes, in one statement, the evaluation row of every file that exited
 * (closed with reason `exit`) on or before the date and has none yet, and — when the yearly
 * evaluation is due ($2) — of every active file without one for the date's year. Each row holds the
 * records' figures at the evaluation instant (exit: the moment the file closed; yearly: the start of
 * the date, China time):
 * - per-capita monthly income before (the income window before activation) and after (the window
 *   before the evaluation instant): total ÷ 12 ÷ household members (libs/domain/evaluation.ts);
 * - whole months from activation to exit;
 * - the file's plan measures counted by status and outcome (done, job found, kept in school),
 *   completed by the evaluation instant;
 * - aid paid to the household from activation to the evaluation instant: aid-case payments,
 *   campaign cash deliveries, regular subsidies (ledger payments; loans are repaid, not counted).
 * $1 date (China), $2 yearly evaluation due (boolean).
 *
 * AGGREGATE_SQL sums the year's evaluations in a subtree per group ($3: unit | category | cause; a
 * file with two causes counts under each; `total`: one row, each file once), the latest evaluation of each file in the year; relapses
 * are counted live: another file of the same worker or household opened after the exit and within
 * the policy's relapse months ($4), not rejected or withdrawn.
 * $1 year, $2 org path, $3 grouping, $4 relapse months.
 */
import { perCapitaMonthlySql, wholeMonthsBetweenSql } from '../domain/evaluation';
import { incomeWindowSql } from '../domain/income-window';

const BEFORE = incomeWindowSql('x.activated_at');
const AFTER = incomeWindowSql('x.at');
const CHINA_DATE = (t: string) => `((${t}) AT TIME ZONE 'Asia/Shanghai')::date`;

export const WRITE_EVALUATIONS_SQL = `
WITH x AS (
  SELECT f.id AS file_id, 'exit'::text AS kind, f.closed_at AS at, f.closed_at AS exited_at,
         COALESCE(f.activated_at, f.opened_at) AS activated_at, f.household_id, f.worker_id, f.org_unit_id,
         f.category, f.causes
    FROM hardship_files f
   WHERE f.status = 'closed' AND f.close_reason = 'exit' AND f.closed_at IS NOT NULL
     AND ${CHINA_DATE('f.closed_at')} <= $1::date
     AND NOT EXISTS (SELECT 1 FROM help_evaluations e WHERE e.file_id = f.id AND e.kind = 'exit')
  UNION ALL
  SELECT f.id, 'annual', ($1::date)::timestamp AT TIME ZONE 'Asia/Shanghai', NULL,
         COALESCE(f.activated_at, f.opened_at), f.household_id, f.worker_id, f.org_unit_id, f.category, f.causes
    FROM hardship_files f
   WHERE $2::boolean AND f.status = 'active'
     AND NOT EXISTS (SELECT 1 FROM help_evaluations e WHERE e.file_id = f.id AND e.kind = 'annual'
                        AND e.year = extract(year FROM $1::date)::int)
),
figures AS (
  SELECT x.*, h.member_count AS members,
         (SELECT COALESCE(sum(i.amount_fen), 0) FROM household_incomes i
           WHERE i.household_id = x.household_id AND i.month >= ${BEFORE.fromDay} AND i.month < ${BEFORE.toDay}) AS before_total,
         (SELECT COALESCE(sum(i.amount_fen), 0) FROM household_incomes i
           WHERE i.household_id = x.household_id AND i.month >= ${AFTER.fromDay} AND i.month < ${AFTER.toDay}) AS after_total,
         (SELECT count(*) FROM help_measures m WHERE m.file_id = x.file_id AND m.plan_id IS NOT NULL) AS measures_total,
         (SELECT count(*) FROM help_measures m WHERE m.file_id = x.file_id AND m.plan_id IS NOT NULL
             AND m.status = 'done' AND m.completed_at <= x.at) AS measures_done,
         (SELECT count(*) FROM help_measures m WHERE m.file_id = x.file_id AND m.plan_id IS NOT NULL
             AND m.outcome = 'job_found' AND m.completed_at <= x.at) AS jobs_found,
         (SELECT count(*) FROM help_measures m WHERE m.file_id = x.file_id AND m.plan_id IS NOT NULL
             AND m.outcome = 'kept_in_school' AND m.completed_at <= x.at) AS kept_in_school,
         (SELECT COALESCE(sum(p.amount_fen), 0) FROM (
            SELECT e.amount_fen, e.created_at FROM ledger_entries e JOIN aid_cases c ON c.id = e.case_id
             WHERE e.kind = 'payment' AND c.household_id = x.household_id
            UNION ALL
            SELECT e.amount_fen, e.created_at FROM ledger_entries e
              JOIN campaign_deliveries d ON d.ledger_key = e.idempotency_key
             WHERE e.kind = 'payment' AND e.campaign_id IS NOT NULL AND d.household_id = x.household_id
            UNION ALL
            SELECT e.amount_fen, e.created_at FROM ledger_entries e
             WHERE e.kind = 'payment' AND e.case_id IS NULL AND e.campaign_id IS NULL AND e.file_id = x.file_id
          ) p WHERE p.created_at >= x.activated_at AND p.created_at < x.at) AS aid_fen
    FROM x JOIN households h ON h.id = x.household_id
)
INSERT INTO help_evaluations (file_id, kind, year, evaluated_on, org_unit_id, org_path, household_id, worker_id,
                              category, causes, activated_on, exited_at, members, income_before_fen,
                              income_after_fen, months_to_exit, measures_total, measures_done, jobs_found,
                              kept_in_school, aid_fen)
SELECT g.file_id, g.kind, extract(year FROM ${CHINA_DATE('g.at')})::int, ${CHINA_DATE('g.at')}, g.org_unit_id, o.path,
       g.household_id, g.worker_id, g.category, g.causes, ${CHINA_DATE('g.activated_at')}, g.exited_at, g.members,
       ${perCapitaMonthlySql('g.before_total', 'g.members')}, ${perCapitaMonthlySql('g.after_total', 'g.members')},
       CASE WHEN g.kind = 'exit' THEN ${wholeMonthsBetweenSql(CHINA_DATE('g.activated_at'), CHINA_DATE('g.exited_at'))} END,
       g.measures_total, g.measures_done, g.jobs_found, g.kept_in_school, g.aid_fen
  FROM figures g JOIN org_units o ON o.id = g.org_unit_id
ON CONFLICT DO NOTHING
RETURNING kind`;

export const AGGREGATE_SQL = `
WITH latest AS (
  SELECT DISTINCT ON (e.file_id) e.*
    FROM help_evaluations e
   WHERE e.year = $1 AND (e.org_path = $2 OR e.org_path LIKE $2 || '.%')
   ORDER BY e.file_id, (e.kind = 'exit') DESC, e.evaluated_on DESC
),
rows AS (
  SELECT l.*,
         (l.kind = 'exit' AND EXISTS (
            SELECT 1 FROM hardship_files r
             WHERE r.id <> l.file_id AND (r.worker_id = l.worker_id OR r.household_id = l.household_id)
               AND r.status NOT IN ('rejected','withdrawn')
               AND r.opened_at > l.exited_at AND r.opened_at <= l.exited_at + make_interval(months => $4::int))) AS relapsed
    FROM latest l
),
keyed AS (
  SELECT r.*, k.key
    FROM rows r
    CROSS JOIN LATERAL (
      SELECT r.org_unit_id::text AS key WHERE $3 = 'unit'
      UNION ALL SELECT COALESCE(r.category, 'none') WHERE $3 = 'category'
      UNION ALL SELECT c FROM unnest(CASE WHEN cardinality(r.causes) = 0 THEN ARRAY['other'] ELSE r.causes END) c WHERE $3 = 'cause'
      UNION ALL SELECT 'all' WHERE $3 = 'total'
    ) k
)
SELECT key,
       count(*)::int AS files,
       count(DISTINCT household_id)::int AS households,
       count(*) FILTER (WHERE kind = 'exit')::int AS exits,
       count(*) FILTER (WHERE relapsed)::int AS relapses,
       COALESCE(sum(income_before_fen), 0)::bigint AS "incomeBeforeSumFen",
       COALESCE(sum(income_after_fen), 0)::bigint AS "incomeAfterSumFen",
       COALESCE(sum(months_to_exit) FILTER (WHERE kind = 'exit'), 0)::int AS "monthsToExitSum",
       COALESCE(sum(measures_total), 0)::int AS "measuresTotal",
       COALESCE(sum(measures_done), 0)::int AS "measuresDone",
       COALESCE(sum(jobs_found), 0)::int AS "jobsFound",
       COALESCE(sum(kept_in_school), 0)::int AS "keptInSchool",
       COALESCE(sum(aid_fen), 0)::bigint AS "aidFen",
       COALESCE(sum(aid_fen) FILTER (WHERE kind = 'exit'), 0)::bigint AS "aidExitedFen"
  FROM keyed
 GROUP BY key
 ORDER BY key`;
