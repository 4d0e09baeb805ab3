/**
 * Password rule (密码规则): what a new password must satisfy. The length comes from the account
 * policy; the rest is fixed sense (not the username, not all one character, not the old password).
 *
 * Pure: no I/O.
 */
import type { AccountPolicy } from './account-policy';

export interface PasswordProblem {
  rule: 'password_length' | 'password_not_username' | 'password_variety' | 'password_reused';
  message: string;
  params?: Record<string, string | number>;
}

export function passwordProblems(
  password: string,
  policy: Pick<AccountPolicy, 'passwordMinLength'>,
  context: { username: string; samePasswordAsBefore?: boolean },
): PasswordProblem[] {
  const out: PasswordProblem[] = [];
  const length = [...password].length;
  if (length < policy.passwordMinLength) {
    out.push({
      rule: 'password_length',
      message: `the password needs at least ${policy.passwordMinLength} characters (密码至少 ${policy.passwordMinLength} 位)`,
      params: { min: policy.passwordMinLength, actual: length },
    });
  }
  if (password.toLowerCase().includes(context.username.toLowerCase()) && context.username.length >= 3) {
    out.push({
      rule: 'password_not_username',
      message: 'the password must not contain the username (密码不能包含用户名)',
    });
  }
  if (new Set(password).size < 4) {
    out.push({
      rule: 'password_variety',
      message: 'the password needs at least 4 different characters (密码至少包含 4 个不同字符)',
    });
  }
  if (context.samePasswordAsBefore) {
    out.push({
      rule: 'password_reused',
      message: 'the new password must differ from the current one (新密码不能与当前密码相同)',
    });
  }
  return out;
}
