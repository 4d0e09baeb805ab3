import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * HR data imports (roster 花名册 and monthly payroll 工资收入) and the payroll cross-check
 * (多部门联合审核):
 * - hr_imports: one row per uploaded file, the read model of its workflow (`roster-import:<id>`,
 *   `payroll-import:<id>`): status, progress counters and outcome counts;
 * - hr_import_rows: the file's rows staged at upload (national ID numbers encrypted and hashed like
 *   workers', never in workflow payloads), each with its preview outcome and, once committed, its
 *   final outcome; `applied` is set in the same transaction as the row's writes, so a chunk retried
 *   after a crash skips what already landed (every row exactly once);
 * - payroll_incomes: monthly payroll income per worker from HR (one row per worker and month);
 * - file_income_discrepancies: a file whose declared household income is below its members'
 *   payroll income by more than the policy's threshold (one open flag per file);
 * - policy gains the `hrCrossCheck` section (defaults added to every published version).
 */
export class HrImports1765700000000 implements MigrationInterface {
  name = 'HrImports1765700000000';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE hr_imports (
        id uuid PRIMARY KEY,
        kind text NOT NULL CHECK (kind IN ('roster','payroll')),
        workflow_id text NOT NULL UNIQUE,
        file_name text NOT NULL,
        format text NOT NULL CHECK (format IN ('csv','xlsx')),
        org_unit_id uuid NOT NULL REFERENCES org_units(id),
        created_by uuid NOT NULL REFERENCES users(id),
        committed_by uuid REFERENCES users(id),
        status text NOT NULL CHECK (status IN ('previewing','previewed','committing','done','cancelled','failed')),
        total_rows int NOT NULL,
        previewed_rows int NOT NULL DEFAULT 0,
        applied_rows int NOT NULL DEFAULT 0,
        preview_counts jsonb NOT NULL DEFAULT '{}'::jsonb,
        counts jsonb NOT NULL DEFAULT '{}'::jsonb,
        flagged_files int NOT NULL DEFAULT 0,
        cross_checked_at timestamptz,
        error text,
        created_at timestamptz NOT NULL DEFAULT now(),
        finished_at timestamptz
      )`);
    await q.query(`CREATE INDEX hr_imports_kind_created ON hr_imports (kind, created_at DESC)`);
    await q.query(`
      CREATE TABLE hr_import_rows (
        import_id uuid NOT NULL REFERENCES hr_imports(id),
        seq int NOT NULL,
        row_no int NOT NULL,
        employee_no text,
        name text,
        national_id_enc bytea,
        national_id_hash text,
        national_id_masked text,
        gender text,
        phone text,
        unit text,
        month date,
        amount_fen bigint,
        refusal_code text,
        refusal_params jsonb,
        preview_outcome text CHECK (preview_outcome IN ('new','updated','unchanged','refused')),
        preview_code text,
        preview_params jsonb,
        outcome text CHECK (outcome IN ('new','updated','unchanged','refused')),
        reason_code text,
        reason_params jsonb,
        worker_id uuid REFERENCES workers(id),
        applied boolean NOT NULL DEFAULT false,
        PRIMARY KEY (import_id, seq)
      )`);
    await q.query(
      `CREATE INDEX hr_import_rows_worker ON hr_import_rows (worker_id) WHERE worker_id IS NOT NULL`,
    );
    await q.query(`
      CREATE TABLE payroll_incomes (
        worker_id uuid NOT NULL REFERENCES workers(id),
        month date NOT NULL CHECK (extract(day FROM month) = 1),
        amount_fen bigint NOT NULL CHECK (amount_fen >= 0),
        import_id uuid NOT NULL REFERENCES hr_imports(id),
        updated_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (worker_id, month)
      )`);
    await q.query(`
      CREATE TABLE file_income_discrepancies (
        file_id uuid PRIMARY KEY REFERENCES hardship_files(id),
        household_id uuid NOT NULL REFERENCES households(id),
        months int NOT NULL,
        declared_fen bigint NOT NULL,
        payroll_fen bigint NOT NULL,
        threshold_percent int NOT NULL,
        policy_version int NOT NULL REFERENCES policy_versions(version),
        import_id uuid NOT NULL REFERENCES hr_imports(id),
        flagged_at timestamptz NOT NULL DEFAULT now(),
        resolved_at timestamptz
      )`);
    await q.query(
      `CREATE INDEX file_income_discrepancies_open ON file_income_discrepancies (file_id) WHERE resolved_at IS NULL`,
    );
    await q.query(`UPDATE policy_versions SET data = data || $1::jsonb WHERE NOT (data ? 'hrCrossCheck')`, [
      JSON.stringify({ hrCrossCheck: { gapThresholdPercent: 10 } }),
    ]);
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`UPDATE policy_versions SET data = data - 'hrCrossCheck'`);
    await q.query(
      `DROP TABLE IF EXISTS file_income_discrepancies, payroll_incomes, hr_import_rows, hr_imports`,
    );
  }
}
