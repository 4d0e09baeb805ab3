/**
 * SQL of pairings (结对帮扶) that other features read: who leads a household's pairings now (for
 * four-eyes), and the coverage of a unit's pairings.
 */

/** Where a pairing counts as live: not ended, and its end date (if any) not yet passed (China date). */
export const LIVE_PAIRING = (p: string): string =>
  `${p}.ended_at IS NULL AND (${p}.end_date IS NULL OR ${p}.end_date >= (now() AT TIME ZONE 'Asia/Shanghai')::date)`;

/**
 * The household's pairing leaders as a text[] (empty when none): every leader whose pairing is live
 * (one starting later counts too — an approver about to be paired is excluded already). Four-eyes
 * (libs/domain/four-eyes.ts) keeps them from approving the household's files, cases, loans and exits.
 */
export const pairingLeadersOf = (householdIdExpr: string): string =>
  `(SELECT COALESCE(array_agg(DISTINCT pl.leader_id::text), '{}'::text[]) FROM pairings pl
     WHERE pl.household_id = ${householdIdExpr} AND ${LIVE_PAIRING('pl')})`;

/**
 * Coverage per org unit of the subtree $1 on the China date $2: households with a live pairing that
 * has started, those whose every such pairing is on time, overdue (due date passed) and escalated
 * (due date + grace days $7 passed). The due date is the last visit (or the start) plus the interval
 * of the household's most severe active category ($3 deep, $4 relative, $5 accident; $6 with no
 * active file) — the same rule as nextVisitDue in libs/domain/pairing.ts, in one statement.
 */
export const PAIRING_COVERAGE_SQL = `
  WITH live AS (
    SELECT p.household_id, h.org_unit_id,
           GREATEST(p.start_date, COALESCE((SELECT max(v.visited_on) FROM pairing_visits v WHERE v.pairing_id = p.id), p.start_date))
             + COALESCE((SELECT min(CASE f.category WHEN 'deep' THEN $3::int WHEN 'relative' THEN $4::int WHEN 'accident' THEN $5::int END)
                           FROM hardship_files f WHERE f.household_id = p.household_id AND f.status = 'active'), $6::int) AS due_on
      FROM pairings p
      JOIN households h ON h.id = p.household_id
      JOIN org_units o ON o.id = h.org_unit_id
     WHERE p.ended_at IS NULL AND (p.end_date IS NULL OR p.end_date >= $2::date) AND p.start_date <= $2::date
       AND (o.path = $1 OR o.path LIKE $1 || '.%')
  ),
  households AS (
    SELECT household_id, org_unit_id,
           max(CASE WHEN due_on < $2::date - $7::int THEN 2 WHEN due_on < $2::date THEN 1 ELSE 0 END) AS worst
      FROM live GROUP BY household_id, org_unit_id
  )
  SELECT o.id AS "orgUnitId", o.name_zh AS "orgUnitName", o.name_en AS "orgUnitNameEn", o.path AS "orgPath",
         count(*)::int AS households,
         (count(*) FILTER (WHERE worst = 0))::int AS "onTime",
         (count(*) FILTER (WHERE worst >= 1))::int AS overdue,
         (count(*) FILTER (WHERE worst = 2))::int AS escalated
    FROM households x JOIN org_units o ON o.id = x.org_unit_id
   GROUP BY o.id, o.name_zh, o.name_en, o.path
   ORDER BY o.path`;
