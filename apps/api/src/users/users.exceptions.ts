import { HttpStatus } from '@nestjs/common';
import type { ManageRefusal } from '../../../../libs/domain/grants';
import type { PasswordProblem } from '../../../../libs/domain/password';
import { AppException, ErrorCode } from '../common/errors';

/** The users API's rule codes (the `rule` of an error detail). */
export enum UserErrorCode {
  UsernameTaken = 'username_unique',
  RolesRequired = 'roles_or_grants',
  GrantCoversPrimary = 'grant_covers_primary_unit',
  OrgUnitExists = 'org_unit_exists',
  NotSelf = 'not_self',
}

const MANAGE_MESSAGES: Record<ManageRefusal, string> = {
  not_account_admin: 'only an admin, or a union chair for their own subtree, manages accounts',
  outside_scope: 'a union chair manages accounts and grants only within their own org subtree',
  role_not_grantable: 'a union chair cannot grant or change the admin or auditor role',
};

export const UserExceptions = {
  notFound: (id: string) => AppException.notFound('user', 'id', id),
  forbidden: (why: ManageRefusal) => AppException.forbidden(MANAGE_MESSAGES[why], why),
  usernameTaken: (username: string) =>
    AppException.conflict(`The username ${username} is taken`, [
      {
        field: 'username',
        rule: UserErrorCode.UsernameTaken,
        message: `an account named ${username} exists`,
      },
    ]),
  rolesRequired: () =>
    AppException.validation([
      { field: 'roles', rule: UserErrorCode.RolesRequired, message: 'give roles with orgUnitId, or grants' },
    ]),
  grantCoversPrimary: () =>
    AppException.validation([
      {
        field: 'grants',
        rule: UserErrorCode.GrantCoversPrimary,
        message: 'at least one grant must be at the primary org unit or above it',
      },
    ]),
  unknownUnit: (field: string, id: string) =>
    AppException.validation([{ field, rule: UserErrorCode.OrgUnitExists, message: `no org unit ${id}` }]),
  password: (field: string, problems: PasswordProblem[]) =>
    AppException.validation(
      problems.map((p) => ({
        field,
        rule: p.rule,
        message: p.message,
        ...(p.params ? { params: p.params } : {}),
      })),
    ),
  notSelf: () =>
    new AppException(
      HttpStatus.UNPROCESSABLE_ENTITY,
      ErrorCode.BusinessRule,
      'You cannot disable your own account',
      [{ field: 'id', rule: UserErrorCode.NotSelf, message: 'ask another administrator' }],
    ),
};
