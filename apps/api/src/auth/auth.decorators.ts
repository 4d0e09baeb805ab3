import { createParamDecorator, ExecutionContext, SetMetadata } from '@nestjs/common';
import type { Role } from '../../../../libs/domain/roles';

export const IS_PUBLIC = 'bangfu:isPublic';
export const ROLES_KEY = 'bangfu:roles';

/** A route that needs no token (login). */
export const Public = () => SetMetadata(IS_PUBLIC, true);

/** Roles allowed on a route; any one suffices. */
export const Roles = (...roles: Role[]) => SetMetadata(ROLES_KEY, roles);

export interface AuthUser {
  userId: string;
  username: string;
  displayName: string;
  roles: Role[];
  orgUnitId: string;
  orgPath: string;
}

export const CurrentUser = createParamDecorator((_: unknown, ctx: ExecutionContext): AuthUser => {
  return ctx.switchToHttp().getRequest<{ user: AuthUser }>().user;
});
