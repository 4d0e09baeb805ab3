import { createParamDecorator, ExecutionContext, SetMetadata } from '@nestjs/common';
import type { Grant } from '../../../../libs/domain/grants';
import type { Role } from '../../../../libs/domain/roles';

export const IS_PUBLIC = 'bangfu:isPublic';
export const ROLES_KEY = 'bangfu:roles';
export const SELF_SERVICE = 'bangfu:selfService';

/** A route that needs no token (login, refresh). */
export const Public = () => SetMetadata(IS_PUBLIC, true);

/** Roles allowed on a route; any one suffices. */
export const Roles = (...roles: Role[]) => SetMetadata(ROLES_KEY, roles);

/**
 * A route about the caller's own session (me, logout, change password): open while a password
 * change is pending, and to auditors although it is not a GET.
 */
export const SelfService = () => SetMetadata(SELF_SERVICE, true);

/**
 * The user behind a request, read from the database on every request (cached for at most
 * AUTH_CACHE_MS), never taken from the token's claims.
 */
export interface AuthUser {
  userId: string;
  username: string;
  displayName: string;
  /** Roles whose grant covers `orgUnitId` (what code reading one scope may rely on). */
  roles: Role[];
  /** The user's primary org unit. */
  orgUnitId: string;
  orgPath: string;
  /** Every role with the org unit it applies to (libs/domain/grants.ts). */
  grants: Grant[];
  /** The session (refresh-token chain) the access token belongs to. */
  sessionId: string;
  mustChangePassword: boolean;
  /** Bumped on every change of the account (roles, unit, password, status). */
  authVersion: number;
}

export const CurrentUser = createParamDecorator((_: unknown, ctx: ExecutionContext): AuthUser => {
  return ctx.switchToHttp().getRequest<{ user: AuthUser }>().user;
});
