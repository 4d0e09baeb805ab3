import type { MigrationInterface, QueryRunner } from 'typeorm';
import { DEFAULT_HELP_PLAN_POLICY } from '../../domain/help-plan-policy';

/**
 * Help plans (帮扶计划): one plan per file (help_plans), its measures the existing help_measures rows
 * gain: the plan, the cause answered, the owner (a user), due date, target, outcome (its note
 * encrypted at rest: it may hold health details), completion, and the owner's inbox task (a direct
 * task: no workflow behind it; recording the outcome completes it). Kinds gain `employment` and
 * `schooling` (the outcomes the effect evaluation counts). Policy gains `helpPlans` (suggested
 * measures per cause), added to every published version.
 */
export class HelpPlans1766000000000 implements MigrationInterface {
  name = 'HelpPlans1766000000000';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`UPDATE policy_versions SET data = data || $1::jsonb WHERE NOT (data ? 'helpPlans')`, [
      JSON.stringify({ helpPlans: DEFAULT_HELP_PLAN_POLICY }),
    ]);
    await q.query(`
      CREATE TABLE help_plans (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        file_id uuid NOT NULL UNIQUE REFERENCES hardship_files(id),
        policy_version int NOT NULL REFERENCES policy_versions(version),
        created_by uuid NOT NULL REFERENCES users(id),
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`ALTER TABLE help_measures DROP CONSTRAINT IF EXISTS help_measures_kind_check`);
    await q.query(`
      ALTER TABLE help_measures
        ADD CONSTRAINT help_measures_kind_check CHECK (kind IN ('money','medical','tuition','training','job_referral','counselling','legal_aid','mutual_aid','housing','food','other','employment','schooling')),
        ADD COLUMN plan_id uuid REFERENCES help_plans(id),
        ADD COLUMN cause text,
        ADD COLUMN owner_id uuid REFERENCES users(id),
        ADD COLUMN due_on date,
        ADD COLUMN target text,
        ADD COLUMN outcome text CHECK (outcome IN ('achieved','not_achieved','job_found','no_job','kept_in_school','left_school')),
        ADD COLUMN outcome_note_enc bytea,
        ADD COLUMN completed_at timestamptz,
        ADD COLUMN completed_by uuid REFERENCES users(id),
        ADD COLUMN task_id uuid REFERENCES tasks(id),
        ADD COLUMN updated_at timestamptz NOT NULL DEFAULT now(),
        ADD CONSTRAINT help_measures_outcome_when_done CHECK (status <> 'done' OR outcome IS NOT NULL OR plan_id IS NULL)`);
    await q.query(`CREATE INDEX help_measures_file ON help_measures (file_id)`);
    await q.query(
      `CREATE INDEX help_measures_open_due ON help_measures (due_on) WHERE status IN ('planned','in_progress')`,
    );
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX IF EXISTS help_measures_open_due`);
    await q.query(`DROP INDEX IF EXISTS help_measures_file`);
    await q.query(`
      ALTER TABLE help_measures DROP CONSTRAINT IF EXISTS help_measures_outcome_when_done,
        DROP COLUMN plan_id, DROP COLUMN cause, DROP COLUMN owner_id, DROP COLUMN due_on, DROP COLUMN target,
        DROP COLUMN outcome, DROP COLUMN outcome_note_enc, DROP COLUMN completed_at, DROP COLUMN completed_by,
        DROP COLUMN task_id, DROP COLUMN updated_at`);
    await q.query(`DROP TABLE IF EXISTS help_plans`);
    await q.query(`UPDATE policy_versions SET data = data - 'helpPlans'`);
  }
}
