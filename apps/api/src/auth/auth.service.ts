import { Inject, Injectable, OnModuleInit } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import * as bcrypt from 'bcryptjs';
import { createHash, randomBytes } from 'node:crypto';
import { AccountRecord, AccountsRepository } from '../../../../libs/accounts/accounts.repository';
import { AuditRepository } from '../../../../libs/audit/audit.repository';
import { APP_CONFIG } from '../../../../libs/config/config.module';
import type { AppConfig } from '../../../../libs/config/env';
import type { AccountPolicy } from '../../../../libs/domain/account-policy';
import { legacyRoles } from '../../../../libs/domain/grants';
import {
  accountLockState,
  clientLimited,
  failureLocksAccount,
  mustWait,
} from '../../../../libs/domain/lockout';
import { passwordProblems } from '../../../../libs/domain/password';
import { ROLE_LABELS } from '../../../../libs/domain/roles';
import { PolicyRepository } from '../../../../libs/policy/policy.repository';
import { AppException } from '../common/errors';
import type { AuthUser } from './auth.decorators';
import { AuthExceptions } from './auth.exceptions';

/** Cost of every password hash (the dummy one too, so unknown users take as long). */
export const BCRYPT_COST = 10;

export interface SessionUser extends AuthUser {
  orgUnitName: string;
  roleLabels: string[];
}

export interface LoginResult {
  accessToken: string;
  /** Seconds until the access token expires. */
  expiresIn: number;
  refreshToken: string;
  user: SessionUser;
}

/** Access-token claims: who and which session; everything else is read from the database. */
interface AccessClaims {
  sub: string;
  sid: string;
  username: string;
}

export interface ClientInfo {
  ip: string;
  userAgent: string | null;
}

/** A refusal that carries a Retry-After for the controller to send. */
export class RetryAfter extends Error {
  constructor(
    readonly seconds: number,
    readonly refusal: AppException,
  ) {
    super(refusal.message);
  }
}

const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');
const seconds = (ttl: string) =>
  Number(ttl.slice(0, -1)) * { s: 1, m: 60, h: 3600 }[ttl.slice(-1) as 's' | 'm' | 'h'];

@Injectable()
export class AuthService implements OnModuleInit {
  private dummyHash = '';
  /** sessionId → what was read of the session and its user, and when */
  private readonly cache = new Map<string, { at: number; user: AuthUser | { ended: string } }>();

