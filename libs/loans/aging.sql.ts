/**
 * The aging aggregation, shared by GET /api/finance/aging and the benchmark's raw-SQL run.
 * $1 as-of date, $2 grace days, $3 org path (the subtree). Each outstanding loan falls in the bucket
 * of its oldest unpaid instalment (payments apply oldest first, so that is the first instalment of
 * the schedule in force whose cumulative amount exceeds what was repaid), found by one seek in the
 * covering index loan_instalments_unpaid (loan, version, cum_due_fen) INCLUDE (due_date).
 */
export const AGING_SQL = `
  WITH scope AS (SELECT id FROM org_units WHERE path = $3 OR path LIKE $3 || '.%'),
  o AS (
    SELECT (l.amount_fen - l.repaid_fen - l.written_off_fen) AS outstanding,
           GREATEST(0, $1::date - $2::int - n.due_date) AS days
      FROM loans l
      LEFT JOIN LATERAL (
        SELECT i.due_date FROM loan_instalments i
         WHERE i.loan_id = l.id AND i.version = l.schedule_version AND i.cum_due_fen > l.repaid_fen
         ORDER BY i.cum_due_fen LIMIT 1
      ) n ON true
     WHERE l.status IN ('active', 'overdue', 'defaulted') AND l.org_unit_id IN (SELECT id FROM scope)
  )
  SELECT CASE WHEN days IS NULL OR days = 0 THEN 'current'
              WHEN days <= 30 THEN '1-30' WHEN days <= 60 THEN '31-60' WHEN days <= 90 THEN '61-90' ELSE '90+' END AS bucket,
         count(*)::int AS loans, COALESCE(sum(outstanding), 0)::bigint AS outstanding
    FROM o GROUP BY 1`;
