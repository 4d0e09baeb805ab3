/**
 * Set-based SQL of the HR imports: each statement works on one chunk of staged rows (seq $2..$3 of
 * import $1) at once. The classification (`fin`) is shared by the dry run and the commit: the commit
 * classifies its chunk again inside its own statement, writes the workers or payroll rows, marks the
 * rows applied and counts them, all in one statement (one transaction). A chunk retried after a
 * crash only sees rows not applied yet, so every row lands exactly once and the same file imported
 * twice finds every row unchanged.
 *
 * "In scope" is the import's org unit and everything below it (materialised paths "a.b.c").
 */
import { incomeWindowSql } from '../domain/income-window';
import { fileIsOpenSql } from '../domain/file-status';

/** The payroll cross-check compares the income window (libs/domain/income-window.ts) as of now. */
const CHECK_WINDOW = incomeWindowSql('now()');

const inScope = (path: string) => `(${path} = imp.path OR ${path} LIKE imp.path || '.%')`;

const common = `
imp AS (
  SELECT i.id, i.org_unit_id, i.workflow_id, i.created_by, i.committed_by, o.path, o.kind
    FROM hr_imports i JOIN org_units o ON o.id = i.org_unit_id WHERE i.id = $1
),
r AS (
  SELECT r.* FROM hr_import_rows r WHERE r.import_id = $1 AND r.seq BETWEEN $2 AND $3 AND NOT r.applied
)`;

/** Roster rows → new / updated / unchanged / refused (code, params), the worker and the unit. */
const rosterFin = `${common},
units AS (
  SELECT o.id, o.code, o.name_zh, o.path = imp.path AS is_root
    FROM org_units o CROSS JOIN imp WHERE ${inScope('o.path')} AND o.active
),
m AS (
  SELECT r.seq, r.employee_no, r.name, r.national_id_hash, r.gender, r.phone, r.unit, r.refusal_code, r.refusal_params,
         u.id AS unit_id, bn.id AS by_no, bn.org_unit_id AS by_no_unit, ${inScope('bn_o.path')} AS by_no_in,
         bh.id AS by_hash, ${inScope('bh_o.path')} AS by_hash_in
    FROM r CROSS JOIN imp
    LEFT JOIN LATERAL (SELECT units.id FROM units
                        WHERE units.code = r.unit OR units.name_zh = r.unit
                        ORDER BY (units.code = r.unit) DESC LIMIT 1) u ON true
    LEFT JOIN workers bn ON bn.employee_no = r.employee_no
    LEFT JOIN org_units bn_o ON bn_o.id = bn.org_unit_id
    LEFT JOIN workers bh ON bh.national_id_hash = r.national_id_hash
    LEFT JOIN org_units bh_o ON bh_o.id = bh.org_unit_id
),
c AS (
  SELECT m.*, COALESCE(m.by_no, m.by_hash) AS worker_id,
         CASE
           WHEN m.refusal_code IS NOT NULL THEN m.refusal_code
           WHEN m.unit IS NOT NULL AND m.unit_id IS NULL THEN 'unit_unknown'
           -- the person is registered in a unit outside this import's scope: never say which one
           WHEN m.by_hash IS NOT NULL AND NOT m.by_hash_in THEN 'registered_elsewhere'
           WHEN m.by_no IS NOT NULL AND NOT m.by_no_in THEN 'employee_no_elsewhere'
           WHEN m.by_no IS NOT NULL AND m.by_hash IS NOT NULL AND m.by_no <> m.by_hash THEN 'national_id_conflict'
           -- a new member belongs to an enterprise or below, never to the county federation itself
           WHEN m.unit IS NULL AND m.by_no IS NULL AND m.by_hash IS NULL AND imp.kind = 'county_federation' THEN 'unit_required'
         END AS code
    FROM m CROSS JOIN imp
),
fin AS (
  SELECT c.seq, c.worker_id, c.code,
         CASE WHEN c.refusal_code IS NOT NULL THEN c.refusal_params
              WHEN c.code = 'unit_unknown' THEN jsonb_build_object('unit', c.unit)
              WHEN c.code = 'employee_no_elsewhere' THEN jsonb_build_object('employeeNo', c.employee_no)
              WHEN c.code IS NOT NULL THEN '{}'::jsonb END AS params,
         COALESCE(c.unit_id, w.org_unit_id, imp.org_unit_id) AS unit_id,
         CASE
           WHEN c.code IS NOT NULL THEN 'refused'
           WHEN w.id IS NULL THEN 'new'
           WHEN w.employee_no = c.employee_no AND w.name = c.name
                AND w.org_unit_id = COALESCE(c.unit_id, w.org_unit_id)
                AND w.national_id_hash IS NOT DISTINCT FROM c.national_id_hash
                AND (c.gender IS NULL OR w.gender IS NOT DISTINCT FROM c.gender)
                AND (c.phone IS NULL OR w.phone IS NOT DISTINCT FROM c.phone) THEN 'unchanged'
           ELSE 'updated'
         END AS outcome
    FROM c CROSS JOIN imp LEFT JOIN workers w ON w.id = c.worker_id AND c.code IS NULL
)`;

