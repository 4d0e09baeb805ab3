import { ErrorRule } from '../../../../libs/domain/error-rules';
import { AppException } from '../common/errors';

/** The stable rule codes the pairing API answers with (the `rule` of an error detail). */
export enum PairingErrorCode {
  OrgScope = 'org_scope',
  Exists = 'exists',
  PairingExists = 'pairing_exists',
  PairingLive = 'pairing_live',
  PairingLeaderOnly = 'pairing_leader_only',
  AfterPairingStart = 'after_pairing_start',
  EndAfterStart = 'end_after_start',
  LeaderActive = 'leader_active',
  NotInFuture = 'not_in_future',
}

export const PairingExceptions = {
  notFound: (id: string) => AppException.notFound('pairing', 'pairingId', id),
  householdNotFound: (id: string) => AppException.notFound('household', 'householdId', id),
  outOfScope: (field: string) =>
    AppException.forbidden(`${field} lies outside your org subtree`, PairingErrorCode.OrgScope),
  leaderInactive: (leaderId: string) =>
    AppException.validation([
      {
        field: 'leaderId',
        rule: PairingErrorCode.LeaderActive,
        message: 'the pairing leader must be an active user account',
        params: { id: leaderId },
      },
    ]),
  endBeforeStart: (startDate: string) =>
    AppException.validation([
      {
        field: 'endDate',
        rule: PairingErrorCode.EndAfterStart,
        message: 'the end date must not be before the start date',
        params: { startDate },
      },
    ]),
  exists: (householdCode: string) =>
    AppException.conflict('this leader is already paired with the household', [
      {
        field: 'leaderId',
        rule: PairingErrorCode.PairingExists,
        message: 'a leader has one live pairing per household',
        params: { householdCode },
      },
    ]),
  notLive: (status: string) =>
    AppException.conflict(`the pairing is ${status}`, [
      {
        field: 'pairingId',
        rule: PairingErrorCode.PairingLive,
        message: 'visits are logged on a live pairing only',
        params: { status },
      },
    ]),
  leaderOnly: () =>
    AppException.forbidden(
      'only the paired leader logs visits of this pairing',
      PairingErrorCode.PairingLeaderOnly,
    ),
  beforeStart: (startDate: string) =>
    AppException.validation([
      {
        field: 'visitedOn',
        rule: PairingErrorCode.AfterPairingStart,
        message: 'the visit cannot be before the pairing started',
        params: { startDate },
      },
    ]),
  inFuture: (todayDate: string) =>
    AppException.validation([
      {
        field: 'visitedOn',
        rule: ErrorRule.NotInFuture,
        message: 'the visit date cannot be in the future',
        params: { todayDate },
      },
    ]),
};
