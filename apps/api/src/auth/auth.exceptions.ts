import { HttpStatus } from '@nestjs/common';
import { AppException, ErrorCode } from '../common/errors';

const unauthenticated = (message: string, field: string, rule: string, detail: string) =>
  new AppException(HttpStatus.UNAUTHORIZED, ErrorCode.Unauthenticated, message, [
    { field, rule, message: detail },
  ]);

/** The auth module's refusals. */
export const AuthExceptions = {
  credentials: () =>
    unauthenticated(
      'Wrong username or password',
      'password',
      'credentials',
      'username and password do not match an active account',
    ),
  demoAccount: () =>
    unauthenticated(
      'Demo accounts are disabled in production',
      'username',
      'demo_account',
      'demo accounts only work when NODE_ENV is not production',
    ),
  bearerMissing: () =>
    unauthenticated(
      'A bearer token is required',
      'Authorization',
      'bearer_token',
      'send Authorization: Bearer <accessToken> from /api/auth/login',
    ),
  tokenInvalid: (expired: boolean) =>
    unauthenticated(
      expired ? 'The session has expired' : 'The token is invalid',
      'Authorization',
      expired ? 'token_expired' : 'token_valid',
      expired ? 'renew it with /api/auth/refresh or log in again' : 'token signature or format is invalid',
    ),
  /** The token is well-signed but its user or session no longer lets it in. */
  sessionEnded: (rule: 'user_unknown' | 'account_disabled' | 'session_revoked' | 'session_expired') =>
    unauthenticated(
      rule === 'account_disabled' ? 'The account is disabled' : 'The session has ended',
      'Authorization',
      rule,
      rule === 'account_disabled' ? 'an administrator disabled this account' : 'log in again',
    ),
  refreshInvalid: () =>
    unauthenticated('The refresh token is invalid', 'refreshToken', 'refresh_token', 'log in again'),
  accountLocked: (retryAfterSeconds: number) =>
    new AppException(
      HttpStatus.TOO_MANY_REQUESTS,
      ErrorCode.AccountLocked,
      'Too many failed logins: the account is locked for a while (登录失败次数过多，账户已临时锁定)',
      [
        {
          field: 'username',
          rule: 'account_locked',
          message: `try again in ${Math.ceil(retryAfterSeconds / 60)} minutes or ask an administrator to unlock the account`,
          params: { retryAfterSeconds },
        },
      ],
    ),
  clientLimited: (retryAfterSeconds: number) =>
    new AppException(
      HttpStatus.TOO_MANY_REQUESTS,
      ErrorCode.TooManyRequests,
      'Too many failed logins from this address (该地址登录失败次数过多)',
      [
        {
          field: 'client',
          rule: 'client_rate_limit',
          message: `try again in ${Math.ceil(retryAfterSeconds / 60)} minutes`,
          params: { retryAfterSeconds },
        },
      ],
    ),
  passwordChangeRequired: () =>
    new AppException(
      HttpStatus.FORBIDDEN,
      ErrorCode.PasswordChangeRequired,
      'Change your password first (请先修改密码)',
      [
        {
          field: 'user',
          rule: 'password_change_required',
          message: 'a new or reset account must set its own password: POST /api/auth/change-password',
        },
      ],
    ),
  auditorReadOnly: () =>
    new AppException(
      HttpStatus.FORBIDDEN,
      ErrorCode.Forbidden,
      'Auditors read; they do not change anything',
      [{ field: 'user', rule: 'auditor_read_only', message: 'the auditor role is read-only (审计只读)' }],
    ),
  currentPasswordWrong: () =>
    new AppException(HttpStatus.BAD_REQUEST, ErrorCode.ValidationFailed, 'The current password is wrong', [
      { field: 'currentPassword', rule: 'credentials', message: 'the current password does not match' },
    ]),
};
