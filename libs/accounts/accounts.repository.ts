import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import type { Grant } from '../domain/grants';
import type { LoginEvent, LoginOutcome } from '../domain/lockout';
import type { Role } from '../domain/roles';

/** A user account as the auth and user-admin code reads it. */
export interface AccountRecord {
  id: string;
  username: string;
  displayName: string;
  passwordHash: string;
  /** Roles for code that reads one scope (see libs/domain/grants.ts legacyRoles). */
  roles: Role[];
  orgUnitId: string;
  orgPath: string;
  orgUnitName: string;
  isDemo: boolean;
  active: boolean;
  mustChangePassword: boolean;
  authVersion: number;
  grants: Grant[];
  createdAt: Date;
  updatedAt: Date;
  disabledAt: Date | null;
  disabledReason: string | null;
}

export interface SessionRecord {
  sessionId: string;
  userId: string;
  expiresAt: Date;
  revokedAt: Date | null;
}

const ACCOUNT_SELECT = `
  SELECT u.id, u.username, u.display_name AS "displayName", u.password_hash AS "passwordHash",
         u.roles, u.org_unit_id AS "orgUnitId", o.path AS "orgPath", o.name_zh AS "orgUnitName",
         u.is_demo AS "isDemo", u.active, u.must_change_password AS "mustChangePassword",
         u.auth_version AS "authVersion", u.created_at AS "createdAt", u.updated_at AS "updatedAt",
         u.disabled_at AS "disabledAt", u.disabled_reason AS "disabledReason",
         COALESCE(
           (SELECT json_agg(json_build_object('role', g.role, 'orgUnitId', g.org_unit_id, 'orgPath', go.path)
                            ORDER BY go.path, g.role)
              FROM user_grants g JOIN org_units go ON go.id = g.org_unit_id WHERE g.user_id = u.id),
           -- accounts written without grants (older seeds): their roles at their unit
           (SELECT json_agg(json_build_object('role', r, 'orgUnitId', u.org_unit_id, 'orgPath', o.path))
              FROM unnest(u.roles) r)
         ) AS grants
    FROM users u JOIN org_units o ON o.id = u.org_unit_id`;

/**
 * Accounts, sessions, refresh tokens and the login log: SQL only (the auth and users services
 * decide; libs/domain/lockout.ts, grants.ts and password.ts hold the rules).
 */
@Injectable()
export class AccountsRepository {
  constructor(@InjectDataSource() private readonly ds: DataSource) {}

  async byUsername(username: string): Promise<AccountRecord | null> {
    const [row] = (await this.ds.query(`${ACCOUNT_SELECT} WHERE u.username = $1`, [
      username,
    ])) as AccountRecord[];
    return row ?? null;
  }

  async byId(id: string, em: EntityManager = this.ds.manager): Promise<AccountRecord | null> {
    const [row] = (await em.query(`${ACCOUNT_SELECT} WHERE u.id = $1`, [id])) as AccountRecord[];
    return row ?? null;
  }

  /** The account and the session a token names, in one read (per request, cached briefly by the guard). */
  async sessionAccount(
    userId: string,
    sessionId: string,
  ): Promise<{ account: AccountRecord; session: SessionRecord } | null> {
    const [row] = (await this.ds.query(
      `SELECT a.*, s.id AS "sessionId", s.expires_at AS "sessionExpiresAt", s.revoked_at AS "sessionRevokedAt"
         FROM (${ACCOUNT_SELECT} WHERE u.id = $1) a
         JOIN auth_sessions s ON s.user_id = a.id AND s.id = $2`,
      [userId, sessionId],
    )) as Array<AccountRecord & { sessionId: string; sessionExpiresAt: Date; sessionRevokedAt: Date | null }>;
    if (!row) return null;
    const { sessionId: sid, sessionExpiresAt, sessionRevokedAt, ...account } = row;
    return {
      account,
      session: { sessionId: sid, userId, expiresAt: sessionExpiresAt, revokedAt: sessionRevokedAt },
    };
  }

  async list(filter: {
    scopePaths: string[] | null;
    q?: string;
    orgUnitId?: string;
    afterUsername?: string;
    limit: number;
  }): Promise<AccountRecord[]> {
    const where: string[] = [];
    const params: unknown[] = [];
    const p = (v: unknown) => {
      params.push(v);
      return `$${params.length}`;
    };
    if (filter.scopePaths) {
      where.push(
        `(${filter.scopePaths.map((s) => `(o.path = ${p(s)} OR o.path LIKE ${p(`${s}.%`)})`).join(' OR ')})`,
      );
    }
    if (filter.q)
      where.push(`(u.username ILIKE ${p(`%${filter.q}%`)} OR u.display_name ILIKE $${params.length})`);
    if (filter.orgUnitId) where.push(`u.org_unit_id = ${p(filter.orgUnitId)}`);
    if (filter.afterUsername) where.push(`u.username > ${p(filter.afterUsername)}`);
    const sql = `${ACCOUNT_SELECT} ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
                 ORDER BY u.username LIMIT ${p(filter.limit)}`;
    return (await this.ds.query(sql, params)) as AccountRecord[];
  }

