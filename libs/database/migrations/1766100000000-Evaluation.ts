import type { MigrationInterface, QueryRunner } from 'typeorm';
import { DEFAULT_EVALUATION_POLICY } from '../../domain/help-plan-policy';

/**
 * Effect evaluation (帮扶效果评估): one row per file at exit and one per active file and year
 * (help_evaluations), written set-based (libs/evaluation/evaluation.sql.ts) with the figures of the
 * records at the evaluation date: per-capita monthly income when the file became active and at the
 * evaluation, months to exit, measures done, jobs found, children kept in school, aid paid. Policy
 * gains `evaluation` (relapse window, month of the yearly evaluation).
 */
export class Evaluation1766100000000 implements MigrationInterface {
  name = 'Evaluation1766100000000';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`UPDATE policy_versions SET data = data || $1::jsonb WHERE NOT (data ? 'evaluation')`, [
      JSON.stringify({ evaluation: DEFAULT_EVALUATION_POLICY }),
    ]);
    await q.query(`
      CREATE TABLE help_evaluations (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        file_id uuid NOT NULL REFERENCES hardship_files(id),
        kind text NOT NULL CHECK (kind IN ('exit','annual')),
        year int NOT NULL,
        evaluated_on date NOT NULL,
        org_unit_id uuid NOT NULL REFERENCES org_units(id),
        org_path text NOT NULL,
        household_id uuid NOT NULL REFERENCES households(id),
        worker_id uuid NOT NULL REFERENCES workers(id),
        category text,
        causes text[] NOT NULL,
        activated_on date NOT NULL,
        exited_at timestamptz,
        members int NOT NULL,
        income_before_fen bigint NOT NULL,
        income_after_fen bigint NOT NULL,
        months_to_exit int,
        measures_total int NOT NULL,
        measures_done int NOT NULL,
        jobs_found int NOT NULL,
        kept_in_school int NOT NULL,
        aid_fen bigint NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(
      `CREATE UNIQUE INDEX help_evaluations_one_exit ON help_evaluations (file_id) WHERE kind = 'exit'`,
    );
    await q.query(
      `CREATE UNIQUE INDEX help_evaluations_one_a_year ON help_evaluations (file_id, year) WHERE kind = 'annual'`,
    );
    await q.query(`CREATE INDEX help_evaluations_year ON help_evaluations (year, org_path text_pattern_ops)`);
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE IF EXISTS help_evaluations`);
    await q.query(`UPDATE policy_versions SET data = data - 'evaluation'`);
  }
}