/** Payroll rows → new / updated / unchanged / refused: the worker by employee number within scope. */
const payrollFin = `${common},
m AS (
  SELECT r.seq, r.employee_no, r.month, r.amount_fen, r.refusal_code, r.refusal_params, w.id AS worker_id,
         p.amount_fen AS old_fen
    FROM r CROSS JOIN imp
    LEFT JOIN LATERAL (SELECT w.id FROM workers w JOIN org_units o ON o.id = w.org_unit_id
                        WHERE w.employee_no = r.employee_no AND ${inScope('o.path')}) w ON r.refusal_code IS NULL
    LEFT JOIN payroll_incomes p ON p.worker_id = w.id AND p.month = r.month
),
fin AS (
  SELECT m.seq, m.worker_id, m.month, m.amount_fen,
         CASE WHEN m.refusal_code IS NOT NULL THEN m.refusal_code WHEN m.worker_id IS NULL THEN 'worker_unknown' END AS code,
         CASE WHEN m.refusal_code IS NOT NULL THEN m.refusal_params
              WHEN m.worker_id IS NULL THEN jsonb_build_object('employeeNo', m.employee_no) END AS params,
         CASE WHEN m.refusal_code IS NOT NULL OR m.worker_id IS NULL THEN 'refused'
              WHEN m.old_fen IS NULL THEN 'new'
              WHEN m.old_fen = m.amount_fen THEN 'unchanged'
              ELSE 'updated' END AS outcome
    FROM m
)`;

const fin = (kind: 'roster' | 'payroll') => (kind === 'roster' ? rosterFin : payrollFin);

/** Dry run of one chunk: each row's outcome as it would be now; progress counts rows classified. */
export function previewChunkSql(kind: 'roster' | 'payroll'): string {
  return `WITH ${fin(kind)},
marked AS (
  UPDATE hr_import_rows t SET preview_outcome = fin.outcome, preview_code = fin.code, preview_params = fin.params
    FROM fin WHERE t.import_id = $1 AND t.seq = fin.seq AND t.preview_outcome IS NULL
  RETURNING t.seq
)
UPDATE hr_imports SET previewed_rows = previewed_rows + (SELECT count(*) FROM marked)
 WHERE id = $1 RETURNING previewed_rows`;
}

const outcomeCounts = (rel: string) => `
jsonb_build_object('new', count(*) FILTER (WHERE ${rel} = 'new'), 'updated', count(*) FILTER (WHERE ${rel} = 'updated'),
                   'unchanged', count(*) FILTER (WHERE ${rel} = 'unchanged'), 'refused', count(*) FILTER (WHERE ${rel} = 'refused'))`;

export const PREVIEWED_SQL = `
UPDATE hr_imports i SET status = 'previewed',
       preview_counts = (SELECT ${outcomeCounts('preview_outcome')} FROM hr_import_rows WHERE import_id = $1)
 WHERE i.id = $1 AND i.status = 'previewing'`;

export const FINISHED_SQL = `
UPDATE hr_imports i SET status = $2, finished_at = COALESCE(finished_at, now()),
       counts = (SELECT ${outcomeCounts('outcome')} FROM hr_import_rows WHERE import_id = $1)
 WHERE i.id = $1 AND i.status IN ('previewing','previewed','committing')`;

