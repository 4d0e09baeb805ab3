import * as bcrypt from 'bcryptjs';
import type { DataSource } from 'typeorm';
import type { PolicyData } from '../domain/policy-types';
import { passwordProblems } from '../domain/password';

export interface FirstAdminInput {
  username: string;
  displayName: string;
  password: string;
  /** Code of the org unit the admin belongs to; default: the only top-level unit. */
  orgUnitCode?: string;
  /** When the database has no org unit yet: the top-level unit to create (e.g. 某某县总工会). */
  rootName?: string;
  rootCode?: string;
}

export type FirstAdminResult =
  | { ok: true; userId: string; orgUnitId: string; createdRoot: boolean }
  | { ok: false; reason: 'admin_exists' | 'password' | 'org_unit' | 'username'; message: string };

/**
 * Creates the first administrator of a production database (`npm run admin:create`), once: when
 * any real (non-demo) account already holds the admin role it refuses. The account must change
 * its password at first login. Audited as `user.first_admin`.
 */
export async function createFirstAdmin(
  ds: DataSource,
  input: FirstAdminInput,
  bcryptCost = 10,
): Promise<FirstAdminResult> {
  return ds.transaction(async (em) => {
    // one at a time, even if two operators run it at once
    await em.query(`SELECT pg_advisory_xact_lock(hashtext('bangfu:admin:create'))`);
    const [existing] = (await em.query(
      `SELECT u.username FROM users u
        WHERE NOT u.is_demo AND ('admin' = ANY(u.roles) OR EXISTS (SELECT 1 FROM user_grants g WHERE g.user_id = u.id AND g.role = 'admin'))
        ORDER BY u.created_at LIMIT 1`,
    )) as Array<{ username: string }>;
    if (existing) {
      return {
        ok: false,
        reason: 'admin_exists',
        message: `an administrator exists already (${existing.username}): admin:create runs once; that administrator creates further accounts in the console (用户管理) or with POST /api/users`,
      };
    }
    if (!/^[a-z0-9][a-z0-9._-]{2,49}$/.test(input.username)) {
      return { ok: false, reason: 'username', message: 'username: 3–50 lower-case letters, digits, . _ -' };
    }
    const [taken] = (await em.query(`SELECT 1 FROM users WHERE username = $1`, [
      input.username,
    ])) as unknown[];
    if (taken) return { ok: false, reason: 'username', message: `the username ${input.username} is taken` };
    const [policy] = (await em.query(
      `SELECT data FROM policy_versions WHERE effective_from <= now() ORDER BY version DESC LIMIT 1`,
    )) as Array<{ data: PolicyData }>;
    const problems = passwordProblems(input.password, policy!.data.accounts, { username: input.username });
    if (problems.length)
      return { ok: false, reason: 'password', message: problems.map((p) => p.message).join('; ') };

    let unit: { id: string } | undefined;
    let createdRoot = false;
    if (input.orgUnitCode) {
      [unit] = (await em.query(`SELECT id FROM org_units WHERE code = $1`, [input.orgUnitCode])) as Array<{
        id: string;
      }>;
      if (!unit)
        return { ok: false, reason: 'org_unit', message: `no org unit with code ${input.orgUnitCode}` };
    } else {
      const roots = (await em.query(`SELECT id FROM org_units WHERE parent_id IS NULL`)) as Array<{
        id: string;
      }>;
      if (roots.length === 1) unit = roots[0];
      else if (roots.length > 1)
        return {
          ok: false,
          reason: 'org_unit',
          message: 'several top-level org units: name one with --org-unit <code>',
        };
      else if (!input.rootName)
        return {
          ok: false,
          reason: 'org_unit',
          message: 'no org unit exists yet: give --root-name "某某县总工会"',
        };
      else {
        [unit] = (await em.query(
          `WITH n AS (SELECT gen_random_uuid() AS id)
           INSERT INTO org_units (id, code, name_zh, name_en, kind, path)
           SELECT id, $1, $2, $2, 'county_federation', id::text FROM n RETURNING id`,
          [input.rootCode ?? 'ROOT', input.rootName],
        )) as Array<{ id: string }>;
        createdRoot = true;
      }
    }
    const hash = await bcrypt.hash(input.password, bcryptCost);
    const [user] = (await em.query(
      `INSERT INTO users (username, display_name, password_hash, roles, org_unit_id, must_change_password, password_changed_at)
       VALUES ($1, $2, $3, ARRAY['admin'], $4, true, now()) RETURNING id`,
      [input.username, input.displayName, hash, unit!.id],
    )) as Array<{ id: string }>;
    await em.query(`INSERT INTO user_grants (user_id, role, org_unit_id) VALUES ($1, 'admin', $2)`, [
      user!.id,
      unit!.id,
    ]);
    await em.query(
      `INSERT INTO audit_log (actor_id, actor_name, action, entity_type, entity_id, after)
       VALUES (NULL, 'admin:create', 'user.first_admin', 'user', $1, $2)`,
      [
        user!.id,
        JSON.stringify({
          username: input.username,
          displayName: input.displayName,
          orgUnitId: unit!.id,
          createdRoot,
        }),
      ],
    );
    return { ok: true, userId: user!.id, orgUnitId: unit!.id, createdRoot };
  });
}
