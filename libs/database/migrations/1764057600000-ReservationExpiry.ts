import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Policy gains reservationExpiryDays; versions published before it get the default (60 days).
 * The foundation's case_events table is gone: the append-only audit log is every subject's timeline.
 */
export class ReservationExpiry1764057600000 implements MigrationInterface {
  name = 'ReservationExpiry1764057600000';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(
      `UPDATE policy_versions SET data = data || '{"reservationExpiryDays": 60}'::jsonb WHERE NOT (data ? 'reservationExpiryDays')`,
    );
    await q.query(`DROP TABLE IF EXISTS case_events`);
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`UPDATE policy_versions SET data = data - 'reservationExpiryDays'`);
    await q.query(`
      CREATE TABLE case_events (
        id bigserial PRIMARY KEY,
        case_id uuid NOT NULL REFERENCES aid_cases(id),
        type text NOT NULL,
        actor_id uuid REFERENCES users(id),
        actor_name text,
        data jsonb NOT NULL DEFAULT '{}'::jsonb,
        idempotency_key text NOT NULL UNIQUE,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
  }
}