const markApplied = `
marked AS (
  UPDATE hr_import_rows t SET outcome = x.outcome, reason_code = x.code, reason_params = x.params, applied = true,
         worker_id = COALESCE(x.worker_id, x.new_id)
    FROM (SELECT fin.*, ins.id AS new_id FROM fin LEFT JOIN ins ON ins.seq = fin.seq) x
   WHERE t.import_id = $1 AND t.seq = x.seq
  RETURNING t.seq, t.outcome
)
UPDATE hr_imports SET applied_rows = applied_rows + (SELECT count(*) FROM marked)
 WHERE id = $1 RETURNING applied_rows`;

/** Commit of one roster chunk: insert new workers, update changed ones, audit both, mark the rows. */
export const APPLY_ROSTER_SQL = `WITH ${rosterFin},
src AS (
  SELECT fin.*, r.employee_no, r.name, r.gender, r.phone, r.national_id_enc, r.national_id_hash
    FROM fin JOIN r ON r.seq = fin.seq
),
created AS (
  INSERT INTO workers (employee_no, name, org_unit_id, gender, phone, national_id_enc, national_id_hash)
  SELECT employee_no, name, unit_id, gender, phone, national_id_enc, national_id_hash FROM src WHERE outcome = 'new'
  RETURNING id, employee_no
),
ins AS MATERIALIZED (SELECT created.id, src.seq FROM created JOIN src ON src.employee_no = created.employee_no AND src.outcome = 'new'),
changed AS (
  UPDATE workers w
     SET employee_no = src.employee_no, name = src.name, org_unit_id = src.unit_id,
         gender = COALESCE(src.gender, w.gender), phone = COALESCE(src.phone, w.phone),
         national_id_enc = CASE WHEN w.national_id_hash IS DISTINCT FROM src.national_id_hash THEN src.national_id_enc
                                ELSE w.national_id_enc END,
         national_id_hash = src.national_id_hash, updated_at = now()
    FROM src WHERE w.id = src.worker_id AND src.outcome = 'updated'
  RETURNING w.id
),
audited AS (
  INSERT INTO audit_log (actor_id, actor_name, action, entity_type, entity_id, workflow_id, details)
  SELECT imp.committed_by, (SELECT display_name FROM users WHERE id = imp.committed_by),
         CASE WHEN x.kind = 'new' THEN 'worker.imported' ELSE 'worker.import_updated' END, 'worker', x.id::text,
         imp.workflow_id, jsonb_build_object('importId', imp.id)
    FROM (SELECT id, 'new' AS kind FROM created UNION ALL SELECT id, 'updated' FROM changed) x CROSS JOIN imp
  RETURNING id
),
${markApplied}`;

/** Commit of one payroll chunk: upsert each worker's month. */
export const APPLY_PAYROLL_SQL = `WITH ${payrollFin},
written AS (
  INSERT INTO payroll_incomes (worker_id, month, amount_fen, import_id)
  SELECT worker_id, month, amount_fen, $1 FROM fin WHERE outcome IN ('new','updated')
  ON CONFLICT (worker_id, month) DO UPDATE SET amount_fen = EXCLUDED.amount_fen, import_id = EXCLUDED.import_id, updated_at = now()
  RETURNING worker_id
),
ins AS MATERIALIZED (SELECT NULL::uuid AS id, NULL::int AS seq WHERE false),
${markApplied}`;

/**
 * The payroll cross-check after a payroll import's commit (libs/domain/payroll-check.ts, in SQL): for
 * every open file of a household with a worker in the import, compare the household's declared
 * income with its members' payroll over the months of the income window (the 12 complete months
 * before now, libs/domain/income-window.ts) that have payroll; flag
 * (or re-flag) where 100 × (payroll − declared) > threshold% × payroll, clear an open flag where the
 * gap closed. Runs once per import (cross_checked_at, set in the same statement), audited.
 * Parameters: $1 import id, $2 threshold percent, $3 policy version.
 */
