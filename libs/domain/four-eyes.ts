/**
 * Four-eyes rule (四眼原则): who may not approve a subject (aid case, hardship file, loan, exit) and
 * the refusal they hear. The only version: repositories build the exclusion list with
 * fourEyesExclusions, the approval workflows refuse with fourEyesRefusal.
 *
 * Pure and deterministic: imported by Temporal workflow code (no I/O, no Node built-ins).
 */

/** Why a user may not approve, in the precedence fourEyesRefusal reports them. */
export const FOUR_EYES_REASONS = [
  'investigator',
  'caseworker',
  'pairing_leader',
  'earlier_approver',
] as const;
export type FourEyesReason = (typeof FOUR_EYES_REASONS)[number];

export interface FourEyesExclusion {
  userId: string;
  reason: FourEyesReason;
}

export interface FourEyesRefusal {
  reason: FourEyesReason;
  message: string;
}

const FOUR_EYES_MESSAGES: Record<FourEyesReason, string> = {
  investigator:
    'you investigated this file; four-eyes rule: the investigator cannot approve (四眼原则：调查人不能审批)',
  caseworker:
    'you handled this case as caseworker; four-eyes rule: the caseworker who filed it cannot approve (四眼原则：经办人不能审批)',
  pairing_leader:
    "you are this household's pairing leader; four-eyes rule: the paired leader cannot approve aid for the household (四眼原则：结对领导不能审批所结对户)",
  earlier_approver:
    'you already approved an earlier stage of this case; four-eyes rule: one person cannot approve two stages (四眼原则：同一人不能审批两个环节)',
};

/**
 * Refuses an approver who is excluded from deciding (the investigator, the caseworker, the
 * household's pairing leader, or someone who approved an earlier stage). When the actor is excluded
 * for several reasons, the first in FOUR_EYES_REASONS order is reported, whatever the list order.
 */
export function fourEyesRefusal(
  actorUserId: string,
  excluded: ReadonlyArray<{ userId: string; reason: FourEyesReason }>,
): FourEyesRefusal | null {
  const reasons = new Set(excluded.filter((e) => e.userId === actorUserId).map((e) => e.reason));
  const reason = FOUR_EYES_REASONS.find((r) => reasons.has(r));
  return reason ? { reason, message: FOUR_EYES_MESSAGES[reason] } : null;
}

type Maybe<T> = T | null | undefined;

/** Who is involved in a subject, as the records know them (null/undefined = nobody). */
export interface FourEyesParties {
  /** The caseworker(s): whoever filed the subject and the worker's assigned caseworker. */
  caseworkerId?: Maybe<string> | ReadonlyArray<Maybe<string>>;
  /** The investigator of the household's hardship file. */
  investigatorId?: Maybe<string>;
  /** The household's pairing leader(s) (结对领导). */
  pairingLeaderIds?: ReadonlyArray<Maybe<string>>;
  /** Users who approved an earlier stage of this subject. */
  earlierApprovers?: ReadonlyArray<Maybe<string>>;
}

function ids(value: Maybe<string> | ReadonlyArray<Maybe<string>>): string[] {
  const list: ReadonlyArray<Maybe<string>> = typeof value === 'string' || value == null ? [value] : value;
  return list.filter((id): id is string => typeof id === 'string' && id.length > 0);
}

/**
 * The exclusion list of a subject: everyone who may not approve it, with why. Missing parties are
 * skipped; each (user, reason) appears once; the list is in FOUR_EYES_REASONS order. A user excluded
 * for two reasons appears twice (fourEyesRefusal reports the first reason).
 */
export function fourEyesExclusions(parties: FourEyesParties): FourEyesExclusion[] {
  const byReason: Record<FourEyesReason, string[]> = {
    investigator: ids(parties.investigatorId),
    caseworker: ids(parties.caseworkerId),
    pairing_leader: ids(parties.pairingLeaderIds),
    earlier_approver: ids(parties.earlierApprovers),
  };
  const out: FourEyesExclusion[] = [];
  for (const reason of FOUR_EYES_REASONS) {
    for (const userId of new Set(byReason[reason])) out.push({ userId, reason });
  }
  return out;
}
