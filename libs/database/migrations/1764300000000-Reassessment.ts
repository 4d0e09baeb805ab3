import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Quarterly re-assessment (季度复核) and exit (解困脱困):
 * - reassessment_campaigns: one row per campaign (`reassessment:2026Q4`, `reassessment:policy-v3`),
 *   the read model of its progress, outcome counts and stored report;
 * - reassessment_results: one row per (campaign, file), primary key on both, so a resumed run never
 *   processes a file twice; each row keeps the policy version and the figures it used;
 * - hardship_files.resolved_causes (causes the caseworker marked resolved: every cause resolved →
 *   exit proposed) and last_checked_at (last completed re-check or follow-up visit);
 * - policy gains the `reassessment` section (defaults added to every published version).
 *
 * Monthly income: household_incomes already holds one row per (household, month, source) with month
 * the first day of the month; a month's household income is the sum of its rows, its per-capita
 * figure that sum ÷ household members. An income update is a row's created_at.
 */
export class Reassessment1764300000000 implements MigrationInterface {
  name = 'Reassessment1764300000000';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`UPDATE policy_versions SET data = data || $1::jsonb WHERE NOT (data ? 'reassessment')`, [
      JSON.stringify({
        reassessment: {
          schedule: { months: [1, 4, 7, 10], dayOfMonth: 1, hour: 0, timezone: 'Asia/Shanghai' },
          staleDays: 120,
          recheckDueDays: 30,
          maxOpenChildren: 50,
          pageSize: 1000,
          exitFollowUpMonths: [3, 6, 12],
          exitStages: ['union'],
        },
      }),
    ]);
    await q.query(`
      ALTER TABLE hardship_files
        ADD COLUMN resolved_causes text[] NOT NULL DEFAULT '{}',
        ADD COLUMN last_checked_at timestamptz`);
    await q.query(`
      CREATE TABLE reassessment_campaigns (
        id text PRIMARY KEY,
        kind text NOT NULL CHECK (kind IN ('quarterly','policy_change')),
        quarter text CHECK (quarter ~ '^[0-9]{4}Q[1-4]$'),
        policy_version int REFERENCES policy_versions(version),
        locality_codes text[],
        status text NOT NULL DEFAULT 'running' CHECK (status IN ('running','completed','failed')),
        as_of timestamptz,
        total int NOT NULL DEFAULT 0,
        processed int NOT NULL DEFAULT 0,
        unchanged int NOT NULL DEFAULT 0,
        category_up int NOT NULL DEFAULT 0,
        category_down int NOT NULL DEFAULT 0,
        exit_proposed int NOT NULL DEFAULT 0,
        stale int NOT NULL DEFAULT 0,
        worse int NOT NULL DEFAULT 0,
        children_started int NOT NULL DEFAULT 0,
        report jsonb,
        error text,
        started_by uuid REFERENCES users(id),
        started_at timestamptz NOT NULL DEFAULT now(),
        finished_at timestamptz,
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(
      `CREATE INDEX reassessment_campaigns_started ON reassessment_campaigns (started_at DESC, id DESC)`,
    );
    await q.query(`
      CREATE TABLE reassessment_results (
        campaign_id text NOT NULL REFERENCES reassessment_campaigns(id),
        file_id uuid NOT NULL REFERENCES hardship_files(id),
        org_unit_id uuid NOT NULL REFERENCES org_units(id),
        locality_code text NOT NULL,
        outcome text NOT NULL CHECK (outcome IN ('unchanged','category_up','category_down','exit_proposed','stale','worse')),
        category_before text,
        category_after text,
        members int NOT NULL,
        annual_income_fen bigint NOT NULL,
        per_capita_monthly_fen bigint NOT NULL,
        dibao_fen bigint,
        months_above int NOT NULL,
        causes_resolved boolean NOT NULL,
        last_update_at timestamptz,
        policy_version int NOT NULL REFERENCES policy_versions(version),
        needs_person boolean NOT NULL,
        as_of timestamptz NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (campaign_id, file_id)
      )`);
    await q.query(`CREATE INDEX reassessment_results_file ON reassessment_results (file_id)`);
    await q.query(
      `CREATE INDEX household_expenses_household_year ON household_expenses (household_id, year)`,
    );
    // the page activity looks up open tasks of the files it reassesses
    await q.query(
      `CREATE INDEX tasks_open_subject ON tasks (subject_id, type) WHERE status = 'open' AND subject_type = 'hardship_file'`,
    );
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX IF EXISTS tasks_open_subject`);
    await q.query(`DROP INDEX IF EXISTS household_expenses_household_year`);
    await q.query(`DROP TABLE IF EXISTS reassessment_results, reassessment_campaigns`);
    await q.query(`ALTER TABLE hardship_files DROP COLUMN resolved_causes, DROP COLUMN last_checked_at`);
    await q.query(`UPDATE policy_versions SET data = data - 'reassessment'`);
  }
}
