import { checkAccountPolicy, DEFAULT_ACCOUNT_POLICY } from '../../libs/domain/account-policy';
import { hasRoleAt, legacyRoles, manageRefusal, type Grant } from '../../libs/domain/grants';
import {
  accountLockState,
  clientLimited,
  failureLocksAccount,
  mustWait,
  type LoginEvent,
} from '../../libs/domain/lockout';
import { passwordProblems } from '../../libs/domain/password';
import { Checker } from '../../libs/domain/policy/checker';
import { DEFAULT_POLICY } from '../../libs/domain/policy/defaults';
import { validatePolicy } from '../../libs/domain/policy/schema';
import { isSensitiveRead } from '../../libs/domain/sensitive-reads';
import { weakSecretReason } from '../../libs/domain/secret-strength';

const P = DEFAULT_ACCOUNT_POLICY;
const MIN = 60_000;
const now = Date.UTC(2026, 11, 2, 8, 0, 0);
const ev = (minutesAgo: number, outcome: LoginEvent['outcome']): LoginEvent => ({
  at: now - minutesAgo * MIN,
  outcome,
});

describe('lockout (libs/domain/lockout.ts)', () => {
  test('failures since the last success count; the fifth locks', () => {
    const events = [
      ev(1, 'failure'),
      ev(2, 'failure'),
      ev(3, 'failure'),
      ev(4, 'failure'),
      ev(5, 'success'),
      ev(6, 'failure'),
    ];
    const s = accountLockState(events, P, now);
    expect(s).toEqual({ locked: false, until: null, failures: 4 });
    expect(failureLocksAccount(s, P)).toBe(true);
    expect(failureLocksAccount({ ...s, failures: 3 }, P)).toBe(false);
  });
  test('failures outside the window do not count', () => {
    const s = accountLockState([ev(1, 'failure'), ev(16, 'failure'), ev(20, 'failure')], P, now);
    expect(s.failures).toBe(1);
  });
  test('a lockout lasts lockoutMinutes; an unlock or its expiry starts afresh', () => {
    expect(accountLockState([ev(1, 'locked'), ev(10, 'lockout'), ev(11, 'failure')], P, now)).toEqual({
      locked: true,
      until: now + 20 * MIN,
      failures: 0,
    });
    expect(accountLockState([ev(1, 'unlock'), ev(10, 'lockout')], P, now).locked).toBe(false);
    expect(accountLockState([ev(2, 'failure'), ev(31, 'lockout'), ev(32, 'failure')], P, now)).toEqual({
      locked: false,
      until: null,
      failures: 1,
    });
  });
  test('failures at the threshold without a recorded lockout (parallel attempts) still make the account wait', () => {
    const five = [1, 2, 3, 4, 5].map((m) => ev(m, 'failure'));
    expect(mustWait(accountLockState(five, P, now), P)).toBe(true);
    expect(mustWait(accountLockState(five.slice(1), P, now), P)).toBe(false);
    expect(mustWait(accountLockState([ev(1, 'lockout')], P, now), P)).toBe(true);
  });
  test('a client address is limited at maxFailuresPerClient', () => {
    expect(clientLimited(29, P)).toBe(false);
    expect(clientLimited(30, P)).toBe(true);
  });
});

describe('password rule (libs/domain/password.ts)', () => {
  test('length from policy, not the username, some variety, not the same as before', () => {
    expect(passwordProblems('Good-pass-2026', P, { username: 'li' })).toEqual([]);
    expect(passwordProblems('short', P, { username: 'li' }).map((p) => p.rule)).toEqual(['password_length']);
    expect(passwordProblems('zhang.san-2026', P, { username: 'zhang.san' }).map((p) => p.rule)).toEqual([
      'password_not_username',
    ]);
    expect(passwordProblems('aaaaaaaaaaaa', P, { username: 'li' }).map((p) => p.rule)).toEqual([
      'password_variety',
    ]);
    expect(
      passwordProblems(
        'Good-pass-2026',
        { passwordMinLength: 16 },
        { username: 'li', samePasswordAsBefore: true },
      ).map((p) => p.rule),
    ).toEqual(['password_length', 'password_reused']);
  });
});

