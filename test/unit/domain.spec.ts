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
