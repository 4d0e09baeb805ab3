import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Attachments (附件): scanned documents — income certificates, medical records, visit photos — attached to a
 * hardship file, an aid case or a loan. The content is encrypted at rest with the PII cipher (they hold
 * health details); listing never reads it. One row per subject and content: uploading the same bytes to
 * the same subject again returns the existing row (unique subject_type, subject_id, sha256).
 */
export class Attachments1764500000000 implements MigrationInterface {
  name = 'Attachments1764500000000';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE attachments (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        subject_type text NOT NULL CHECK (subject_type IN ('hardship_file','aid_case','loan')),
        subject_id uuid NOT NULL,
        file_name text NOT NULL CHECK (length(file_name) BETWEEN 1 AND 255),
        content_type text NOT NULL,
        size_bytes integer NOT NULL CHECK (size_bytes > 0),
        sha256 text NOT NULL CHECK (sha256 ~ '^[0-9a-f]{64}$'),
        content_enc bytea NOT NULL,
        uploaded_by uuid NOT NULL REFERENCES users(id),
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT attachments_subject_content UNIQUE (subject_type, subject_id, sha256)
      )`);
    await q.query(`CREATE INDEX attachments_subject ON attachments (subject_type, subject_id, created_at)`);
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE attachments`);
  }
}
