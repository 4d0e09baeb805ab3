import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request } from 'express';
import type { Role } from '../../../../libs/domain/roles';
import { AppException, ErrorRule } from '../common/errors';
import { AuthUser, IS_PUBLIC, ROLES_KEY, SELF_SERVICE } from './auth.decorators';
import { AuthExceptions } from './auth.exceptions';
import { AuthService } from './auth.service';

const READS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Global guard: 401 without a valid bearer token or when its user or session no longer lets it in
 * (re-read from the database, cached for at most AUTH_CACHE_MS); 403 while a password change is
 * pending, for an auditor's write, and when the user lacks the route's role.
 */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly auth: AuthService,
    private readonly reflector: Reflector,
  ) {}

  async canActivate(ctx: ExecutionContext): Promise<boolean> {
    const targets = [ctx.getHandler(), ctx.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, targets)) return true;
    const req = ctx.switchToHttp().getRequest<Request & { user?: AuthUser }>();
    const header = req.headers.authorization ?? '';
    const [scheme, token] = header.split(' ');
    if (scheme !== 'Bearer' || !token) throw AuthExceptions.bearerMissing();
    const user = await this.auth.requestUser(await this.auth.verify(token));
    req.user = user;
    const selfService = this.reflector.getAllAndOverride<boolean>(SELF_SERVICE, targets) === true;
    if (user.mustChangePassword && !selfService) throw AuthExceptions.passwordChangeRequired();
    // auditors read everything in scope and write nothing (a second role may write)
    if (!READS.has(req.method) && !selfService && user.grants.every((g) => g.role === 'auditor')) {
      throw AuthExceptions.auditorReadOnly();
    }
    // `roles` holds only the roles granted over the primary unit, which the services' scope checks
    // use; a grant elsewhere is honoured by grant-aware services (users, audit), never widened here
    const roles = this.reflector.getAllAndOverride<Role[] | undefined>(ROLES_KEY, targets);
    if (roles?.length && !roles.some((r) => user.roles.includes(r))) {
      throw AppException.forbidden(
        `This action needs one of the roles: ${roles.join(', ')}`,
        ErrorRule.Role,
        {
          roles: roles.join(', '),
        },
      );
    }
    return true;
  }
}
