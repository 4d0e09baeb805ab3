import type { MigrationInterface, QueryRunner } from 'typeorm';
import { DEFAULT_PAIRING_POLICY } from '../../domain/pairing-policy';

/**
 * Pairing (结对帮扶):
 * - pairings: a leader (user account) paired with a household from a start date to an optional end
 *   date; ended early by `ended_at`. One live pairing per (household, leader). Each pairing has its
 *   workflow `pairing:<id>` (reminders and escalation of missed visits);
 * - pairing_visits: the leader's visit logs (date, form, what was found and help given — free text,
 *   encrypted at rest like the other free text);
 * - the single `households.pairing_leader_id` becomes a pairing per household (start: the day the
 *   household was recorded) and the column goes: four-eyes reads the active pairings;
 * - tasks may have `pairing` as subject (the due-visit item of the leader, the escalation task);
 * - policy gains `pairing` (defaults added to every published version).
 */
export class Pairing1765900000000 implements MigrationInterface {
  name = 'Pairing1765900000000';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`UPDATE policy_versions SET data = data || $1::jsonb WHERE NOT (data ? 'pairing')`, [
      JSON.stringify({ pairing: DEFAULT_PAIRING_POLICY }),
    ]);
    await q.query(`
      CREATE TABLE pairings (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        household_id uuid NOT NULL REFERENCES households(id),
        leader_id uuid NOT NULL REFERENCES users(id),
        start_date date NOT NULL,
        end_date date,
        workflow_id text GENERATED ALWAYS AS ('pairing:' || id::text) STORED,
        created_by uuid REFERENCES users(id),
        created_at timestamptz NOT NULL DEFAULT now(),
        ended_at timestamptz,
        ended_by uuid REFERENCES users(id),
        end_reason text,
        CHECK (end_date IS NULL OR end_date >= start_date)
      )`);
    await q.query(
      `CREATE UNIQUE INDEX pairings_one_live_per_leader ON pairings (household_id, leader_id) WHERE ended_at IS NULL`,
    );
    await q.query(`CREATE INDEX pairings_leader ON pairings (leader_id) WHERE ended_at IS NULL`);
    await q.query(`
      CREATE TABLE pairing_visits (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        pairing_id uuid NOT NULL REFERENCES pairings(id),
        household_id uuid NOT NULL REFERENCES households(id),
        visited_on date NOT NULL,
        form text NOT NULL CHECK (form IN ('home','phone','hospital')),
        findings_enc bytea NOT NULL,
        help_enc bytea,
        logged_by uuid NOT NULL REFERENCES users(id),
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX pairing_visits_pairing ON pairing_visits (pairing_id, visited_on DESC)`);
    await q.query(`
      INSERT INTO pairings (household_id, leader_id, start_date)
      SELECT h.id, h.pairing_leader_id, (h.created_at AT TIME ZONE 'Asia/Shanghai')::date
        FROM households h WHERE h.pairing_leader_id IS NOT NULL`);
    await q.query(`ALTER TABLE households DROP COLUMN pairing_leader_id`);
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE households ADD COLUMN pairing_leader_id uuid REFERENCES users(id)`);
    await q.query(`
      UPDATE households h SET pairing_leader_id = (
        SELECT p.leader_id FROM pairings p WHERE p.household_id = h.id AND p.ended_at IS NULL
         ORDER BY p.created_at LIMIT 1)`);
    await q.query(`DROP TABLE pairing_visits`);
    await q.query(`DROP TABLE pairings`);
    await q.query(`UPDATE policy_versions SET data = data - 'pairing'`);
  }
}
