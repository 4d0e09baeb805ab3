import { Injectable } from '@nestjs/common';
import * as bcrypt from 'bcryptjs';
import { AccountRecord, AccountsRepository } from '../../../../libs/accounts/accounts.repository';
import { AuditRepository } from '../../../../libs/audit/audit.repository';
import { Grant, legacyRoles, manageRefusal } from '../../../../libs/domain/grants';
import { passwordProblems } from '../../../../libs/domain/password';
import type { Role } from '../../../../libs/domain/roles';
import type { AuthUser } from '../auth/auth.decorators';
import { AuthService, BCRYPT_COST } from '../auth/auth.service';
import { decodeCursor, encodeCursor, Page } from '../common/pagination';
import { CreateUserDto, GrantInputDto, UpdateUserDto, UserListQueryDto } from './dto/user.dto';
import type { AssignableUnitDto, UserViewDto } from './dto/user.response';
import { UserExceptions } from './users.exceptions';

/** Roles that may read the account list (admins and union chairs manage; auditors read). */
const READER_ROLES: Role[] = ['admin', 'union_chair', 'auditor'];

/**
 * User accounts (admin; a union chair for their own subtree): create, edit, disable, reset the
 * password, unlock. Every change is one transaction with its audit row; a change of roles or unit
 * takes effect on the user's next request (the guard re-reads the account within AUTH_CACHE_MS).
 */
@Injectable()
export class UsersService {
  constructor(
    private readonly accounts: AccountsRepository,
    private readonly audit: AuditRepository,
    private readonly auth: AuthService,
  ) {}

  async list(q: UserListQueryDto, actor: AuthUser): Promise<Page<UserViewDto>> {
    const readers = actor.grants.filter((g) => READER_ROLES.includes(g.role));
    if (readers.length === 0) throw UserExceptions.forbidden('not_account_admin');
    const scopePaths = readers.some((g) => g.role === 'admin') ? null : readers.map((g) => g.orgPath);
    const limit = q.limit ?? 50;
    const after = decodeCursor(q.cursor, 1);
    const rows = await this.accounts.list({
      scopePaths,
      q: q.q,
      orgUnitId: q.orgUnitId,
      afterUsername: after ? String(after[0]) : undefined,
      limit: limit + 1,
    });
    const page = rows.slice(0, limit);
    return {
      items: await this.views(page),
      nextCursor: rows.length > limit ? encodeCursor([page[page.length - 1]!.username]) : null,
    };
  }

  async assignableUnits(actor: AuthUser): Promise<AssignableUnitDto[]> {
    const admin = actor.grants.some((g) => g.role === 'admin');
    const paths = admin ? null : actor.grants.filter((g) => g.role === 'union_chair').map((g) => g.orgPath);
    return this.accounts.units(paths);
  }

  async get(id: string, actor: AuthUser): Promise<UserViewDto> {
    const user = await this.readable(id, actor);
    return (await this.views([user]))[0]!;
  }

  async create(dto: CreateUserDto, actor: AuthUser): Promise<UserViewDto> {
    const { grants, primary } = await this.resolveGrants(dto.grants, dto.roles, dto.orgUnitId);
    const refusal = manageRefusal(actor.grants, primary.path, grants);
    if (refusal) throw UserExceptions.forbidden(refusal);
    const policy = await this.auth.accountPolicy();
    const problems = passwordProblems(dto.password, policy, { username: dto.username });
    if (problems.length) throw UserExceptions.password('password', problems);
    if (await this.accounts.byUsername(dto.username)) throw UserExceptions.usernameTaken(dto.username);
    const passwordHash = await bcrypt.hash(dto.password, BCRYPT_COST);
    let id: string;
    try {
      id = await this.accounts.transaction(async (em) => {
        const newId = await this.accounts.insertUser(em, {
          username: dto.username,
          displayName: dto.displayName,
          passwordHash,
          roles: legacyRoles(grants, primary.path),
          orgUnitId: primary.id,
          mustChangePassword: true,
          grants,
        });
        await this.audit.append(
          {
            actorId: actor.userId,
            action: 'user.created',
            entityType: 'user',
            entityId: newId,
            after: {
              username: dto.username,
              displayName: dto.displayName,
              orgUnitId: primary.id,
              grants: plain(grants),
            },
          },
          em,
        );
        return newId;
      });
    } catch (err) {
      if ((err as { code?: string }).code === '23505') throw UserExceptions.usernameTaken(dto.username);
      throw err;
    }
    return this.get(id, actor);
  }

