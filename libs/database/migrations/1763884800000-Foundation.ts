import type { MigrationInterface, QueryRunner } from 'typeorm';

export class Foundation1763884800000 implements MigrationInterface {
  name = 'Foundation1763884800000';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE org_units (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        code text NOT NULL UNIQUE,
        name_zh text NOT NULL,
        name_en text NOT NULL,
        kind text NOT NULL CHECK (kind IN ('county_federation','enterprise_union','grassroots_unit','team')),
        parent_id uuid REFERENCES org_units(id),
        path text NOT NULL UNIQUE,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX org_units_path_prefix ON org_units (path text_pattern_ops)`);
    await q.query(`
      CREATE TABLE users (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        username text NOT NULL UNIQUE,
        display_name text NOT NULL,
        password_hash text NOT NULL,
        roles text[] NOT NULL CHECK (cardinality(roles) > 0),
        org_unit_id uuid NOT NULL REFERENCES org_units(id),
        is_demo boolean NOT NULL DEFAULT false,
        active boolean NOT NULL DEFAULT true,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`
      CREATE TABLE households (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        code text NOT NULL UNIQUE,
        org_unit_id uuid NOT NULL REFERENCES org_units(id),
        locality_code text NOT NULL,
        member_count int NOT NULL CHECK (member_count > 0),
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`
      CREATE TABLE workers (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        employee_no text NOT NULL UNIQUE,
        name text NOT NULL,
        org_unit_id uuid NOT NULL REFERENCES org_units(id),
        household_id uuid REFERENCES households(id),
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`
      CREATE TABLE programs (
        code text PRIMARY KEY,
        name_zh text NOT NULL,
        name_en text NOT NULL,
        min_amount_fen bigint NOT NULL CHECK (min_amount_fen >= 0),
        max_amount_fen bigint NOT NULL,
        active boolean NOT NULL DEFAULT true,
        sort_order int NOT NULL DEFAULT 0,
        CHECK (max_amount_fen >= min_amount_fen)
      )`);
    await q.query(`CREATE SEQUENCE aid_case_no_seq`);
    await q.query(`
      CREATE TABLE aid_cases (
        id uuid PRIMARY KEY,
        case_no text NOT NULL UNIQUE,
        workflow_id text NOT NULL UNIQUE,
        worker_id uuid NOT NULL REFERENCES workers(id),
        household_id uuid REFERENCES households(id),
        org_unit_id uuid NOT NULL REFERENCES org_units(id),
        program_code text NOT NULL REFERENCES programs(code),
        amount_fen bigint NOT NULL CHECK (amount_fen > 0),
        reason text NOT NULL,
        status text NOT NULL,
        created_by uuid NOT NULL REFERENCES users(id),
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        closed_at timestamptz
      )`);
    await q.query(`CREATE INDEX aid_cases_created ON aid_cases (created_at DESC, id DESC)`);
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
    await q.query(`CREATE INDEX case_events_case ON case_events (case_id, id)`);
    await q.query(`
      CREATE TABLE tasks (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        idempotency_key text NOT NULL UNIQUE,
        type text NOT NULL,
        subject_type text NOT NULL,
        subject_id uuid NOT NULL,
        workflow_id text NOT NULL,
        stage text NOT NULL,
        candidate_role text NOT NULL,
        org_unit_id uuid NOT NULL REFERENCES org_units(id),
        org_path text NOT NULL,
        assignee_id uuid REFERENCES users(id),
        due_at timestamptz,
        status text NOT NULL CHECK (status IN ('open','completed','cancelled')),
        decision text,
        comment text,
        actor_id uuid REFERENCES users(id),
        created_at timestamptz NOT NULL DEFAULT now(),
        completed_at timestamptz
      )`);
    await q.query(
      `CREATE INDEX tasks_open_scope ON tasks (status, candidate_role, org_path text_pattern_ops)`,
    );
    await q.query(`CREATE INDEX tasks_subject ON tasks (subject_type, subject_id)`);
    await q.query(`
      CREATE TABLE app_meta (
        key text PRIMARY KEY,
        value jsonb NOT NULL,
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
  }

  public async down(q: QueryRunner): Promise<void> {
    for (const t of [
      'app_meta',
      'tasks',
      'case_events',
      'aid_cases',
      'programs',
      'workers',
      'households',
      'users',
      'org_units',
    ]) {
      await q.query(`DROP TABLE IF EXISTS ${t}`);
    }
    await q.query(`DROP SEQUENCE IF EXISTS aid_case_no_seq`);
  }
}
