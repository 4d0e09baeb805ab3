import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Policy gains reservationExpiryDays; versions published before it get the default (60 days). */
export class ReservationExpiry1764057600000 implements MigrationInterface {
  name = 'ReservationExpiry1764057600000';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(
      `UPDATE policy_versions SET data = data || '{"reservationExpiryDays": 60}'::jsonb WHERE NOT (data ? 'reservationExpiryDays')`,
    );
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`UPDATE policy_versions SET data = data - 'reservationExpiryDays'`);
  }
}