  async unitPath(orgUnitId: string): Promise<{ id: string; path: string; nameZh: string } | null> {
    const [row] = (await this.ds.query(`SELECT id, path, name_zh AS "nameZh" FROM org_units WHERE id = $1`, [
      orgUnitId,
    ])) as Array<{ id: string; path: string; nameZh: string }>;
    return row ?? null;
  }

  /** Org units in the given subtrees (null: all), tree order. */
  async units(
    scopePaths: string[] | null,
  ): Promise<Array<{ id: string; code: string; nameZh: string; nameEn: string; depth: number }>> {
    if (scopePaths && scopePaths.length === 0) return [];
    const params: unknown[] = [];
    const where = scopePaths
      ? `WHERE ${scopePaths
          .map((s) => {
            params.push(s, `${s}.%`);
            return `(path = $${params.length - 1} OR path LIKE $${params.length})`;
          })
          .join(' OR ')}`
      : '';
    return (await this.ds.query(
      `SELECT id, code, name_zh AS "nameZh", name_en AS "nameEn",
              (length(path) - length(replace(path, '.', '')))::int AS depth
         FROM org_units ${where} ORDER BY path`,
      params,
    )) as Array<{ id: string; code: string; nameZh: string; nameEn: string; depth: number }>;
  }

  async unitPaths(ids: string[]): Promise<Map<string, string>> {
    const rows = (await this.ds.query(`SELECT id, path FROM org_units WHERE id = ANY($1::uuid[])`, [
      ids,
    ])) as Array<{
      id: string;
      path: string;
    }>;
    return new Map(rows.map((r) => [r.id, r.path]));
  }

  async insertUser(
    em: EntityManager,
    u: {
      username: string;
      displayName: string;
      passwordHash: string;
      roles: Role[];
      orgUnitId: string;
      mustChangePassword: boolean;
      grants: Array<{ role: Role; orgUnitId: string }>;
    },
  ): Promise<string> {
    const [row] = (await em.query(
      `INSERT INTO users (username, display_name, password_hash, roles, org_unit_id, must_change_password, password_changed_at)
       VALUES ($1, $2, $3, $4, $5, $6, now()) RETURNING id`,
      [u.username, u.displayName, u.passwordHash, u.roles, u.orgUnitId, u.mustChangePassword],
    )) as Array<{ id: string }>;
    await this.replaceGrants(em, row!.id, u.grants);
    return row!.id;
  }

  async replaceGrants(
    em: EntityManager,
    userId: string,
    grants: Array<{ role: Role; orgUnitId: string }>,
  ): Promise<void> {
    await em.query(`DELETE FROM user_grants WHERE user_id = $1`, [userId]);
    for (const g of grants) {
      await em.query(
        `INSERT INTO user_grants (user_id, role, org_unit_id) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING`,
        [userId, g.role, g.orgUnitId],
      );
    }
  }

  /** Changes the account's columns and bumps its auth version (every session re-reads it). */
  async updateUser(
    em: EntityManager,
    id: string,
    set: Partial<{
      displayName: string;
      roles: Role[];
      orgUnitId: string;
      passwordHash: string;
      mustChangePassword: boolean;
      active: boolean;
      disabledReason: string | null;
    }>,
  ): Promise<void> {
    const cols: string[] = ['auth_version = auth_version + 1', 'updated_at = now()'];
    const params: unknown[] = [id];
    const add = (col: string, v: unknown) => {
      params.push(v);
      cols.push(`${col} = $${params.length}`);
    };
    if (set.displayName !== undefined) add('display_name', set.displayName);
    if (set.roles !== undefined) add('roles', set.roles);
    if (set.orgUnitId !== undefined) add('org_unit_id', set.orgUnitId);
    if (set.passwordHash !== undefined) {
      add('password_hash', set.passwordHash);
      cols.push('password_changed_at = now()');
    }
    if (set.mustChangePassword !== undefined) add('must_change_password', set.mustChangePassword);
    if (set.active !== undefined) {
      add('active', set.active);
      cols.push(set.active ? 'disabled_at = NULL' : 'disabled_at = now()');
    }
    if (set.disabledReason !== undefined) add('disabled_reason', set.disabledReason);
    await em.query(`UPDATE users SET ${cols.join(', ')} WHERE id = $1`, params);
  }

  // --- sessions and refresh tokens -----------------------------------------------------------

  async createSession(
    em: EntityManager,
    s: { userId: string; expiresAt: Date; clientIp: string; userAgent: string | null },
  ): Promise<string> {
    const [row] = (await em.query(
      `INSERT INTO auth_sessions (user_id, expires_at, client_ip, user_agent) VALUES ($1, $2, $3, $4) RETURNING id`,
      [s.userId, s.expiresAt, s.clientIp, s.userAgent],
    )) as Array<{ id: string }>;
    return row!.id;
  }