  constructor(
    private readonly accounts: AccountsRepository,
    private readonly audit: AuditRepository,
    private readonly policy: PolicyRepository,
    private readonly jwt: JwtService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async onModuleInit(): Promise<void> {
    this.dummyHash = await bcrypt.hash(randomBytes(16).toString('hex'), BCRYPT_COST);
  }

  async accountPolicy(): Promise<AccountPolicy> {
    return (await this.policy.current()).data.accounts;
  }

  // --- login ---------------------------------------------------------------------------------

  async login(username: string, password: string, client: ClientInfo): Promise<LoginResult> {
    const policy = await this.accountPolicy();
    const clientFailures = await this.accounts.clientFailures(client.ip, policy.clientWindowMinutes);
    if (clientLimited(clientFailures, policy)) {
      await this.accounts.recordAttempt({
        username,
        userId: null,
        clientIp: client.ip,
        outcome: 'rate_limited',
      });
      const s = policy.clientWindowMinutes * 60;
      throw new RetryAfter(s, AuthExceptions.clientLimited(s));
    }
    const now = Date.now();
    const events = await this.accounts.loginEvents(
      username,
      Math.max(policy.failureWindowMinutes, policy.lockoutMinutes),
    );
    const lock = accountLockState(events, policy, now);
    const user = await this.accounts.byUsername(username);
    if (mustWait(lock, policy)) {
      const until = lock.until ?? now + policy.lockoutMinutes * 60_000;
      await this.accounts.transaction(async (em) => {
        await this.accounts.recordAttempt(
          {
            username,
            userId: user?.id ?? null,
            clientIp: client.ip,
            outcome: lock.locked ? 'locked' : 'lockout',
          },
          em,
        );
        if (!lock.locked) {
          await this.audit.append(
            {
              actorId: null,
              actorName: username,
              action: 'auth.lockout',
              entityType: 'user',
              entityId: user?.id ?? username,
              details: {
                username,
                clientIp: client.ip,
                failures: lock.failures,
                lockoutMinutes: policy.lockoutMinutes,
              },
            },
            em,
          );
        }
      });
      const s = Math.max(1, Math.ceil((until - now) / 1000));
      throw new RetryAfter(s, AuthExceptions.accountLocked(s));
    }
    // the same bcrypt work whether or not the user exists (no user enumeration by timing)
    const matches = await bcrypt.compare(password, user?.passwordHash ?? this.dummyHash);
    if (!user || !matches || !user.active) {
      const locks = failureLocksAccount(lock, policy);
      await this.accounts.transaction(async (em) => {
        await this.accounts.recordAttempt(
          { username, userId: user?.id ?? null, clientIp: client.ip, outcome: 'failure' },
          em,
        );
        await this.audit.append(
          {
            actorId: null,
            actorName: username,
            action: 'auth.login_failed',
            entityType: 'user',
            entityId: user?.id ?? username,
            details: {
              username,
              clientIp: client.ip,
              known: !!user,
              reason: !user ? 'unknown_user' : !matches ? 'password' : 'disabled',
            },
          },
          em,
        );
        if (locks) {
          await this.accounts.recordAttempt(
            { username, userId: user?.id ?? null, clientIp: client.ip, outcome: 'lockout' },
            em,
          );
          await this.audit.append(
            {
              actorId: null,
              actorName: username,
              action: 'auth.lockout',
              entityType: 'user',
              entityId: user?.id ?? username,
              details: {
                username,
                clientIp: client.ip,
                failures: lock.failures + 1,
                lockoutMinutes: policy.lockoutMinutes,
              },
            },
            em,
          );
        }
      });
      throw AuthExceptions.credentials();
    }
    if (user.isDemo && this.config.NODE_ENV === 'production') throw AuthExceptions.demoAccount();
    return this.accounts.transaction(async (em) => {
      await this.accounts.recordAttempt(
        { username, userId: user.id, clientIp: client.ip, outcome: 'success' },
        em,
      );
      await this.audit.append(
        {
          actorId: user.id,
          action: 'auth.login',
          entityType: 'user',
          entityId: user.id,
          details: { clientIp: client.ip, userAgent: client.userAgent },
        },
        em,
      );
      return this.openSession(em, user, client);
    });
  }

  private async openSession(
    em: Parameters<Parameters<AccountsRepository['transaction']>[0]>[0],
    user: AccountRecord,
    client: ClientInfo,
  ): Promise<LoginResult> {
    const expiresAt = new Date(Date.now() + this.config.REFRESH_TOKEN_HOURS * 3600_000);
    const sessionId = await this.accounts.createSession(em, {
      userId: user.id,
      expiresAt,
      clientIp: client.ip,
      userAgent: client.userAgent,
    });
    return this.tokensFor(em, user, sessionId, expiresAt);
  }

  private async tokensFor(
    em: Parameters<Parameters<AccountsRepository['transaction']>[0]>[0],
    user: AccountRecord,
    sessionId: string,
    sessionExpiresAt: Date,
  ): Promise<LoginResult> {
    const refreshToken = randomBytes(32).toString('base64url');
    await this.accounts.addRefreshToken(em, sessionId, sha256(refreshToken), sessionExpiresAt);
    const claims: AccessClaims = { sub: user.id, sid: sessionId, username: user.username };
    const accessToken = await this.jwt.signAsync(claims);
    return {
      accessToken,
      expiresIn: seconds(this.config.JWT_EXPIRES_IN),
      refreshToken,
      user: this.sessionUser(user, sessionId),
    };
  }

  sessionUser(user: AccountRecord, sessionId: string): SessionUser {
    const roles = legacyRoles(user.grants, user.orgPath);
    return {
      ...this.toAuthUser(user, sessionId),
      orgUnitName: user.orgUnitName,
      roleLabels: roles.map((r) => ROLE_LABELS[r]?.zh ?? r),
    };
  }

  private toAuthUser(user: AccountRecord, sessionId: string): AuthUser {
    return {
      userId: user.id,
      username: user.username,
      displayName: user.displayName,
      roles: legacyRoles(user.grants, user.orgPath),
      orgUnitId: user.orgUnitId,
      orgPath: user.orgPath,
      grants: user.grants,
      sessionId,
      mustChangePassword: user.mustChangePassword,
      authVersion: user.authVersion,
    };
  }

  // --- refresh, logout, password change ----------------------------------------------------

  /** Rotates a refresh token: the old one is spent; presenting a spent one again ends the session. */
  async refresh(refreshToken: string, client: ClientInfo): Promise<LoginResult> {
    const outcome = await this.accounts.transaction(async (em) => {
      const t = await this.accounts.consumeRefreshToken(em, sha256(refreshToken));
      if (!t || t.expired || t.revoked) return { refused: true as const };
      if (!t.firstUse) {
        // a rotated token came back: someone holds a copy. End the whole session.
        await this.accounts.revokeSession(em, t.sessionId, 'refresh_token_reused');
        await this.audit.append(
          {
            actorId: t.userId,
            action: 'auth.refresh_reused',
            entityType: 'user',
            entityId: t.userId,
            details: { sessionId: t.sessionId, clientIp: client.ip },
          },
          em,
        );
        return { refused: true as const };
      }
      const user = await this.accounts.byId(t.userId, em);
      if (!user || !user.active || (user.isDemo && this.config.NODE_ENV === 'production'))
        return { refused: true as const };
      const [s] = (await em.query(`SELECT expires_at FROM auth_sessions WHERE id = $1`, [
        t.sessionId,
      ])) as Array<{
        expires_at: Date;
      }>;
      return { refused: false as const, result: await this.tokensFor(em, user, t.sessionId, s!.expires_at) };
    });
    if (outcome.refused) throw AuthExceptions.refreshInvalid();
    return outcome.result;
  }

  async logout(user: AuthUser): Promise<void> {
    await this.accounts.transaction(async (em) => {
      if (await this.accounts.revokeSession(em, user.sessionId, 'logout')) {
        await this.audit.append(
          {
            actorId: user.userId,
            action: 'auth.logout',
            entityType: 'user',
            entityId: user.userId,
            details: { sessionId: user.sessionId },
          },
          em,
        );
      }
    });
    this.forget(user.userId);
  }

  /** The user's own password change: every session ends, a new one starts (returned). */
  async changePassword(
    user: AuthUser,
    current: string,
    next: string,
    client: ClientInfo,
  ): Promise<LoginResult> {
    const account = await this.accounts.byId(user.userId);
    if (!account) throw AuthExceptions.sessionEnded('user_unknown');
    if (!(await bcrypt.compare(current, account.passwordHash))) throw AuthExceptions.currentPasswordWrong();
    const policy = await this.accountPolicy();
    const problems = passwordProblems(next, policy, {
      username: account.username,
      samePasswordAsBefore: current === next,
    });
    if (problems.length) {
      throw AppException.validation(
        problems.map((p) => ({
          field: 'newPassword',
          rule: p.rule,
          message: p.message,
          ...(p.params ? { params: p.params } : {}),
        })),
      );
    }
    const hash = await bcrypt.hash(next, BCRYPT_COST);
    const result = await this.accounts.transaction(async (em) => {
      await this.accounts.updateUser(em, account.id, { passwordHash: hash, mustChangePassword: false });
      const revoked = await this.accounts.revokeUserSessions(em, account.id, 'password_changed');
      await this.audit.append(
        {
          actorId: account.id,
          action: 'user.password_changed',
          entityType: 'user',
          entityId: account.id,
          details: { forced: account.mustChangePassword, sessionsRevoked: revoked },
        },
        em,
      );
      const fresh = (await this.accounts.byId(account.id, em))!;
      return this.openSession(em, fresh, client);
    });
    this.forget(account.id);
    return result;
  }

  // --- per request ---------------------------------------------------------------------------

  /** Verifies the token's signature and expiry; answers its claims. */
  async verify(token: string): Promise<AccessClaims> {
    try {
      const claims = await this.jwt.verifyAsync<AccessClaims>(token);
      if (typeof claims.sub !== 'string' || typeof claims.sid !== 'string') throw new Error('claims');
      return claims;
    } catch (err) {
      throw AuthExceptions.tokenInvalid(err instanceof Error && err.name === 'TokenExpiredError');
    }
  }

  /**
   * The user behind a verified token, re-read at most every AUTH_CACHE_MS: a disabled account, a
   * revoked session or changed roles take effect within that time in every API process.
   */
  async requestUser(claims: AccessClaims): Promise<AuthUser> {
    const now = Date.now();
    const hit = this.cache.get(claims.sid);
    let entry = hit && now - hit.at < this.config.AUTH_CACHE_MS ? hit : undefined;
    if (!entry) {
      entry = { at: now, user: await this.load(claims) };
      if (this.cache.size > 10_000) {
        for (const [k, v] of this.cache) if (now - v.at >= this.config.AUTH_CACHE_MS) this.cache.delete(k);
      }
      this.cache.set(claims.sid, entry);
    }
    if ('ended' in entry.user) throw AuthExceptions.sessionEnded(entry.user.ended as 'user_unknown');
    if (entry.user.userId !== claims.sub) throw AuthExceptions.sessionEnded('user_unknown');
    return entry.user;
  }

  private async load(claims: AccessClaims): Promise<AuthUser | { ended: string }> {
    const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
    if (!uuid.test(claims.sub) || !uuid.test(claims.sid)) return { ended: 'user_unknown' };
    const found = await this.accounts.sessionAccount(claims.sub, claims.sid);
    if (!found) return { ended: 'user_unknown' };
    const { account, session } = found;
    if (!account.active) return { ended: 'account_disabled' };
    if (account.isDemo && this.config.NODE_ENV === 'production') return { ended: 'account_disabled' };
    if (session.revokedAt) return { ended: 'session_revoked' };
    if (session.expiresAt.getTime() <= Date.now()) return { ended: 'session_expired' };
    return this.toAuthUser(account, session.sessionId);
  }

  /** Drops this process's cached reads of a user (other processes see changes within AUTH_CACHE_MS). */
  forget(userId: string): void {
    for (const [k, v] of this.cache)
      if (!('ended' in v.user) && v.user.userId === userId) this.cache.delete(k);
  }
}
