import type { MigrationInterface, QueryRunner } from 'typeorm';
import { DEFAULT_CAMPAIGN_POLICY, DEFAULT_TUITION_POLICY } from '../../domain/campaign-policy';

/**
 * Holiday campaigns (节日送温暖) and 金秋助学:
 * - campaigns: one row per campaign (`campaign:<code>`), its plan (occasion, period, deadline,
 *   categories, standards per category, fund source, budget) and the read model of its status and
 *   closing report; campaign_quotas (households per org unit) and campaign_nominations (members a
 *   unit names: hospitalised, front-line workers…);
 * - campaign_recipients: the distribution list, built from the files in one INSERT … SELECT, one row
 *   per household (unique campaign + household);
 * - campaign_deliveries: at most one delivery per household and campaign (unique), with the ledger
 *   entry's key when cash was given (ledger_entries.campaign_id links the campaign's entries);
 * - campaign_reminders: one row per (campaign, days before the deadline, unit) reminded;
 * - tuition_applications: the 金秋助学 details of an aid case of the tuition program (the child as a
 *   household member, school level and school, school year, amount by level); at most one live
 *   application per child and school year (unique while not voided: a rejected, withdrawn or
 *   expired case voids it);
 * - policy gains `campaign` and `tuition` (defaults added to every published version).
 */
