import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * User accounts that a union can trust (issues 11 and 14): grants (one or more roles, each with an
 * org scope), forced password change, sessions with hashed, revocable refresh tokens, the login log
 * (rate limits and lockout read it), the account policy, and the org unit of each audit row (so an
 * auditor can filter by unit and sees only their scope).
 */
export class Accounts1765200000000 implements MigrationInterface {
  name = 'Accounts1765200000000';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE users
        ADD COLUMN must_change_password boolean NOT NULL DEFAULT false,
        ADD COLUMN auth_version int NOT NULL DEFAULT 1,
        ADD COLUMN password_changed_at timestamptz,
        ADD COLUMN disabled_at timestamptz,
        ADD COLUMN disabled_reason text,
        ADD COLUMN updated_at timestamptz NOT NULL DEFAULT now()`);
    await q.query(`
      CREATE TABLE user_grants (
        user_id uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
        role text NOT NULL,
        org_unit_id uuid NOT NULL REFERENCES org_units(id),
        created_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (user_id, role, org_unit_id)
      )`);
    await q.query(`
      INSERT INTO user_grants (user_id, role, org_unit_id)
      SELECT u.id, r, u.org_unit_id FROM users u, unnest(u.roles) r`);

    await q.query(`
      CREATE TABLE auth_sessions (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        user_id uuid NOT NULL REFERENCES users(id),
        created_at timestamptz NOT NULL DEFAULT now(),
        expires_at timestamptz NOT NULL,
        revoked_at timestamptz,
        revoked_reason text,
        client_ip text,
        user_agent text
      )`);
    await q.query(`CREATE INDEX auth_sessions_user ON auth_sessions (user_id) WHERE revoked_at IS NULL`);
    await q.query(`
      CREATE TABLE refresh_tokens (
        token_hash text PRIMARY KEY,
        session_id uuid NOT NULL REFERENCES auth_sessions(id),
        created_at timestamptz NOT NULL DEFAULT now(),
        expires_at timestamptz NOT NULL,
        used_at timestamptz
      )`);
    await q.query(`CREATE INDEX refresh_tokens_session ON refresh_tokens (session_id)`);

    await q.query(`
      CREATE TABLE login_attempts (
        id bigserial PRIMARY KEY,
        at timestamptz NOT NULL DEFAULT now(),
        username text NOT NULL,
        user_id uuid REFERENCES users(id),
        client_ip text NOT NULL,
        outcome text NOT NULL CHECK (outcome IN ('success','failure','locked','lockout','unlock','rate_limited')),
        actor_id uuid REFERENCES users(id)
      )`);
    await q.query(`CREATE INDEX login_attempts_username ON login_attempts (username, at DESC)`);
    await q.query(
      `CREATE INDEX login_attempts_client ON login_attempts (client_ip, at DESC) WHERE outcome = 'failure'`,
    );

    // the account policy: every version gets the defaults (editable like every other figure)
    await q.query(`UPDATE policy_versions SET data = data || $1::jsonb WHERE NOT (data ? 'accounts')`, [
      JSON.stringify({
        accounts: {
          passwordMinLength: 10,
          maxFailuresPerAccount: 5,
          failureWindowMinutes: 15,
          lockoutMinutes: 30,
          maxFailuresPerClient: 30,
          clientWindowMinutes: 15,
        },
      }),
    ]);

    // the org unit of an audit row, derived at insert from its subject (null: federation-wide rows)
    await q.query(`ALTER TABLE audit_log ADD COLUMN org_path text`);
    await q.query(`
      CREATE FUNCTION audit_log_org_path(etype text, eid text) RETURNS text LANGUAGE plpgsql STABLE AS $$
      DECLARE k uuid;
      BEGIN
        IF eid !~* '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$' THEN RETURN NULL; END IF;
        k := eid::uuid;
        RETURN CASE etype
          WHEN 'aid_case' THEN (SELECT o.path FROM aid_cases x JOIN org_units o ON o.id = x.org_unit_id WHERE x.id = k)
          WHEN 'hardship_file' THEN (SELECT o.path FROM hardship_files x JOIN org_units o ON o.id = x.org_unit_id WHERE x.id = k)
          WHEN 'loan' THEN (SELECT o.path FROM loans x JOIN org_units o ON o.id = x.org_unit_id WHERE x.id = k)
          WHEN 'worker' THEN (SELECT o.path FROM workers x JOIN org_units o ON o.id = x.org_unit_id WHERE x.id = k)
          WHEN 'household' THEN (SELECT o.path FROM households x JOIN org_units o ON o.id = x.org_unit_id WHERE x.id = k)
          WHEN 'household_member' THEN (SELECT o.path FROM household_members m JOIN households x ON x.id = m.household_id
                                          JOIN org_units o ON o.id = x.org_unit_id WHERE m.id = k)
          WHEN 'early_warning' THEN (SELECT o.path FROM early_warning_events e JOIN workers x ON x.id = e.worker_id
                                       JOIN org_units o ON o.id = x.org_unit_id WHERE e.id = k)
          WHEN 'task' THEN (SELECT o.path FROM tasks x JOIN org_units o ON o.id = x.org_unit_id WHERE x.id = k)
          WHEN 'user' THEN (SELECT o.path FROM users x JOIN org_units o ON o.id = x.org_unit_id WHERE x.id = k)
          WHEN 'org_unit' THEN (SELECT o.path FROM org_units o WHERE o.id = k)
          ELSE NULL END;
      END $$`);
    await q.query(`
      CREATE FUNCTION audit_log_fill_org_path() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF NEW.org_path IS NULL THEN NEW.org_path := audit_log_org_path(NEW.entity_type, NEW.entity_id); END IF;
        RETURN NEW;
      END $$`);
    await q.query(
      `CREATE TRIGGER audit_log_org_path BEFORE INSERT ON audit_log FOR EACH ROW EXECUTE FUNCTION audit_log_fill_org_path()`,
    );
    // rows written before this migration get their unit once: the only change ever made to old
    // rows, to a derived column, with the append-only trigger suspended for this statement only
    await q.query(`ALTER TABLE audit_log DISABLE TRIGGER audit_log_no_update`);
    await q.query(`UPDATE audit_log SET org_path = audit_log_org_path(entity_type, entity_id)`);
    await q.query(`ALTER TABLE audit_log ENABLE TRIGGER audit_log_no_update`);
    await q.query(`CREATE INDEX audit_log_org_path ON audit_log (org_path text_pattern_ops, id)`);
    await q.query(`CREATE INDEX audit_log_action ON audit_log (action, id)`);
    await q.query(`CREATE INDEX audit_log_actor ON audit_log (actor_id, id)`);
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TRIGGER IF EXISTS audit_log_org_path ON audit_log`);
    await q.query(`DROP FUNCTION IF EXISTS audit_log_fill_org_path()`);
    await q.query(`DROP FUNCTION IF EXISTS audit_log_org_path(text, text)`);
    await q.query(`DROP INDEX IF EXISTS audit_log_org_path, audit_log_action, audit_log_actor`);
    await q.query(`ALTER TABLE audit_log DROP COLUMN org_path`);
    await q.query(`UPDATE policy_versions SET data = data - 'accounts'`);
    await q.query(`DROP TABLE IF EXISTS login_attempts, refresh_tokens, auth_sessions, user_grants`);
    await q.query(`
      ALTER TABLE users DROP COLUMN must_change_password, DROP COLUMN auth_version,
        DROP COLUMN password_changed_at, DROP COLUMN disabled_at, DROP COLUMN disabled_reason,
        DROP COLUMN updated_at`);
  }
}
