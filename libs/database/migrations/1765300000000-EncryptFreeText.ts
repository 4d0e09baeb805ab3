import { MigrationInterface, QueryRunner } from 'typeorm';
import { piiCipherFromEnv } from '../../security/pii-provider';

/**
 * Free text that caseworkers fill with health details ("妻子脑梗住院") is encrypted at rest like
 * national ID numbers (libs/security/pii.ts, PII_ENCRYPTION_KEY): an aid case's reason and a loan's
 * purpose move to bytea columns, existing rows encrypted here, the plaintext columns dropped.
 */
const COLUMNS = [
  { table: 'aid_cases', plain: 'reason', enc: 'reason_enc' },
  { table: 'loans', plain: 'purpose', enc: 'purpose_enc' },
] as const;

export class EncryptFreeText1765300000000 implements MigrationInterface {
  name = 'EncryptFreeText1765300000000';

  async up(q: QueryRunner): Promise<void> {
    const pii = piiCipherFromEnv(process.env);
    for (const c of COLUMNS) {
      await q.query(`ALTER TABLE ${c.table} ADD COLUMN ${c.enc} bytea`);
      const rows = (await q.query(`SELECT id, ${c.plain} AS text FROM ${c.table}`)) as Array<{
        id: string;
        text: string;
      }>;
      for (const r of rows) {
        await q.query(`UPDATE ${c.table} SET ${c.enc} = $2 WHERE id = $1`, [r.id, pii.encrypt(r.text)]);
      }
      await q.query(`ALTER TABLE ${c.table} ALTER COLUMN ${c.enc} SET NOT NULL`);
      await q.query(`ALTER TABLE ${c.table} DROP COLUMN ${c.plain}`);
    }
  }

  async down(q: QueryRunner): Promise<void> {
    const pii = piiCipherFromEnv(process.env);
    for (const c of COLUMNS) {
      await q.query(`ALTER TABLE ${c.table} ADD COLUMN ${c.plain} text`);
      const rows = (await q.query(`SELECT id, ${c.enc} AS enc FROM ${c.table}`)) as Array<{
        id: string;
        enc: Buffer;
      }>;
      for (const r of rows) {
        await q.query(`UPDATE ${c.table} SET ${c.plain} = $2 WHERE id = $1`, [r.id, pii.decrypt(r.enc)]);
      }
      await q.query(`ALTER TABLE ${c.table} ALTER COLUMN ${c.plain} SET NOT NULL`);
      await q.query(`ALTER TABLE ${c.table} DROP COLUMN ${c.enc}`);
    }
  }
}
