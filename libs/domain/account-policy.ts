/**
 * Account policy (账户策略): password length and the login lockout figures. Policy data (the
 * `accounts` section of a policy version), never constants in code.
 *
 * Pure and deterministic: no I/O, no Node built-ins, no framework imports.
 */
import type { Checker } from './policy/checker';

export interface AccountPolicy {
  /** Minimum password length in characters (default 10). */
  passwordMinLength: number;
  /** An account is locked after this many failed logins in a row within failureWindowMinutes (default 5). */
  maxFailuresPerAccount: number;
  failureWindowMinutes: number;
  /** A lockout lasts this long unless an admin unlocks the account earlier (default 30). */
  lockoutMinutes: number;
  /** One client address may fail this many logins within clientWindowMinutes, then 429 (default 30). */
  maxFailuresPerClient: number;
  clientWindowMinutes: number;
}

export const DEFAULT_ACCOUNT_POLICY: AccountPolicy = Object.freeze({
  passwordMinLength: 10,
  maxFailuresPerAccount: 5,
  failureWindowMinutes: 15,
  lockoutMinutes: 30,
  maxFailuresPerClient: 30,
  clientWindowMinutes: 15,
});

const KEYS = [
  'passwordMinLength',
  'maxFailuresPerAccount',
  'failureWindowMinutes',
  'lockoutMinutes',
  'maxFailuresPerClient',
  'clientWindowMinutes',
] as const;

export function checkAccountPolicy(c: Checker, value: unknown): AccountPolicy | undefined {
  const obj = c.object(value, 'accounts', KEYS);
  if (!obj) return undefined;
  const out = {
    passwordMinLength: c.integer(obj, 'passwordMinLength', 'accounts', 8, 128),
    maxFailuresPerAccount: c.integer(obj, 'maxFailuresPerAccount', 'accounts', 1, 100),
    failureWindowMinutes: c.integer(obj, 'failureWindowMinutes', 'accounts', 1, 1440),
    lockoutMinutes: c.integer(obj, 'lockoutMinutes', 'accounts', 1, 10_080),
    maxFailuresPerClient: c.integer(obj, 'maxFailuresPerClient', 'accounts', 1, 10_000),
    clientWindowMinutes: c.integer(obj, 'clientWindowMinutes', 'accounts', 1, 1440),
  };
  return Object.values(out).every((v) => v !== undefined) ? (out as AccountPolicy) : undefined;
}