  async update(id: string, dto: UpdateUserDto, actor: AuthUser): Promise<UserViewDto> {
    const current = await this.manageable(id, actor);
    const regrant = dto.grants !== undefined || dto.roles !== undefined || dto.orgUnitId !== undefined;
    let next: { grants: Grant[]; primary: { id: string; path: string } } | null = null;
    if (regrant) {
      next = await this.resolveGrants(
        dto.grants,
        dto.roles ?? (dto.grants ? undefined : legacyRoles(current.grants, current.orgPath)),
        dto.orgUnitId ?? (dto.grants ? undefined : current.orgUnitId),
      );
      const refusal = manageRefusal(actor.grants, next.primary.path, next.grants, current.grants);
      if (refusal) throw UserExceptions.forbidden(refusal);
    }
    await this.accounts.transaction(async (em) => {
      await this.accounts.updateUser(em, id, {
        displayName: dto.displayName,
        ...(next ? { roles: legacyRoles(next.grants, next.primary.path), orgUnitId: next.primary.id } : {}),
      });
      if (next) await this.accounts.replaceGrants(em, id, next.grants);
      await this.audit.append(
        {
          actorId: actor.userId,
          action: next ? 'user.grants_changed' : 'user.updated',
          entityType: 'user',
          entityId: id,
          before: {
            displayName: current.displayName,
            orgUnitId: current.orgUnitId,
            grants: plain(current.grants),
          },
          after: {
            displayName: dto.displayName ?? current.displayName,
            orgUnitId: next?.primary.id ?? current.orgUnitId,
            grants: plain(next?.grants ?? current.grants),
          },
        },
        em,
      );
    });
    this.auth.forget(id);
    return this.get(id, actor);
  }

  async disable(id: string, reason: string, actor: AuthUser): Promise<UserViewDto> {
    if (id === actor.userId) throw UserExceptions.notSelf();
    await this.manageable(id, actor);
    await this.accounts.transaction(async (em) => {
      await this.accounts.updateUser(em, id, { active: false, disabledReason: reason });
      const revoked = await this.accounts.revokeUserSessions(em, id, 'disabled');
      await this.audit.append(
        {
          actorId: actor.userId,
          action: 'user.disabled',
          entityType: 'user',
          entityId: id,
          details: { reason, sessionsRevoked: revoked },
        },
        em,
      );
    });
    this.auth.forget(id);
    return this.get(id, actor);
  }

  async enable(id: string, actor: AuthUser): Promise<UserViewDto> {
    await this.manageable(id, actor);
    await this.accounts.transaction(async (em) => {
      await this.accounts.updateUser(em, id, { active: true, disabledReason: null });
      await this.audit.append(
        { actorId: actor.userId, action: 'user.enabled', entityType: 'user', entityId: id },
        em,
      );
    });
    return this.get(id, actor);
  }

  async resetPassword(id: string, password: string, actor: AuthUser): Promise<UserViewDto> {
    const user = await this.manageable(id, actor);
    const problems = passwordProblems(password, await this.auth.accountPolicy(), { username: user.username });
    if (problems.length) throw UserExceptions.password('password', problems);
    const passwordHash = await bcrypt.hash(password, BCRYPT_COST);
    await this.accounts.transaction(async (em) => {
      await this.accounts.updateUser(em, id, { passwordHash, mustChangePassword: true });
      const revoked = await this.accounts.revokeUserSessions(em, id, 'password_reset');
      await this.audit.append(
        {
          actorId: actor.userId,
          action: 'user.password_reset',
          entityType: 'user',
          entityId: id,
          details: { sessionsRevoked: revoked },
        },
        em,
      );
    });
    this.auth.forget(id);
    return this.get(id, actor);
  }

