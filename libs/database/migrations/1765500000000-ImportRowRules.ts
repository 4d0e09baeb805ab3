import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Payroll-import rows say why they were refused as a rule of the error catalog
 * (libs/domain/error-rules.ts) with its params, so the console words the reason in the user's
 * language; `reason` stays the English text for logs and API clients. Older rows keep reason only.
 */
export class ImportRowRules1765500000000 implements MigrationInterface {
  name = 'ImportRowRules1765500000000';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE repayment_import_rows ADD COLUMN reason_field text, ADD COLUMN reason_rule text,
      ADD COLUMN reason_params jsonb`);
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE repayment_import_rows DROP COLUMN reason_field, DROP COLUMN reason_rule,
      DROP COLUMN reason_params`);
  }
}
