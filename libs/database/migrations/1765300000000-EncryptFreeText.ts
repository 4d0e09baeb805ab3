import { MigrationInterface, QueryRunner } from 'typeorm';
import { piiCipherFromEnv } from '../../security/pii-provider';

/**
 * Free text that caseworkers fill with health details ("妻子脑梗住院") is encrypted at rest like
 * national ID numbers (libs/security/pii.ts, PII_ENCRYPTION_KEY): an aid case's reason and a loan's
 * purpose move to bytea columns, existing rows encrypted here, the plaintext columns dropped; a
 * hardship file's home-visit notes become `visit.notesEnc` (base64 ciphertext) inside its JSON.
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
    // a file's home visit: its notes move into the JSON as notesEnc (base64 ciphertext)
    const visits = (await q.query(
      `SELECT id, visit->>'notes' AS notes FROM hardship_files WHERE visit ? 'notes'`,
    )) as Array<{ id: string; notes: string }>;
    for (const v of visits) {
      await q.query(
        `UPDATE hardship_files SET visit = (visit - 'notes') || jsonb_build_object('notesEnc', $2::text) WHERE id = $1`,
        [v.id, pii.encrypt(v.notes).toString('base64')],
      );
    }
  }

  async down(q: QueryRunner): Promise<void> {
    const pii = piiCipherFromEnv(process.env);
    const visits = (await q.query(
      `SELECT id, visit->>'notesEnc' AS enc FROM hardship_files WHERE visit ? 'notesEnc'`,
    )) as Array<{ id: string; enc: string }>;
    for (const v of visits) {
      await q.query(
        `UPDATE hardship_files SET visit = (visit - 'notesEnc') || jsonb_build_object('notes', $2::text) WHERE id = $1`,
        [v.id, pii.decrypt(Buffer.from(v.enc, 'base64'))],
      );
    }
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
