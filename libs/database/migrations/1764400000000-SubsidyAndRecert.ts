import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Dynamic management of active files (issue 6, items 5–7):
 * - subsidy_payments: one row per file and quarter of the regular subsidy (定期补助), paid,
 *   suspended (re-check overdue, or no budget) or skipped; the ledger entry's key is
 *   `subsidy:<fileId>:<YYYYQn>` (unique, so a quarter is paid once whatever retries happen);
 * - recertifications: the annual re-certification (年度复核) rounds of each file and their outcome;
 * - ledger_entries.file_id: payments not tied to an aid case name the file they were made for;
 * - early_warning_events: when and by whom the outreach was done, who closed it;
 * - policy sections subsidy, recertification and earlyWarning, defaulted on every version.
 */
export class SubsidyAndRecert1764400000000 implements MigrationInterface {
  name = 'SubsidyAndRecert1764400000000';

  public async up(q: QueryRunner): Promise<void> {
    // the defaults of libs/domain/lifecycle-policy.ts as they were when this migration was written
    for (const [key, value] of [
      [
        'subsidy',
        {
          programCode: 'regular_subsidy',
          fundSource: null,
          amounts: [{ category: 'deep', amountFenPerQuarter: 30_000 }],
        },
      ],
      ['recertification', { mode: 'fixed_quarter', quarter: 4, dueWorkingDays: 10 }],
      ['earlyWarning', { outreachDueWorkingDays: 3, dueWorkingDaysByKind: {} }],
    ] as const) {
      await q.query(
        `UPDATE policy_versions SET data = data || jsonb_build_object($1::text, $2::jsonb) WHERE NOT (data ? $1::text)`,
        [key, JSON.stringify(value)],
      );
    }
    await q.query(`ALTER TABLE ledger_entries ADD COLUMN file_id uuid REFERENCES hardship_files(id)`);
    await q.query(`CREATE INDEX ledger_entries_file ON ledger_entries (file_id) WHERE file_id IS NOT NULL`);
    await q.query(`
      CREATE TABLE subsidy_payments (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        file_id uuid NOT NULL REFERENCES hardship_files(id),
        quarter text NOT NULL CHECK (quarter ~ '^[0-9]{4}Q[1-4]$'),
        status text NOT NULL CHECK (status IN ('paid','suspended','skipped')),
        reason text CHECK (reason IN ('recheck_overdue','budget_insufficient','category_not_eligible','file_not_active')),
        amount_fen bigint NOT NULL CHECK (amount_fen >= 0),
        category text,
        policy_version int REFERENCES policy_versions(version),
        program_code text NOT NULL,
        fund_source text,
        ledger_key text UNIQUE,
        workflow_id text NOT NULL,
        suspended_at timestamptz,
        paid_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        UNIQUE (file_id, quarter),
        CHECK (status <> 'paid' OR (paid_at IS NOT NULL AND ledger_key IS NOT NULL))
      )`);
    await q.query(`CREATE INDEX subsidy_payments_quarter ON subsidy_payments (quarter, status)`);
    await q.query(`
      CREATE TABLE recertifications (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        file_id uuid NOT NULL REFERENCES hardship_files(id),
        due_on date NOT NULL,
        status text NOT NULL DEFAULT 'open' CHECK (status IN ('open','recertified','not_recertified','cancelled')),
        task_id uuid REFERENCES tasks(id),
        policy_version int REFERENCES policy_versions(version),
        mode text NOT NULL,
        decided_by uuid REFERENCES users(id),
        comment text,
        workflow_id text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        completed_at timestamptz,
        UNIQUE (file_id, due_on)
      )`);
    // which per-file workflows were started (the daily sweep starts only the missing ones)
    await q.query(`
      CREATE TABLE file_lifecycle_workflows (
        file_id uuid NOT NULL REFERENCES hardship_files(id),
        kind text NOT NULL CHECK (kind IN ('subsidy','recertification')),
        workflow_id text NOT NULL UNIQUE,
        started_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (file_id, kind)
      )`);
    await q.query(`
      ALTER TABLE early_warning_events
        ADD COLUMN outreach_done_at timestamptz,
        ADD COLUMN outreach_by uuid REFERENCES users(id),
        ADD COLUMN closed_by uuid REFERENCES users(id)`);
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(
      `ALTER TABLE early_warning_events DROP COLUMN outreach_done_at, DROP COLUMN outreach_by, DROP COLUMN closed_by`,
    );
    await q.query(`DROP TABLE file_lifecycle_workflows`);
    await q.query(`DROP TABLE recertifications`);
    await q.query(`DROP TABLE subsidy_payments`);
    await q.query(`ALTER TABLE ledger_entries DROP COLUMN file_id`);
    await q.query(`UPDATE policy_versions SET data = data - 'subsidy' - 'recertification' - 'earlyWarning'`);
  }
}
