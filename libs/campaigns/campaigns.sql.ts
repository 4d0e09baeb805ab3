/**
 * The distribution list of a holiday campaign, built in ONE set-based statement: every active file
 * of the plan's categories within the campaign's org subtree, plus the members units named, one row
 * per household (a file's category wins over a nomination), its grassroots unit, the standard of its
 * category, and each unit's quota (deep hardship first, then accident, relative, named). A second run
 * inserts nothing (unique campaign + household), so a retried activity is a no-op.
 * $1 = campaign id.
 */
export const BUILD_DISTRIBUTION_LIST_SQL = `
WITH c AS (
  SELECT c.id, c.categories, c.standards, o.path AS scope_path
    FROM campaigns c JOIN org_units o ON o.id = c.org_unit_id
   WHERE c.id = $1 AND c.list_built_at IS NULL
),
candidates AS (
  SELECT f.household_id, f.worker_id, w.org_unit_id, f.category,
         CASE f.category WHEN 'deep' THEN 1 WHEN 'accident' THEN 2 ELSE 3 END AS prio
    FROM c
    JOIN hardship_files f ON f.status = 'active' AND f.category = ANY (c.categories)
    JOIN workers w ON w.id = f.worker_id
    JOIN org_units wo ON wo.id = w.org_unit_id
   WHERE f.household_id IS NOT NULL
     AND (wo.path = c.scope_path OR wo.path LIKE c.scope_path || '.%')
  UNION ALL
  SELECT w.household_id, w.id, w.org_unit_id, 'named', 4
    FROM c
    JOIN campaign_nominations n ON n.campaign_id = c.id
    JOIN workers w ON w.id = n.worker_id
    JOIN org_units wo ON wo.id = w.org_unit_id
   WHERE w.household_id IS NOT NULL
     AND (wo.path = c.scope_path OR wo.path LIKE c.scope_path || '.%')
),
one_per_household AS (
  SELECT DISTINCT ON (household_id) * FROM candidates ORDER BY household_id, prio, worker_id
),
grassroots AS (
  SELECT id, path FROM org_units WHERE kind = 'grassroots_unit'
),
placed AS (
  SELECT h.*, COALESCE(g.id, wo.id) AS unit_id, COALESCE(g.path, wo.path) AS unit_path
    FROM one_per_household h
    JOIN org_units wo ON wo.id = h.org_unit_id
    LEFT JOIN LATERAL (
      SELECT g.id, g.path FROM grassroots g
       WHERE wo.path = g.path OR wo.path LIKE g.path || '.%'
       ORDER BY length(g.path) DESC LIMIT 1
    ) g ON true
),
ranked AS (
  SELECT p.*, row_number() OVER (PARTITION BY p.unit_id ORDER BY p.prio, p.household_id) AS rn FROM placed p
)
INSERT INTO campaign_recipients (campaign_id, household_id, worker_id, unit_id, unit_path, category, cash_fen, goods)
SELECT c.id, r.household_id, r.worker_id, r.unit_id, r.unit_path, r.category,
       COALESCE((s.value ->> 'cashFen')::bigint, 0), NULLIF(s.value ->> 'goods', '')
  FROM c
  CROSS JOIN ranked r
  JOIN LATERAL jsonb_array_elements(c.standards) s ON s.value ->> 'category' = r.category
  LEFT JOIN campaign_quotas q ON q.campaign_id = c.id AND q.org_unit_id = r.unit_id
 WHERE q.max_households IS NULL OR r.rn <= q.max_households
ON CONFLICT ON CONSTRAINT campaign_recipients_one_per_household DO NOTHING
RETURNING cash_fen`;

/** Progress per unit while a campaign runs ($1 = campaign id); spent is read from the ledger. */
export const CAMPAIGN_UNITS_SQL = `
SELECT r.unit_id AS "unitId", o.name_zh AS "unitName",
       count(*)::int AS households,
       count(*) FILTER (WHERE r.status = 'delivered')::int AS delivered,
       count(*) FILTER (WHERE r.status = 'undelivered')::int AS undelivered,
       count(*) FILTER (WHERE r.status = 'pending')::int AS pending,
       COALESCE(sum(r.cash_fen), 0)::bigint AS "plannedCashFen",
       COALESCE(sum(e.amount_fen), 0)::bigint AS "spentFen"
  FROM campaign_recipients r
  JOIN org_units o ON o.id = r.unit_id
  LEFT JOIN campaign_deliveries d ON d.recipient_id = r.id
  LEFT JOIN ledger_entries e ON e.idempotency_key = d.ledger_key AND e.kind = 'payment'
 WHERE r.campaign_id = $1
 GROUP BY r.unit_id, o.name_zh, o.path
 ORDER BY o.path`;
