import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Payroll-import rows say why they were refused as a rule of the error catalog
 * (libs/domain/error-rules.ts) with its params, so the console words the reason in the user's
 * language; `reason` stays the English text for logs and API clients. Older rows keep reason only.
 *
 * Early-warning events get a human number (EW-2026-000001) like files (HF-), cases (AC-) and loans
 * (LN-), so the inbox names every subject by number: set at insert by the column default (China
 * year, own sequence), existing rows backfilled in creation order.
 */
export class ConsoleNumbersAndRules1765500000000 implements MigrationInterface {
  name = 'ConsoleNumbersAndRules1765500000000';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE repayment_import_rows ADD COLUMN reason_field text, ADD COLUMN reason_rule text,
      ADD COLUMN reason_params jsonb`);
    await q.query(`CREATE SEQUENCE early_warning_no_seq`);
    await q.query(`ALTER TABLE early_warning_events ADD COLUMN event_no text UNIQUE`);
    await q.query(`WITH o AS (SELECT id, created_at, row_number() OVER (ORDER BY created_at, id) AS n FROM early_warning_events)
                   UPDATE early_warning_events e
                      SET event_no = 'EW-' || to_char(o.created_at AT TIME ZONE 'Asia/Shanghai', 'YYYY') || '-' || lpad(o.n::text, 6, '0')
                     FROM o WHERE o.id = e.id`);
    await q.query(`SELECT setval('early_warning_no_seq', GREATEST((SELECT count(*) FROM early_warning_events), 1),
                                 (SELECT count(*) > 0 FROM early_warning_events))`);
    await q.query(`ALTER TABLE early_warning_events ALTER COLUMN event_no SET DEFAULT
                     'EW-' || to_char(now() AT TIME ZONE 'Asia/Shanghai', 'YYYY') || '-' || lpad(nextval('early_warning_no_seq')::text, 6, '0'),
                   ALTER COLUMN event_no SET NOT NULL`);
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE early_warning_events DROP COLUMN event_no`);
    await q.query(`DROP SEQUENCE IF EXISTS early_warning_no_seq`);
    await q.query(`ALTER TABLE repayment_import_rows DROP COLUMN reason_field, DROP COLUMN reason_rule,
      DROP COLUMN reason_params`);
  }
}
