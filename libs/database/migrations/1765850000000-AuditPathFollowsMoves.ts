import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The audit log stays append-only, except for its one derived column: `org_path` (the org unit an
 * audit row belongs to, which scopes what an auditor reads) follows a unit when the org tree moves
 * it, in the same transaction as the units' and tasks' paths (libs/org/org.repository.ts). Without
 * it, after a move the auditor of the new parent could not read the unit's earlier history and the
 * old parent's auditor still could. Every other column, DELETE and TRUNCATE stay refused.
 */
export class AuditPathFollowsMoves1765850000000 implements MigrationInterface {
  name = 'AuditPathFollowsMoves1765850000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE OR REPLACE FUNCTION audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP = 'UPDATE' THEN
          IF (to_jsonb(NEW) - 'org_path') = (to_jsonb(OLD) - 'org_path') THEN
            RETURN NEW;
          END IF;
        END IF;
        RAISE EXCEPTION 'audit_log is append-only: % is not allowed', TG_OP USING ERRCODE = 'insufficient_privilege';
      END $$`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE OR REPLACE FUNCTION audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'audit_log is append-only: % is not allowed', TG_OP USING ERRCODE = 'insufficient_privilege';
      END $$`);
  }
}
