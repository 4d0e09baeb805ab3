/**
 * Login lockout (登录锁定): from an account's recent login events, whether it is locked now and
 * how many failures count towards the next lockout. Figures from the account policy.
 *
 * A success or an admin's unlock starts a fresh count; a lockout lasts lockoutMinutes, then the
 * count starts afresh. Pure: no I/O, `now` is passed in.
 */
import type { AccountPolicy } from './account-policy';

export type LoginOutcome = 'success' | 'failure' | 'locked' | 'lockout' | 'unlock' | 'rate_limited';

export interface LoginEvent {
  /** epoch ms */
  at: number;
  outcome: LoginOutcome;
}

export interface LockState {
  locked: boolean;
  /** epoch ms when the lockout ends (when locked) */
  until: number | null;
  /** failures since the last success, unlock or lockout, within the failure window */
  failures: number;
}

/** `events` newest first. */
export function accountLockState(
  events: ReadonlyArray<LoginEvent>,
  policy: Pick<AccountPolicy, 'failureWindowMinutes' | 'lockoutMinutes'>,
  now: number,
): LockState {
  const windowStart = now - policy.failureWindowMinutes * 60_000;
  let failures = 0;
  for (const e of events) {
    if (e.outcome === 'success' || e.outcome === 'unlock') break;
    if (e.outcome === 'lockout') {
      const until = e.at + policy.lockoutMinutes * 60_000;
      if (until > now) return { locked: true, until, failures };
      break;
    }
    if (e.outcome === 'failure' && e.at > windowStart) failures++;
  }
  return { locked: false, until: null, failures };
}

/**
 * True when the account must wait: a lockout is running, or failures already reached the threshold
 * without one being recorded (parallel attempts that each saw fewer).
 */
export function mustWait(state: LockState, policy: Pick<AccountPolicy, 'maxFailuresPerAccount'>): boolean {
  return state.locked || state.failures >= policy.maxFailuresPerAccount;
}

/** True when one more failure (the one just seen) reaches the lockout threshold. */
export function failureLocksAccount(
  state: LockState,
  policy: Pick<AccountPolicy, 'maxFailuresPerAccount'>,
): boolean {
  return state.failures + 1 >= policy.maxFailuresPerAccount;
}

/** True when a client address has failed too often within the client window. */
export function clientLimited(
  recentClientFailures: number,
  policy: Pick<AccountPolicy, 'maxFailuresPerClient'>,
): boolean {
  return recentClientFailures >= policy.maxFailuresPerClient;
}