  /** Ends a lockout now; recorded in the login log and the audit log. */
  async unlock(id: string, actor: AuthUser, clientIp: string): Promise<UserViewDto> {
    const user = await this.manageable(id, actor);
    await this.accounts.transaction(async (em) => {
      await this.accounts.recordAttempt(
        { username: user.username, userId: id, clientIp, outcome: 'unlock', actorId: actor.userId },
        em,
      );
      await this.audit.append(
        { actorId: actor.userId, action: 'user.unlocked', entityType: 'user', entityId: id },
        em,
      );
    });
    return this.get(id, actor);
  }

  // -------------------------------------------------------------------------------------------

  /** Unknown and out-of-scope accounts answer the same 404. */
  private async readable(id: string, actor: AuthUser): Promise<AccountRecord> {
    const user = await this.accounts.byId(id);
    const readers = actor.grants.filter((g) => READER_ROLES.includes(g.role));
    if (readers.length === 0) throw UserExceptions.forbidden('not_account_admin');
    const visible =
      user &&
      readers.some(
        (g) => g.role === 'admin' || user.orgPath === g.orgPath || user.orgPath.startsWith(`${g.orgPath}.`),
      );
    if (!user || !visible) throw UserExceptions.notFound(id);
    return user;
  }

  private async manageable(id: string, actor: AuthUser): Promise<AccountRecord> {
    const user = await this.readable(id, actor);
    const refusal = manageRefusal(actor.grants, user.orgPath, user.grants);
    if (refusal) throw UserExceptions.forbidden(refusal);
    return user;
  }

  private async resolveGrants(
    grantsIn: GrantInputDto[] | undefined,
    roles: Role[] | undefined,
    orgUnitId: string | undefined,
  ): Promise<{ grants: Grant[]; primary: { id: string; path: string } }> {
    let wanted: Array<{ role: Role; orgUnitId: string }>;
    if (grantsIn?.length) wanted = grantsIn.map((g) => ({ role: g.role, orgUnitId: g.orgUnitId }));
    else if (roles?.length && orgUnitId) wanted = roles.map((role) => ({ role, orgUnitId }));
    else throw UserExceptions.rolesRequired();
    const primaryId = orgUnitId ?? wanted[0]!.orgUnitId;
    const paths = await this.accounts.unitPaths([...new Set([primaryId, ...wanted.map((g) => g.orgUnitId)])]);
    if (!paths.has(primaryId)) throw UserExceptions.unknownUnit('orgUnitId', primaryId);
    const grants: Grant[] = [];
    for (const [i, g] of wanted.entries()) {
      const path = paths.get(g.orgUnitId);
      if (!path) throw UserExceptions.unknownUnit(`grants.${i}.orgUnitId`, g.orgUnitId);
      if (!grants.some((x) => x.role === g.role && x.orgUnitId === g.orgUnitId))
        grants.push({ role: g.role, orgUnitId: g.orgUnitId, orgPath: path });
    }
    const primary = { id: primaryId, path: paths.get(primaryId)! };
    if (legacyRoles(grants, primary.path).length === 0) throw UserExceptions.grantCoversPrimary();
    return { grants, primary };
  }

  private async views(users: AccountRecord[]): Promise<UserViewDto[]> {
    const policy = await this.auth.accountPolicy();
    const locks = await this.accounts.lockedSince(
      users.map((u) => u.id),
      policy.lockoutMinutes,
    );
    return users.map((u) => {
      const lockedAt = locks.get(u.id);
      return {
        id: u.id,
        username: u.username,
        displayName: u.displayName,
        roles: legacyRoles(u.grants, u.orgPath),
        orgUnitId: u.orgUnitId,
        orgUnitName: u.orgUnitName,
        grants: u.grants,
        active: u.active,
        mustChangePassword: u.mustChangePassword,
        locked: !!lockedAt,
        lockedUntil: lockedAt
          ? new Date(lockedAt.getTime() + policy.lockoutMinutes * 60_000).toISOString()
          : null,
        isDemo: u.isDemo,
        createdAt: new Date(u.createdAt).toISOString(),
        updatedAt: new Date(u.updatedAt).toISOString(),
        disabledAt: u.disabledAt ? new Date(u.disabledAt).toISOString() : null,
        disabledReason: u.disabledReason,
      };
    });
  }
}

function plain(grants: Grant[]): Array<{ role: Role; orgUnitId: string }> {
  return grants.map((g) => ({ role: g.role, orgUnitId: g.orgUnitId }));
}
