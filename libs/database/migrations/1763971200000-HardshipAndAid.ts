import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Hardship files, households in detail, versioned policy, the working-day calendar, tasks with
 * deadlines, the fund ledger and the append-only audit log.
 */
export class HardshipAndAid1763971200000 implements MigrationInterface {
  name = 'HardshipAndAid1763971200000';

  public async up(q: QueryRunner): Promise<void> {
    // --- versioned policy -------------------------------------------------------------------
    await q.query(`
      CREATE TABLE policy_versions (
        version int PRIMARY KEY,
        effective_from timestamptz NOT NULL DEFAULT now(),
        data jsonb NOT NULL,
        note text NOT NULL DEFAULT '',
        published_by uuid REFERENCES users(id),
        published_at timestamptz NOT NULL DEFAULT now()
      )`);

    // --- China working-day calendar: only the exceptions to Mon–Fri --------------------------
    await q.query(`
      CREATE TABLE calendar_days (
        day date PRIMARY KEY,
        is_workday boolean NOT NULL,
        name text NOT NULL DEFAULT '',
        source text NOT NULL,
        updated_by uuid REFERENCES users(id),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);

    // --- people and households ---------------------------------------------------------------
    await q.query(`
      ALTER TABLE workers
        ADD COLUMN gender text CHECK (gender IN ('male','female')),
        ADD COLUMN national_id_enc bytea,
        ADD COLUMN national_id_hash text,
        ADD COLUMN health_enc bytea,
        ADD COLUMN caseworker_id uuid REFERENCES users(id)`);
    await q.query(
      `CREATE UNIQUE INDEX workers_national_id_hash ON workers (national_id_hash) WHERE national_id_hash IS NOT NULL`,
    );
    await q.query(`
      ALTER TABLE households
        ADD COLUMN address text NOT NULL DEFAULT '',
        ADD COLUMN pairing_leader_id uuid REFERENCES users(id),
        ADD COLUMN caseworker_id uuid REFERENCES users(id)`);
    await q.query(`
      CREATE TABLE household_members (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        household_id uuid NOT NULL REFERENCES households(id),
        worker_id uuid REFERENCES workers(id),
        name text NOT NULL,
        relation text NOT NULL,
        birth_year int,
        national_id_enc bytea,
        national_id_hash text,
        health_enc bytea,
        work_status text NOT NULL DEFAULT '',
        school_status text NOT NULL DEFAULT '',
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX household_members_household ON household_members (household_id)`);
    await q.query(
      `CREATE INDEX household_members_hash ON household_members (national_id_hash) WHERE national_id_hash IS NOT NULL`,
    );
    await q.query(`
      CREATE TABLE household_incomes (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        household_id uuid NOT NULL REFERENCES households(id),
        month date NOT NULL CHECK (extract(day FROM month) = 1),
        source text NOT NULL,
        amount_fen bigint NOT NULL CHECK (amount_fen >= 0),
        recorded_by uuid REFERENCES users(id),
        created_at timestamptz NOT NULL DEFAULT now(),
        UNIQUE (household_id, month, source)
      )`);
    await q.query(`
      CREATE TABLE household_expenses (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        household_id uuid NOT NULL REFERENCES households(id),
        year int NOT NULL,
        kind text NOT NULL CHECK (kind IN ('medical','tuition','elder_care','hardship','other')),
        amount_fen bigint NOT NULL CHECK (amount_fen >= 0),
        note text NOT NULL DEFAULT '',
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`
      CREATE TABLE household_assets (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        household_id uuid NOT NULL REFERENCES households(id),
        kind text NOT NULL,
        description text NOT NULL DEFAULT '',
        value_fen bigint NOT NULL DEFAULT 0 CHECK (value_fen >= 0),
        created_at timestamptz NOT NULL DEFAULT now()
      )`);

    // --- hardship files --------------------------------------------------------------------
    await q.query(`CREATE SEQUENCE hardship_file_no_seq`);
    await q.query(`
      CREATE TABLE hardship_files (
        id uuid PRIMARY KEY,
        file_no text NOT NULL UNIQUE,
        workflow_id text NOT NULL UNIQUE,
        household_id uuid NOT NULL REFERENCES households(id),
        worker_id uuid NOT NULL REFERENCES workers(id),
        org_unit_id uuid NOT NULL REFERENCES org_units(id),
        status text NOT NULL CHECK (status IN ('investigating','pending_approval','returned','in_notice','active','rejected','withdrawn','closed')),
        causes text[] NOT NULL DEFAULT '{}',
        five_clears jsonb NOT NULL DEFAULT '{}'::jsonb,
        visit jsonb,
        investigator_id uuid REFERENCES users(id),
        caseworker_id uuid NOT NULL REFERENCES users(id),
        category text CHECK (category IN ('deep','relative','accident')),
        category_policy_version int REFERENCES policy_versions(version),
        category_inputs jsonb,
        category_reason text,
        notice_ends_at timestamptz,
        opened_at timestamptz NOT NULL DEFAULT now(),
        activated_at timestamptz,
        closed_at timestamptz,
        close_reason text,
        reopened_from uuid REFERENCES hardship_files(id),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    // one household, one open file (一户一档); one person, one open file
    await q.query(`CREATE UNIQUE INDEX hardship_files_one_open_per_household ON hardship_files (household_id)
                     WHERE status NOT IN ('rejected','withdrawn','closed')`);
    await q.query(`CREATE UNIQUE INDEX hardship_files_one_open_per_worker ON hardship_files (worker_id)
                     WHERE status NOT IN ('rejected','withdrawn','closed')`);
    await q.query(`CREATE INDEX hardship_files_status ON hardship_files (status, org_unit_id)`);
    await q.query(`
      CREATE TABLE help_measures (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        file_id uuid NOT NULL REFERENCES hardship_files(id),
        kind text NOT NULL CHECK (kind IN ('money','medical','tuition','training','job_referral','counselling','legal_aid','mutual_aid','housing','food','other')),
        description text NOT NULL,
        status text NOT NULL DEFAULT 'planned' CHECK (status IN ('planned','in_progress','done','dropped')),
        amount_fen bigint CHECK (amount_fen >= 0),
        created_by uuid REFERENCES users(id),
        created_at timestamptz NOT NULL DEFAULT now()
      )`);

    // --- aid cases: more of the application and its routing -------------------------------
    await q.query(`
      ALTER TABLE aid_cases
        ADD COLUMN file_id uuid REFERENCES hardship_files(id),
        ADD COLUMN applicant_kind text NOT NULL DEFAULT 'worker' CHECK (applicant_kind IN ('worker','relative')),
        ADD COLUMN applicant_name text,
        ADD COLUMN policy_version int REFERENCES policy_versions(version),
        ADD COLUMN stages jsonb NOT NULL DEFAULT '[]'::jsonb,
        ADD COLUMN eligibility jsonb,
        ADD COLUMN fund_source text,
        ADD COLUMN paid_at timestamptz,
        ADD COLUMN payment_reference text,
        ADD COLUMN follow_up jsonb`);
    await q.query(
      `CREATE INDEX aid_cases_household_program ON aid_cases (household_id, program_code, created_at)`,
    );
    // one open case per household and program, whatever races happen between two offices
    await q.query(`CREATE UNIQUE INDEX aid_cases_one_open_per_household_program ON aid_cases (household_id, program_code)
                     WHERE status IN ('submitted','pending_approval','returned','awaiting_funds','in_notice','awaiting_payment')`);

    // --- tasks: deadlines, claims, escalation, payload ----------------------------------------
    await q.query(`
      ALTER TABLE tasks
        ADD COLUMN payload jsonb NOT NULL DEFAULT '{}'::jsonb,
        ADD COLUMN reminded_at timestamptz,
        ADD COLUMN escalated_at timestamptz,
        ADD COLUMN escalation_level int NOT NULL DEFAULT 0,
        ADD COLUMN escalated_role text,
        ADD COLUMN claimed_at timestamptz,
        ADD COLUMN outcome jsonb`);
    await q.query(`CREATE INDEX tasks_due ON tasks (status, due_at)`);

    // --- fund sources, budgets, reservations, ledger ------------------------------------------
    await q.query(`
      CREATE TABLE fund_sources (
        code text PRIMARY KEY,
        name_zh text NOT NULL,
        name_en text NOT NULL,
        sort_order int NOT NULL DEFAULT 0
      )`);
    await q.query(`
      CREATE TABLE budgets (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        fund_source text NOT NULL REFERENCES fund_sources(code),
        program_code text NOT NULL REFERENCES programs(code),
        year int NOT NULL,
        UNIQUE (fund_source, program_code, year)
      )`);
    await q.query(`
      CREATE TABLE ledger_entries (
        id bigserial PRIMARY KEY,
        idempotency_key text NOT NULL UNIQUE,
        budget_id uuid NOT NULL REFERENCES budgets(id),
        kind text NOT NULL CHECK (kind IN ('allocation','reservation','release','payment')),
        amount_fen bigint NOT NULL,
        case_id uuid REFERENCES aid_cases(id),
        reference text,
        actor_id uuid REFERENCES users(id),
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX ledger_entries_budget ON ledger_entries (budget_id, kind)`);
    await q.query(`CREATE INDEX ledger_entries_case ON ledger_entries (case_id)`);

    // --- append-only audit log ----------------------------------------------------------------
    await q.query(`
      CREATE TABLE audit_log (
        id bigserial PRIMARY KEY,
        at timestamptz NOT NULL DEFAULT now(),
        actor_id uuid,
        actor_name text,
        action text NOT NULL,
        entity_type text NOT NULL,
        entity_id text NOT NULL,
        workflow_id text,
        before jsonb,
        after jsonb,
        details jsonb NOT NULL DEFAULT '{}'::jsonb
      )`);
    await q.query(`CREATE INDEX audit_log_entity ON audit_log (entity_type, entity_id, id)`);
    await q.query(`
      CREATE FUNCTION audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'audit_log is append-only: % is not allowed', TG_OP USING ERRCODE = 'insufficient_privilege';
      END $$`);
    await q.query(
      `CREATE TRIGGER audit_log_no_update BEFORE UPDATE OR DELETE ON audit_log FOR EACH ROW EXECUTE FUNCTION audit_log_append_only()`,
    );
    await q.query(
      `CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log FOR EACH STATEMENT EXECUTE FUNCTION audit_log_append_only()`,
    );
    await q.query(`REVOKE UPDATE, DELETE, TRUNCATE ON audit_log FROM PUBLIC`);
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(
      `DROP TABLE IF EXISTS audit_log, ledger_entries, budgets, fund_sources, help_measures CASCADE`,
    );
    await q.query(`DROP FUNCTION IF EXISTS audit_log_append_only()`);
    await q.query(
      `ALTER TABLE tasks DROP COLUMN payload, DROP COLUMN reminded_at, DROP COLUMN escalated_at, DROP COLUMN escalation_level, DROP COLUMN escalated_role, DROP COLUMN claimed_at, DROP COLUMN outcome`,
    );
    await q.query(
      `ALTER TABLE aid_cases DROP COLUMN file_id, DROP COLUMN applicant_kind, DROP COLUMN applicant_name, DROP COLUMN policy_version, DROP COLUMN stages, DROP COLUMN eligibility, DROP COLUMN fund_source, DROP COLUMN paid_at, DROP COLUMN payment_reference, DROP COLUMN follow_up`,
    );
    await q.query(
      `DROP TABLE IF EXISTS hardship_files, household_assets, household_expenses, household_incomes, household_members CASCADE`,
    );
    await q.query(`DROP SEQUENCE IF EXISTS hardship_file_no_seq`);
    await q.query(
      `ALTER TABLE households DROP COLUMN address, DROP COLUMN pairing_leader_id, DROP COLUMN caseworker_id`,
    );
    await q.query(
      `ALTER TABLE workers DROP COLUMN gender, DROP COLUMN national_id_enc, DROP COLUMN national_id_hash, DROP COLUMN health_enc, DROP COLUMN caseworker_id`,
    );
    await q.query(`DROP TABLE IF EXISTS calendar_days, policy_versions`);
  }
}
