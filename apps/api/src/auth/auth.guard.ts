import { CanActivate, ExecutionContext, HttpStatus, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { JwtService } from '@nestjs/jwt';
import type { Request } from 'express';
import type { Role } from '../../../../libs/domain/roles';
import { AppException, ErrorRule, ErrorCode } from '../common/errors';
import { AuthUser, IS_PUBLIC, ROLES_KEY } from './auth.decorators';

/** Global guard: 401 without a valid bearer token, 403 when the user lacks the route's role. */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly jwt: JwtService,
    private readonly reflector: Reflector,
  ) {}

  async canActivate(ctx: ExecutionContext): Promise<boolean> {
    const targets = [ctx.getHandler(), ctx.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, targets)) return true;
    const req = ctx.switchToHttp().getRequest<Request & { user?: AuthUser }>();
    const header = req.headers.authorization ?? '';
    const [scheme, token] = header.split(' ');
    if (scheme !== 'Bearer' || !token) {
      throw new AppException(
        HttpStatus.UNAUTHORIZED,
        ErrorCode.Unauthenticated,
        'A bearer token is required',
        [
          {
            field: 'Authorization',
            rule: 'bearer_token',
            message: 'send Authorization: Bearer <accessToken> from /api/auth/login',
          },
        ],
      );
    }
    try {
      req.user = await this.jwt.verifyAsync<AuthUser>(token);
    } catch (err) {
      const expired = err instanceof Error && err.name === 'TokenExpiredError';
      throw new AppException(
        HttpStatus.UNAUTHORIZED,
        ErrorCode.Unauthenticated,
        expired ? 'The session has expired' : 'The token is invalid',
        [
          {
            field: 'Authorization',
            rule: expired ? 'token_expired' : 'token_valid',
            message: expired ? 'log in again' : 'token signature or format is invalid',
          },
        ],
      );
    }
    const roles = this.reflector.getAllAndOverride<Role[] | undefined>(ROLES_KEY, targets);
    if (roles?.length && !roles.some((r) => req.user!.roles.includes(r))) {
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
