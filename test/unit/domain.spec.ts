import { checkApplicationAmount, statusAfterDecision, validateDecision } from '../../libs/domain/aid-case';
import { formatFen, isFen, isWithinRange, yuanToFen } from '../../libs/domain/money';
import { isWithinScope, orgPath } from '../../libs/domain/org-scope';
import { caseIdFromWorkflowId, workflowIds } from '../../libs/temporal/ids';

describe('money in fen', () => {
  test('yuan → fen is exact and refuses fractions', () => {
    expect(yuanToFen(5000)).toBe(500_000);
    expect(() => yuanToFen(0.1)).toThrow(RangeError);
  });
  test('formats fen as yuan with two decimals and thousands separators', () => {
    expect(formatFen(123_456)).toBe('1,234.56');
    expect(formatFen(5)).toBe('0.05');
    expect(formatFen(-100_000_00)).toBe('-100,000.00');
    expect(() => formatFen(1.5)).toThrow(RangeError);
  });
  test('isFen and ranges', () => {
    expect(isFen(10)).toBe(true);
    expect(isFen(10.5)).toBe(false);
    expect(isFen(Number.MAX_SAFE_INTEGER + 1)).toBe(false);
    expect(isWithinRange(50_000, 50_000, 500_000)).toBe(true);
    expect(isWithinRange(49_999, 50_000, 500_000)).toBe(false);
    expect(isWithinRange(500_001, 50_000, 500_000)).toBe(false);
  });
});

describe('application amount rule', () => {
  const illness = { code: 'illness', minAmountFen: 50_000, maxAmountFen: 500_000 };
  test('inside the range passes, outside names the rule', () => {
    expect(checkApplicationAmount(illness, 200_000)).toBeNull();
    expect(checkApplicationAmount(illness, 600_000)).toMatchObject({ rule: 'amount_in_program_range' });
    expect(checkApplicationAmount(illness, 10_000)?.message).toContain('between 50000 and 500000');
  });
});

describe('decision validation', () => {
  const open = { taskId: 't1', candidateRole: 'branch_chair' as const };
  const chair = { userId: 'u1', roles: ['branch_chair'] };
  test('a matching task, role and decision passes', () => {
    expect(validateDecision(open, { taskId: 't1', decision: 'approve', actor: chair })).toBeNull();
  });
  test('no open task or another task is stale', () => {
    expect(validateDecision(undefined, { taskId: 't1', decision: 'approve', actor: chair })?.kind).toBe(
      'stale',
    );
    expect(validateDecision(open, { taskId: 't2', decision: 'approve', actor: chair })?.kind).toBe('stale');
  });
  test('a caller without the candidate role is forbidden, admin included', () => {
    expect(
      validateDecision(open, {
        taskId: 't1',
        decision: 'approve',
        actor: { userId: 'u2', roles: ['union_chair'] },
      })?.kind,
    ).toBe('forbidden');
    expect(
      validateDecision(open, { taskId: 't1', decision: 'approve', actor: { userId: 'u3', roles: ['admin'] } })
        ?.kind,
    ).toBe('forbidden');
  });
  test('reject needs a comment; unknown decisions are invalid', () => {
    expect(validateDecision(open, { taskId: 't1', decision: 'reject', actor: chair })?.kind).toBe('invalid');
    expect(
      validateDecision(open, { taskId: 't1', decision: 'reject', comment: '  ', actor: chair })?.kind,
    ).toBe('invalid');
    expect(
      validateDecision(open, { taskId: 't1', decision: 'reject', comment: '不符合条件', actor: chair }),
    ).toBeNull();
    expect(validateDecision(open, { taskId: 't1', decision: 'maybe', actor: chair })?.kind).toBe('invalid');
  });
  test('status after decision', () => {
    expect(statusAfterDecision('approve')).toBe('approved');
    expect(statusAfterDecision('reject')).toBe('rejected');
  });
});

describe('org scope', () => {
  test('a unit sees itself and its subtree, not its siblings or parents', () => {
    const ent = orgPath('a', 'b');
    expect(ent).toBe('a.b');
    expect(isWithinScope('a.b', 'a.b')).toBe(true);
    expect(isWithinScope('a.b', 'a.b.c')).toBe(true);
    expect(isWithinScope('a.b', 'a.bc')).toBe(false);
    expect(isWithinScope('a.b', 'a')).toBe(false);
  });
});

describe('workflow ids come from business keys', () => {
  test('ids and their inverse', () => {
    expect(workflowIds.aidCase('c1')).toBe('aid-case:c1');
    expect(workflowIds.reassessment(2026, 1)).toBe('reassessment:2026Q1');
    expect(caseIdFromWorkflowId('aid-case:c1')).toBe('c1');
    expect(caseIdFromWorkflowId('loan:c1')).toBeNull();
  });
});
