import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The loan defaults of this migration (a snapshot: later changes to the code's defaults do not alter it). */
const LOAN_DEFAULTS = {
  minAmountFen: 50000,
  maxAmountFen: 2000000,
  minTermMonths: 1,
  maxTermMonths: 24,
  instalmentFrequency: 'monthly',
  graceDays: 3,
  reminderOffsetsDays: [7, 1],
  overdueLadder: [
    { afterDays: 1, action: 'notice', role: null },
    { afterDays: 15, action: 'visit', role: 'caseworker' },
    { afterDays: 30, action: 'escalate', role: 'union_chair' },
    { afterDays: 90, action: 'default', role: null },
  ],
  chronicWindowMonths: 24,
  chronicOverrideRole: 'union_chair',
  routing: [
    { upToFen: 500000, stages: ['grassroots', 'union'] },
    { upToFen: null, stages: ['grassroots', 'union', 'leader'] },
  ],
  rescheduleStages: ['union'],
  writeOffStages: ['union', 'leader'],
};

/**
 * Interest-free aid loans (无息借款): loans and their versioned instalment schedules, loan kinds in
 * the fund ledger (disbursement, repayment, write-off; the ledger is what was paid), collection
 * pauses, repayment imports with per-row outcomes, and the notifications outbox.
 */
export class Loans1764200000000 implements MigrationInterface {
  name = 'Loans1764200000000';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(
      `UPDATE policy_versions SET data = data || jsonb_build_object('loan', $1::jsonb) WHERE NOT (data ? 'loan')`,
      [JSON.stringify(LOAN_DEFAULTS)],
    );
    // The loan fund is a budget line like a program (inactive: it is not an aid-case program).
    await q.query(
      `INSERT INTO programs (code, name_zh, name_en, min_amount_fen, max_amount_fen, active, sort_order)
       VALUES ('loan_fund', '无息借款周转金', 'Interest-free loan fund', 0, 0, false, 1000) ON CONFLICT (code) DO NOTHING`,
    );
    await q.query(`ALTER TABLE workers ADD COLUMN phone text`);
    await q.query(`ALTER TABLE users ADD COLUMN email text`);

    await q.query(`CREATE SEQUENCE loan_no_seq`);
    await q.query(`
      CREATE TABLE loans (
        id uuid PRIMARY KEY,
        loan_no text NOT NULL UNIQUE,
        workflow_id text NOT NULL UNIQUE,
        worker_id uuid NOT NULL REFERENCES workers(id),
        household_id uuid REFERENCES households(id),
        org_unit_id uuid NOT NULL REFERENCES org_units(id),
        amount_fen bigint NOT NULL CHECK (amount_fen > 0),
        term_months int NOT NULL CHECK (term_months > 0),
        purpose text NOT NULL,
        status text NOT NULL CHECK (status IN ('pending_approval','awaiting_funds','awaiting_disbursement','active','overdue','defaulted','repaid','written_off','rejected')),
        policy_version int REFERENCES policy_versions(version),
        stages jsonb NOT NULL DEFAULT '[]'::jsonb,
        created_by uuid NOT NULL REFERENCES users(id),
        override_by uuid REFERENCES users(id),
        override_reason text,
        override_blocking_loan_id uuid,
        budget_id uuid REFERENCES budgets(id),
        fund_source text,
        disbursed_on date,
        disbursement_reference text,
        schedule_version int NOT NULL DEFAULT 0,
        -- what the ledger says was repaid / written off, kept in the same transaction as each entry
        -- (the reconciliation report checks it against the ledger)
        repaid_fen bigint NOT NULL DEFAULT 0 CHECK (repaid_fen >= 0),
        written_off_fen bigint NOT NULL DEFAULT 0 CHECK (written_off_fen >= 0),
        defaulted_on date,
        written_off_on date,
        repaid_on date,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        closed_at timestamptz,
        CHECK (repaid_fen + written_off_fen <= amount_fen)
      )`);
    await q.query(`CREATE INDEX loans_worker ON loans (worker_id)`);
    await q.query(`CREATE INDEX loans_created ON loans (created_at DESC, id DESC)`);
    await q.query(
      `CREATE INDEX loans_outstanding ON loans (org_unit_id) INCLUDE (amount_fen, repaid_fen, written_off_fen, schedule_version)
        WHERE status IN ('active','overdue','defaulted')`,
    );
    await q.query(`
      CREATE TABLE loan_instalments (
        loan_id uuid NOT NULL REFERENCES loans(id),
        version int NOT NULL,
        seq int NOT NULL,
        due_date date NOT NULL,
        amount_fen bigint NOT NULL CHECK (amount_fen > 0),
        -- repaid total at which this instalment is fully paid (payments apply oldest first)
        cum_due_fen bigint NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (loan_id, version, seq)
      )`);
    // the oldest unpaid instalment of a loan in one index seek: cum_due_fen > repaid, lowest first
    await q.query(
      `CREATE UNIQUE INDEX loan_instalments_unpaid ON loan_instalments (loan_id, version, cum_due_fen) INCLUDE (due_date)`,
    );
    await q.query(`
      CREATE TABLE loan_schedule_versions (
        loan_id uuid NOT NULL REFERENCES loans(id),
        version int NOT NULL,
        reason text NOT NULL,
        term_months int NOT NULL,
        principal_fen bigint NOT NULL,
        start_date date NOT NULL,
        repaid_before_fen bigint NOT NULL DEFAULT 0,
        approved_by uuid REFERENCES users(id),
        request_key text NOT NULL UNIQUE,
        created_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (loan_id, version)
      )`);

    // --- the ledger learns loans ----------------------------------------------------------------
    await q.query(`ALTER TABLE ledger_entries DROP CONSTRAINT ledger_entries_kind_check`);
    await q.query(`ALTER TABLE ledger_entries ADD CONSTRAINT ledger_entries_kind_check CHECK (kind IN
      ('allocation','reservation','release','payment','loan_disbursement','loan_repayment','loan_write_off'))`);
    await q.query(
      `ALTER TABLE ledger_entries ADD COLUMN loan_id uuid REFERENCES loans(id), ADD COLUMN paid_on date`,
    );
    await q.query(
      `CREATE INDEX ledger_entries_loan ON ledger_entries (loan_id, kind) WHERE loan_id IS NOT NULL`,
    );
    // one repayment per loan and reference, whatever key it came with
    await q.query(
      `CREATE UNIQUE INDEX ledger_entries_loan_reference ON ledger_entries (loan_id, reference) WHERE kind = 'loan_repayment'`,
    );

    await q.query(`
      CREATE TABLE loan_collection_pauses (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        loan_id uuid NOT NULL REFERENCES loans(id),
        reason text NOT NULL CHECK (reason IN ('hospitalisation','aid_case')),
        source_id uuid,
        started_at timestamptz NOT NULL,
        ended_at timestamptz,
        idempotency_key text NOT NULL UNIQUE
      )`);
    await q.query(`CREATE INDEX loan_collection_pauses_loan ON loan_collection_pauses (loan_id, started_at)`);
    await q.query(
      `CREATE UNIQUE INDEX loan_collection_pauses_one_open ON loan_collection_pauses (loan_id) WHERE ended_at IS NULL`,
    );

    await q.query(`
      CREATE TABLE repayment_imports (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        file_name text NOT NULL,
        format text NOT NULL CHECK (format IN ('csv','xlsx')),
        status text NOT NULL CHECK (status IN ('running','done','failed')),
        total_rows int NOT NULL DEFAULT 0,
        processed_rows int NOT NULL DEFAULT 0,
        accepted int NOT NULL DEFAULT 0,
        duplicate int NOT NULL DEFAULT 0,
        rejected int NOT NULL DEFAULT 0,
        error text,
        created_by uuid NOT NULL REFERENCES users(id),
        org_unit_id uuid NOT NULL REFERENCES org_units(id),
        created_at timestamptz NOT NULL DEFAULT now(),
        finished_at timestamptz
      )`);
    await q.query(`
      CREATE TABLE repayment_import_rows (
        import_id uuid NOT NULL REFERENCES repayment_imports(id),
        row_no int NOT NULL,
        employee_no text,
        loan_no text,
        amount_fen bigint,
        paid_on date,
        reference text,
        outcome text NOT NULL CHECK (outcome IN ('accepted','duplicate','rejected')),
        reason text,
        ledger_entry_id bigint REFERENCES ledger_entries(id),
        PRIMARY KEY (import_id, row_no)
      )`);

    await q.query(`
      CREATE TABLE notifications (
        id bigserial PRIMARY KEY,
        idempotency_key text NOT NULL UNIQUE,
        channel text NOT NULL CHECK (channel IN ('log','email','sms')),
        recipient_kind text NOT NULL CHECK (recipient_kind IN ('worker','user')),
        recipient_id uuid NOT NULL,
        template text NOT NULL,
        subject text NOT NULL,
        body text NOT NULL,
        loan_id uuid REFERENCES loans(id),
        status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending','sent','failed')),
        attempts int NOT NULL DEFAULT 0,
        next_attempt_at timestamptz NOT NULL DEFAULT now(),
        last_error text,
        created_at timestamptz NOT NULL DEFAULT now(),
        sent_at timestamptz
      )`);
    await q.query(
      `CREATE INDEX notifications_due ON notifications (next_attempt_at) WHERE status = 'pending'`,
    );
    await q.query(`CREATE INDEX notifications_loan ON notifications (loan_id) WHERE loan_id IS NOT NULL`);
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(
      `DROP TABLE IF EXISTS notifications, repayment_import_rows, repayment_imports, loan_collection_pauses`,
    );
    await q.query(`DROP INDEX IF EXISTS ledger_entries_loan_reference`);
    await q.query(`DELETE FROM ledger_entries WHERE loan_id IS NOT NULL`);
    await q.query(`ALTER TABLE ledger_entries DROP COLUMN loan_id, DROP COLUMN paid_on`);
    await q.query(`ALTER TABLE ledger_entries DROP CONSTRAINT ledger_entries_kind_check`);
    await q.query(
      `ALTER TABLE ledger_entries ADD CONSTRAINT ledger_entries_kind_check CHECK (kind IN ('allocation','reservation','release','payment'))`,
    );
    await q.query(`DROP TABLE IF EXISTS loan_schedule_versions, loan_instalments, loans`);
    await q.query(`DROP SEQUENCE IF EXISTS loan_no_seq`);
    await q.query(`ALTER TABLE users DROP COLUMN email`);
    await q.query(`ALTER TABLE workers DROP COLUMN phone`);
    await q.query(`UPDATE policy_versions SET data = data - 'loan'`);
  }
}