describe('grants (libs/domain/grants.ts)', () => {
  const g = (role: Grant['role'], orgPath: string): Grant => ({ role, orgUnitId: orgPath, orgPath });
  test('legacy roles: only grants at or above the primary unit', () => {
    const grants = [g('caseworker', '1.2.3'), g('branch_chair', '1.2.4'), g('auditor', '1')];
    expect(legacyRoles(grants, '1.2.3')).toEqual(['caseworker', 'auditor']);
    expect(hasRoleAt(grants, ['branch_chair'], '1.2.4.9')).toBe(true);
    expect(hasRoleAt(grants, ['branch_chair'], '1.2.3')).toBe(false);
  });
  test('admins manage anyone; a union chair only their subtree and not admin/auditor roles', () => {
    expect(manageRefusal([g('admin', '1')], '1.2', [g('admin', '1')])).toBeNull();
    const chair = [g('union_chair', '1.2')];
    expect(manageRefusal(chair, '1.2.3', [g('caseworker', '1.2.3')])).toBeNull();
    expect(manageRefusal(chair, '1.5', [g('caseworker', '1.5')])).toBe('outside_scope');
    expect(manageRefusal(chair, '1.2.3', [g('caseworker', '1.2.3'), g('finance', '1.5')])).toBe(
      'outside_scope',
    );
    expect(manageRefusal(chair, '1.2.3', [g('auditor', '1.2.3')])).toBe('role_not_grantable');
    expect(manageRefusal(chair, '1.2.3', [g('caseworker', '1.2.3')], [g('admin', '1.2.3')])).toBe(
      'role_not_grantable',
    );
    expect(manageRefusal([g('caseworker', '1')], '1.2', [g('caseworker', '1.2')])).toBe('not_account_admin');
  });
});

describe('account policy is policy data', () => {
  test('the default policy validates with its accounts section; bad figures are named', () => {
    expect(validatePolicy(JSON.parse(JSON.stringify(DEFAULT_POLICY))).ok).toBe(true);
    const c = new Checker();
    expect(checkAccountPolicy(c, { ...P, passwordMinLength: 4 })).toBeUndefined();
    expect(c.errors[0]).toMatchObject({ field: 'accounts.passwordMinLength' });
    const bad = validatePolicy({ ...JSON.parse(JSON.stringify(DEFAULT_POLICY)), accounts: undefined });
    expect(bad.ok).toBe(false);
  });
});

describe('JWT secret strength (production)', () => {
  test('32 random bytes as base64 or hex pass; short, patterned or free text fail', () => {
    const rnd = Buffer.from(Array.from({ length: 32 }, (_, i) => (i * 97 + 13) % 256));
    expect(weakSecretReason(rnd.toString('base64'))).toBeNull();
    expect(weakSecretReason(rnd.toString('base64url'))).toBeNull();
    expect(weakSecretReason(rnd.toString('hex'))).toBeNull();
    expect(weakSecretReason(rnd.subarray(0, 31).toString('base64'))).toMatch(/at least 32/);
    expect(weakSecretReason('bangfu-dev-only-jwt-secret-change-me')).not.toBeNull();
    expect(weakSecretReason('a-real-secret-of-enough-length!')).toMatch(/hex or base64/);
    expect(weakSecretReason(Buffer.alloc(48, 1).toString('base64'))).toMatch(/random/);
  });
});

test('sensitive reads: ID reveals, attachments, any *.read', () => {
  expect(isSensitiveRead('pii.read')).toBe(true);
  expect(isSensitiveRead('attachment.read')).toBe(true);
  expect(isSensitiveRead('health_note.read')).toBe(true);
  expect(isSensitiveRead('case.submitted')).toBe(false);
});
