import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A union can run on it (issue 11: org tree, members, households):
 * - org units gain the township / industry union levels and can be deactivated (never deleted);
 * - workers gain an employment status (active, left, retired): open work stays, new applications are refused;
 * - household members can be removed (kept, marked) and carry disability details (encrypted);
 *   the household size (households.member_count) is derived from the workers and the members
 *   (libs/domain/household-size.ts), never typed;
 * - household incomes and expenses are append-only: a mistake is corrected by a reversing entry with a
 *   reason (reverses_id, one reversal per entry), the sums use the net;
 * - a hardship file can carry the caseworker's evidence note (why there are no members or no income).
 */
export class MembersAndOrgTree1765600000000 implements MigrationInterface {
  name = 'MembersAndOrgTree1765600000000';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE org_units DROP CONSTRAINT IF EXISTS org_units_kind_check`);
    await q.query(`
      ALTER TABLE org_units
        ADD CONSTRAINT org_units_kind_check CHECK (kind IN ('county_federation','township_union','industry_union',
                                                            'enterprise_union','grassroots_unit','team')),
        ADD COLUMN active boolean NOT NULL DEFAULT true,
        ADD COLUMN deactivated_at timestamptz,
        ADD COLUMN updated_at timestamptz NOT NULL DEFAULT now()`);
    await q.query(`CREATE INDEX org_units_parent ON org_units (parent_id)`);
    // one root: the county federation
    await q.query(`CREATE UNIQUE INDEX org_units_one_root ON org_units ((true)) WHERE parent_id IS NULL`);

    await q.query(`
      ALTER TABLE workers
        ADD COLUMN employment_status text NOT NULL DEFAULT 'active' CHECK (employment_status IN ('active','left','retired')),
        ADD COLUMN status_changed_at timestamptz,
        ADD COLUMN status_reason text,
        ADD COLUMN updated_at timestamptz NOT NULL DEFAULT now()`);
    await q.query(`CREATE INDEX workers_household ON workers (household_id)`);

    await q.query(`CREATE SEQUENCE household_code_seq`);
    await q.query(`
      ALTER TABLE household_members
        ADD COLUMN disability_enc bytea,
        ADD COLUMN removed_at timestamptz,
        ADD COLUMN removed_by uuid REFERENCES users(id),
        ADD COLUMN removal_reason text,
        ADD COLUMN updated_at timestamptz NOT NULL DEFAULT now()`);

    for (const t of ['household_incomes', 'household_expenses']) {
      await q.query(`ALTER TABLE ${t} DROP CONSTRAINT IF EXISTS ${t}_amount_fen_check`);
      await q.query(`
        ALTER TABLE ${t}
          ADD COLUMN reverses_id uuid UNIQUE REFERENCES ${t}(id),
          ADD COLUMN reason text,
          ADD CONSTRAINT ${t}_amount_fen_check CHECK (amount_fen >= 0 OR reverses_id IS NOT NULL),
          ADD CONSTRAINT ${t}_reversal_reason CHECK (reverses_id IS NULL OR length(btrim(reason)) > 0)`);
    }
    await q.query(`ALTER TABLE household_expenses ADD COLUMN recorded_by uuid REFERENCES users(id)`);
    // several entries per month and source (a correction is a reversal and a new entry), never an edit in place
    await q.query(
      `ALTER TABLE household_incomes DROP CONSTRAINT IF EXISTS household_incomes_household_id_month_source_key`,
    );
    await q.query(
      `CREATE INDEX household_incomes_household_month ON household_incomes (household_id, month)`,
    );
    // entries are never edited or deleted: a correction is a reversing entry
    await q.query(`
      CREATE FUNCTION household_entries_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION '% is append-only: correct an entry with a reversing entry', TG_TABLE_NAME
          USING ERRCODE = 'restrict_violation';
      END $$`);
    for (const t of ['household_incomes', 'household_expenses']) {
      await q.query(`CREATE TRIGGER ${t}_append_only BEFORE UPDATE OR DELETE ON ${t}
                       FOR EACH ROW EXECUTE FUNCTION household_entries_append_only()`);
    }

    await q.query(`ALTER TABLE hardship_files ADD COLUMN evidence_note text`);
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE hardship_files DROP COLUMN evidence_note`);
    for (const t of ['household_incomes', 'household_expenses']) {
      await q.query(`DROP TRIGGER IF EXISTS ${t}_append_only ON ${t}`);
    }
    await q.query(`DROP FUNCTION IF EXISTS household_entries_append_only()`);
    await q.query(`DROP INDEX IF EXISTS household_incomes_household_month`);
    await q.query(`DELETE FROM household_incomes WHERE reverses_id IS NOT NULL`);
    await q.query(`DELETE FROM household_expenses WHERE reverses_id IS NOT NULL`);
    await q.query(`ALTER TABLE household_expenses DROP COLUMN recorded_by`);
    for (const t of ['household_incomes', 'household_expenses']) {
      await q.query(`ALTER TABLE ${t} DROP CONSTRAINT ${t}_reversal_reason, DROP CONSTRAINT ${t}_amount_fen_check,
                       DROP COLUMN reason, DROP COLUMN reverses_id`);
      await q.query(`ALTER TABLE ${t} ADD CONSTRAINT ${t}_amount_fen_check CHECK (amount_fen >= 0)`);
    }
    await q.query(`ALTER TABLE household_members DROP COLUMN disability_enc, DROP COLUMN removed_at,
                     DROP COLUMN removed_by, DROP COLUMN removal_reason, DROP COLUMN updated_at`);
    await q.query(`DROP SEQUENCE IF EXISTS household_code_seq`);
    await q.query(`DROP INDEX IF EXISTS workers_household`);
    await q.query(`ALTER TABLE workers DROP COLUMN employment_status, DROP COLUMN status_changed_at,
                     DROP COLUMN status_reason, DROP COLUMN updated_at`);
    await q.query(`DROP INDEX IF EXISTS org_units_one_root`);
    await q.query(`DROP INDEX IF EXISTS org_units_parent`);
    await q.query(`ALTER TABLE org_units DROP CONSTRAINT org_units_kind_check,
                     DROP COLUMN active, DROP COLUMN deactivated_at, DROP COLUMN updated_at`);
    await q.query(`ALTER TABLE org_units ADD CONSTRAINT org_units_kind_check
                     CHECK (kind IN ('county_federation','enterprise_union','grassroots_unit','team'))`);
  }
}
