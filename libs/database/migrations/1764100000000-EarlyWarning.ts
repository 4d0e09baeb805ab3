import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Early-warning events (预警事件): hospitalisation, injury, a death in the family, lay-off or a
 * disaster reported for a worker, with or without a hardship file. An open event opens an outreach
 * task for the caseworker (issue 6) and pauses loan collection while it is open (issue 4).
 * The note may hold health details, so it is stored encrypted like other sensitive fields.
 */
export class EarlyWarning1764100000000 implements MigrationInterface {
  name = 'EarlyWarning1764100000000';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE early_warning_events (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        worker_id uuid NOT NULL REFERENCES workers(id),
        kind text NOT NULL CHECK (kind IN ('hospitalisation', 'injury', 'family_death', 'layoff', 'disaster')),
        occurred_on date NOT NULL,
        note_enc bytea,
        status text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'closed')),
        reported_by uuid REFERENCES users(id),
        outreach_task_id uuid REFERENCES tasks(id),
        workflow_id text UNIQUE,
        idempotency_key text UNIQUE,
        created_at timestamptz NOT NULL DEFAULT now(),
        closed_at timestamptz,
        close_note text
      )`);
    await q.query(
      `CREATE INDEX early_warning_events_open_by_worker ON early_warning_events (worker_id) WHERE status = 'open'`,
    );
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE early_warning_events`);
  }
}