export class Campaigns1765800000000 implements MigrationInterface {
  name = 'Campaigns1765800000000';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`UPDATE policy_versions SET data = data || $1::jsonb WHERE NOT (data ? 'campaign')`, [
      JSON.stringify({ campaign: DEFAULT_CAMPAIGN_POLICY }),
    ]);
    await q.query(`UPDATE policy_versions SET data = data || $1::jsonb WHERE NOT (data ? 'tuition')`, [
      JSON.stringify({ tuition: DEFAULT_TUITION_POLICY }),
    ]);
    await q.query(`
      CREATE TABLE campaigns (
        id uuid PRIMARY KEY,
        code text NOT NULL UNIQUE,
        workflow_id text NOT NULL UNIQUE,
        occasion text NOT NULL,
        name text NOT NULL,
        org_unit_id uuid NOT NULL REFERENCES org_units(id),
        period_start date NOT NULL,
        period_end date NOT NULL,
        delivery_deadline date NOT NULL,
        categories text[] NOT NULL,
        standards jsonb NOT NULL,
        program_code text NOT NULL REFERENCES programs(code),
        fund_source text NOT NULL REFERENCES fund_sources(code),
        budget_fen bigint NOT NULL CHECK (budget_fen > 0),
        year int NOT NULL,
        status text NOT NULL CHECK (status IN ('planned','pending_approval','awaiting_funds','delivering','escalated','closed','rejected','withdrawn')),
        policy_version int NOT NULL,
        created_by uuid NOT NULL REFERENCES users(id),
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        list_built_at timestamptz,
        households int,
        closed_at timestamptz,
        report jsonb,
        CHECK (period_end >= period_start AND delivery_deadline BETWEEN period_start AND period_end)
      )`);
    await q.query(`
      CREATE TABLE campaign_quotas (
        campaign_id uuid NOT NULL REFERENCES campaigns(id),
        org_unit_id uuid NOT NULL REFERENCES org_units(id),
        max_households int NOT NULL CHECK (max_households >= 0),
        PRIMARY KEY (campaign_id, org_unit_id)
      )`);
    await q.query(`
      CREATE TABLE campaign_nominations (
        campaign_id uuid NOT NULL REFERENCES campaigns(id),
        worker_id uuid NOT NULL REFERENCES workers(id),
        reason text NOT NULL,
        nominated_by uuid NOT NULL REFERENCES users(id),
        created_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (campaign_id, worker_id)
      )`);
    await q.query(`
      CREATE TABLE campaign_recipients (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        campaign_id uuid NOT NULL REFERENCES campaigns(id),
        household_id uuid NOT NULL REFERENCES households(id),
        worker_id uuid NOT NULL REFERENCES workers(id),
        unit_id uuid NOT NULL REFERENCES org_units(id),
        unit_path text NOT NULL,
        category text NOT NULL CHECK (category IN ('deep','relative','accident','named')),
        cash_fen bigint NOT NULL CHECK (cash_fen >= 0),
        goods text,
        status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending','delivered','undelivered')),
        undelivered_reason text,
        escalated_at timestamptz,
        -- the statement that listed the household (the list is built by one statement)
        listed_at timestamptz NOT NULL DEFAULT statement_timestamp(),
        CONSTRAINT campaign_recipients_one_per_household UNIQUE (campaign_id, household_id)
      )`);
    await q.query(
      `CREATE INDEX campaign_recipients_unit ON campaign_recipients (campaign_id, unit_id, status)`,
    );
    await q.query(`
      CREATE TABLE campaign_deliveries (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        campaign_id uuid NOT NULL REFERENCES campaigns(id),
        recipient_id uuid NOT NULL UNIQUE REFERENCES campaign_recipients(id),
        household_id uuid NOT NULL REFERENCES households(id),
        delivered_on date NOT NULL,
        cash_fen bigint NOT NULL CHECK (cash_fen >= 0),
        goods text,
        visitors text NOT NULL,
        attachment_id uuid REFERENCES attachments(id),
        ledger_key text UNIQUE,
        delivered_by uuid NOT NULL REFERENCES users(id),
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT campaign_deliveries_one_per_household UNIQUE (campaign_id, household_id),
        CHECK (cash_fen > 0 OR goods IS NOT NULL)
      )`);
    await q.query(`
      CREATE TABLE campaign_reminders (
        campaign_id uuid NOT NULL REFERENCES campaigns(id),
        days_before int NOT NULL,
        unit_id uuid NOT NULL REFERENCES org_units(id),
        pending int NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (campaign_id, days_before, unit_id)
      )`);
    await q.query(`ALTER TABLE ledger_entries ADD COLUMN campaign_id uuid REFERENCES campaigns(id)`);
    await q.query(
      `CREATE INDEX ledger_entries_campaign ON ledger_entries (campaign_id) WHERE campaign_id IS NOT NULL`,
    );
    await q.query(`ALTER TABLE attachments DROP CONSTRAINT attachments_subject_type_check`);
    await q.query(
      `ALTER TABLE attachments ADD CONSTRAINT attachments_subject_type_check CHECK (subject_type IN ('hardship_file','aid_case','loan','campaign_recipient'))`,
    );
    await q.query(`
      CREATE TABLE tuition_applications (
        id uuid PRIMARY KEY,
        case_id uuid UNIQUE REFERENCES aid_cases(id),
        worker_id uuid NOT NULL REFERENCES workers(id),
        household_member_id uuid NOT NULL REFERENCES household_members(id),
        school_year text NOT NULL CHECK (school_year ~ '^[0-9]{4}-[0-9]{4}$'),
        level text NOT NULL,
        school text NOT NULL CHECK (length(school) BETWEEN 1 AND 200),
        amount_fen bigint NOT NULL CHECK (amount_fen > 0),
        policy_version int NOT NULL,
        created_by uuid NOT NULL REFERENCES users(id),
        voided boolean NOT NULL DEFAULT false,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(
      `CREATE UNIQUE INDEX tuition_applications_once_per_child_year ON tuition_applications (household_member_id, school_year) WHERE NOT voided`,
    );
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE tuition_applications`);
    await q.query(`ALTER TABLE attachments DROP CONSTRAINT attachments_subject_type_check`);
    await q.query(
      `ALTER TABLE attachments ADD CONSTRAINT attachments_subject_type_check CHECK (subject_type IN ('hardship_file','aid_case','loan'))`,
    );
    await q.query(`ALTER TABLE ledger_entries DROP COLUMN campaign_id`);
    for (const t of [
      'campaign_reminders',
      'campaign_deliveries',
      'campaign_recipients',
      'campaign_nominations',
      'campaign_quotas',
      'campaigns',
    ])
      await q.query(`DROP TABLE ${t}`);
    await q.query(`UPDATE policy_versions SET data = data - 'campaign' - 'tuition'`);
  }
}
