import { FOUR_EYES_REASONS, fourEyesExclusions, fourEyesRefusal } from '../../libs/domain/four-eyes';

describe('fourEyesRefusal', () => {
  test('a user who is not excluded may approve', () => {
    expect(fourEyesRefusal('u9', [])).toBeNull();
    expect(fourEyesRefusal('u9', [{ userId: 'u1', reason: 'investigator' }])).toBeNull();
  });

  test.each([
    ['investigator', 'the investigator cannot approve (四眼原则：调查人不能审批)'],
    ['caseworker', '经办人不能审批'],
    ['pairing_leader', '结对领导'],
    ['earlier_approver', '同一人不能审批两个环节'],
  ] as const)('%s is refused with an explanation', (reason, text) => {
    const refusal = fourEyesRefusal('u1', [
      { userId: 'u2', reason: 'investigator' },
      { userId: 'u1', reason },
    ]);
    expect(refusal?.reason).toBe(reason);
    expect(refusal?.message).toContain(text);
    expect(refusal?.message).toContain('four-eyes rule');
  });

  test('the investigator message reads in both languages', () => {
    expect(fourEyesRefusal('u1', [{ userId: 'u1', reason: 'investigator' }])?.message).toBe(
      'you investigated this file; four-eyes rule: the investigator cannot approve (四眼原则：调查人不能审批)',
    );
  });

  test('several reasons: the first in FOUR_EYES_REASONS order, whatever the list order', () => {
    expect([...FOUR_EYES_REASONS]).toEqual([
      'investigator',
      'caseworker',
      'pairing_leader',
      'earlier_approver',
    ]);
    expect(
      fourEyesRefusal('u1', [
        { userId: 'u1', reason: 'earlier_approver' },
        { userId: 'u1', reason: 'caseworker' },
      ])?.reason,
    ).toBe('caseworker');
  });
});

describe('fourEyesExclusions', () => {
  test('nobody involved: nobody excluded', () => {
    expect(fourEyesExclusions({})).toEqual([]);
    expect(
      fourEyesExclusions({
        caseworkerId: null,
        investigatorId: undefined,
        pairingLeaderIds: [null],
        earlierApprovers: [],
      }),
    ).toEqual([]);
  });

  test('every party with its reason, in FOUR_EYES_REASONS order whatever the argument order', () => {
    expect(
      fourEyesExclusions({
        earlierApprovers: ['a1', 'a2'],
        pairingLeaderIds: ['p1'],
        caseworkerId: 'c1',
        investigatorId: 'i1',
      }),
    ).toEqual([
      { userId: 'i1', reason: 'investigator' },
      { userId: 'c1', reason: 'caseworker' },
      { userId: 'p1', reason: 'pairing_leader' },
      { userId: 'a1', reason: 'earlier_approver' },
      { userId: 'a2', reason: 'earlier_approver' },
    ]);
  });

  test('the filer and the assigned caseworker are both caseworkers; the same person once', () => {
    expect(fourEyesExclusions({ caseworkerId: ['c1', 'c2', null] })).toEqual([
      { userId: 'c1', reason: 'caseworker' },
      { userId: 'c2', reason: 'caseworker' },
    ]);
    expect(fourEyesExclusions({ caseworkerId: ['c1', 'c1'], earlierApprovers: ['a1', 'a1'] })).toEqual([
      { userId: 'c1', reason: 'caseworker' },
      { userId: 'a1', reason: 'earlier_approver' },
    ]);
  });

  test('one person with two roles is listed for both; fourEyesRefusal reports the first', () => {
    const excluded = fourEyesExclusions({
      caseworkerId: 'u1',
      pairingLeaderIds: ['u1'],
      earlierApprovers: ['u1'],
    });
    expect(excluded).toHaveLength(3);
    expect(fourEyesRefusal('u1', excluded)?.reason).toBe('caseworker');
    expect(fourEyesRefusal('u2', excluded)).toBeNull();
  });
});