  async addRefreshToken(
    em: EntityManager,
    sessionId: string,
    tokenHash: string,
    expiresAt: Date,
  ): Promise<void> {
    await em.query(`INSERT INTO refresh_tokens (token_hash, session_id, expires_at) VALUES ($1, $2, $3)`, [
      tokenHash,
      sessionId,
      expiresAt,
    ]);
  }

  /**
   * Marks a refresh token used (once: a second use finds it used) and answers its session.
   * `firstUse` false means the token was presented again after rotation (a stolen copy).
   */
  async consumeRefreshToken(
    em: EntityManager,
    tokenHash: string,
  ): Promise<{
    sessionId: string;
    userId: string;
    firstUse: boolean;
    expired: boolean;
    revoked: boolean;
  } | null> {
    const [row] = (await em.query(
      `SELECT r.session_id AS "sessionId", s.user_id AS "userId", r.used_at IS NULL AS "firstUse",
              (r.expires_at <= now() OR s.expires_at <= now()) AS expired, s.revoked_at IS NOT NULL AS revoked
         FROM refresh_tokens r JOIN auth_sessions s ON s.id = r.session_id
        WHERE r.token_hash = $1 FOR UPDATE OF r`,
      [tokenHash],
    )) as Array<{ sessionId: string; userId: string; firstUse: boolean; expired: boolean; revoked: boolean }>;
    if (!row) return null;
    if (row.firstUse)
      await em.query(`UPDATE refresh_tokens SET used_at = now() WHERE token_hash = $1`, [tokenHash]);
    return row;
  }

  async revokeSession(em: EntityManager, sessionId: string, reason: string): Promise<boolean> {
    const rows = (await em.query(
      `UPDATE auth_sessions SET revoked_at = now(), revoked_reason = $2 WHERE id = $1 AND revoked_at IS NULL RETURNING id`,
      [sessionId, reason],
    )) as [unknown[], number];
    return rows[1] > 0;
  }

  /** Revokes every open session of a user (password change, disable, reset); answers how many. */
  async revokeUserSessions(em: EntityManager, userId: string, reason: string): Promise<number> {
    const rows = (await em.query(
      `UPDATE auth_sessions SET revoked_at = now(), revoked_reason = $2 WHERE user_id = $1 AND revoked_at IS NULL RETURNING id`,
      [userId, reason],
    )) as [unknown[], number];
    return rows[1];
  }

  // --- the login log -------------------------------------------------------------------------

  /** An account's login events in the last `minutes`, newest first (for libs/domain/lockout.ts). */
  async loginEvents(username: string, minutes: number): Promise<LoginEvent[]> {
    const rows = (await this.ds.query(
      `SELECT (extract(epoch FROM at) * 1000)::float8 AS at, outcome FROM login_attempts
        WHERE username = $1 AND at > now() - make_interval(mins => $2) ORDER BY at DESC, id DESC LIMIT 500`,
      [username, minutes],
    )) as Array<{ at: number; outcome: LoginOutcome }>;
    return rows;
  }

  async clientFailures(clientIp: string, minutes: number): Promise<number> {
    const [row] = (await this.ds.query(
      `SELECT count(*)::int AS n FROM login_attempts
        WHERE client_ip = $1 AND outcome = 'failure' AND at > now() - make_interval(mins => $2)`,
      [clientIp, minutes],
    )) as Array<{ n: number }>;
    return row!.n;
  }

  async recordAttempt(
    a: {
      username: string;
      userId: string | null;
      clientIp: string;
      outcome: LoginOutcome;
      actorId?: string | null;
    },
    em: EntityManager = this.ds.manager,
  ): Promise<void> {
    await em.query(
      `INSERT INTO login_attempts (username, user_id, client_ip, outcome, actor_id) VALUES ($1, $2, $3, $4, $5)`,
      [a.username, a.userId, a.clientIp, a.outcome, a.actorId ?? null],
    );
  }

  /** When the account is locked now, the lockout's time (for the user list), else null. */
  async lockedSince(userIds: string[], lockoutMinutes: number): Promise<Map<string, Date>> {
    if (userIds.length === 0) return new Map();
    const rows = (await this.ds.query(
      `SELECT DISTINCT ON (user_id) user_id AS "userId", outcome, at FROM login_attempts
        WHERE user_id = ANY($1::uuid[]) AND outcome IN ('success','lockout','unlock')
        ORDER BY user_id, at DESC, id DESC`,
      [userIds],
    )) as Array<{ userId: string; outcome: LoginOutcome; at: Date }>;
    const now = Date.now();
    return new Map(
      rows
        .filter((r) => r.outcome === 'lockout' && r.at.getTime() + lockoutMinutes * 60_000 > now)
        .map((r) => [r.userId, r.at]),
    );
  }

  transaction<T>(work: (em: EntityManager) => Promise<T>): Promise<T> {
    return this.ds.transaction(work);
  }
}