export const CROSS_CHECK_SQL = `
WITH once AS (
  UPDATE hr_imports SET cross_checked_at = now() WHERE id = $1 AND cross_checked_at IS NULL RETURNING id, workflow_id, committed_by
),
pol AS (SELECT ${CHECK_WINDOW.fromDay} AS win_from, ${CHECK_WINDOW.toDay} AS win_to),
f AS (
  SELECT DISTINCT hf.id AS file_id, hf.household_id
    FROM once JOIN hr_import_rows r ON r.import_id = once.id AND r.worker_id IS NOT NULL
    JOIN workers w ON w.id = r.worker_id
    JOIN hardship_files hf ON hf.household_id = w.household_id AND ${fileIsOpenSql('hf.status')}
),
mem AS (
  SELECT f.file_id, f.household_id, w.id AS worker_id FROM f JOIN workers w ON w.household_id = f.household_id
  UNION
  SELECT f.file_id, f.household_id, hm.worker_id FROM f JOIN household_members hm ON hm.household_id = f.household_id
   WHERE hm.worker_id IS NOT NULL AND hm.removed_at IS NULL
),
pay AS (
  SELECT mem.file_id, mem.household_id, p.month, sum(p.amount_fen)::bigint AS payroll
    FROM mem JOIN payroll_incomes p ON p.worker_id = mem.worker_id CROSS JOIN pol
   WHERE p.month >= pol.win_from AND p.month < pol.win_to
   GROUP BY 1, 2, 3
),
decl AS (
  SELECT i.household_id, i.month, sum(i.amount_fen)::bigint AS declared
    FROM household_incomes i WHERE i.household_id IN (SELECT household_id FROM f) GROUP BY 1, 2
),
cmp AS (
  SELECT pay.file_id, pay.household_id, count(*)::int AS months, sum(pay.payroll)::bigint AS payroll,
         COALESCE(sum(decl.declared), 0)::bigint AS declared
    FROM pay LEFT JOIN decl ON decl.household_id = pay.household_id AND decl.month = pay.month
   GROUP BY 1, 2
),
judged AS (
  SELECT cmp.*, (cmp.payroll > 0 AND 100 * (cmp.payroll - cmp.declared) > $2::bigint * cmp.payroll) AS discrepant FROM cmp
),
flagged AS (
  INSERT INTO file_income_discrepancies (file_id, household_id, months, declared_fen, payroll_fen, threshold_percent, policy_version, import_id)
  SELECT j.file_id, j.household_id, j.months, j.declared, j.payroll, $2, $3, $1 FROM judged j WHERE j.discrepant
  ON CONFLICT (file_id) DO UPDATE
     SET months = EXCLUDED.months, declared_fen = EXCLUDED.declared_fen, payroll_fen = EXCLUDED.payroll_fen,
         threshold_percent = EXCLUDED.threshold_percent, policy_version = EXCLUDED.policy_version,
         import_id = EXCLUDED.import_id,
         flagged_at = CASE WHEN file_income_discrepancies.resolved_at IS NULL THEN file_income_discrepancies.flagged_at ELSE now() END,
         resolved_at = NULL
  RETURNING file_id, months, declared_fen, payroll_fen
),
cleared AS (
  UPDATE file_income_discrepancies d SET resolved_at = now()
    FROM judged j WHERE d.file_id = j.file_id AND NOT j.discrepant AND d.resolved_at IS NULL
  RETURNING d.file_id
),
audited AS (
  INSERT INTO audit_log (actor_id, actor_name, action, entity_type, entity_id, workflow_id, after)
  SELECT once.committed_by, (SELECT display_name FROM users WHERE id = once.committed_by), x.action, 'hardship_file',
         x.file_id::text, once.workflow_id, x.after
    FROM once CROSS JOIN (
      SELECT 'file.income_discrepancy' AS action, file_id,
             jsonb_build_object('months', months, 'declaredFen', declared_fen, 'payrollFen', payroll_fen, 'thresholdPercent', $2::int) AS after
        FROM flagged
      UNION ALL SELECT 'file.income_discrepancy_cleared', file_id, '{}'::jsonb FROM cleared) x
  RETURNING id
)
SELECT (SELECT count(*) FROM once)::int AS ran, (SELECT count(*) FROM flagged)::int AS flagged,
       (SELECT count(*) FROM cleared)::int AS cleared, (SELECT count(*) FROM audited)::int AS audited`;
