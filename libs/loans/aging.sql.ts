/**
 * The aging aggregation, shared by GET /api/finance/aging and the benchmark's floor run.
 * $1 as-of date, $2 grace days, $3 org path (the subtree). Each outstanding loan falls in the bucket
 * of its oldest unpaid instalment, kept on the loan row (`loans.oldest_unpaid_due`, see
 * oldest-unpaid.sql.ts): one index-only scan of loans_outstanding (org_unit_id) INCLUDE (amounts,
 * oldest_unpaid_due) over the open loans of the subtree, no instalment read.
 */
export const AGING_SQL = `
  WITH scope AS (SELECT id FROM org_units WHERE path = $3 OR path LIKE $3 || '.%'),
  o AS (
    SELECT (l.amount_fen - l.repaid_fen - l.written_off_fen) AS outstanding,
           GREATEST(0, $1::date - $2::int - l.oldest_unpaid_due) AS days
      FROM loans l
     WHERE l.status IN ('active', 'overdue', 'defaulted') AND l.org_unit_id IN (SELECT id FROM scope)
  )
  SELECT CASE WHEN days IS NULL OR days = 0 THEN 'current'
              WHEN days <= 30 THEN '1-30' WHEN days <= 60 THEN '31-60' WHEN days <= 90 THEN '61-90' ELSE '90+' END AS bucket,
         count(*)::int AS loans, COALESCE(sum(outstanding), 0)::bigint AS outstanding
    FROM o GROUP BY 1`;
