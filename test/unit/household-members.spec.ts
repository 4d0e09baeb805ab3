import { missingEvidence } from '../../libs/domain/file-evidence';
import { householdSize, householdSizeSql } from '../../libs/domain/household-size';
import { validateNationalId } from '../../libs/domain/national-id';
import { workerStatusRefusal } from '../../libs/domain/worker-status';

describe('household size (derived, never typed)', () => {
  test('the workers of the household and its members not removed', () => {
    expect(householdSize({ workers: 1, otherMembers: 0 })).toBe(1);
    expect(householdSize({ workers: 2, otherMembers: 3 })).toBe(5);
    const sql = householdSizeSql('$1');
    expect(sql).toContain('removed_at IS NULL');
    expect(sql).toContain('worker_id IS NULL');
  });
});

describe('evidence before approval', () => {
  test('members and an income entry in the window are needed, unless a note explains why', () => {
    expect(missingEvidence({ otherMembers: 0, incomeEntriesInWindow: 0, evidenceNote: null })).toEqual([
      'householdMembers',
      'incomeInWindow',
    ]);
    expect(missingEvidence({ otherMembers: 2, incomeEntriesInWindow: 0, evidenceNote: '  ' })).toEqual([
      'incomeInWindow',
    ]);
    expect(missingEvidence({ otherMembers: 0, incomeEntriesInWindow: 3, evidenceNote: undefined })).toEqual([
      'householdMembers',
    ]);
    expect(
      missingEvidence({ otherMembers: 0, incomeEntriesInWindow: 0, evidenceNote: '入户核实：独居无收入' }),
    ).toEqual([]);
    expect(missingEvidence({ otherMembers: 1, incomeEntriesInWindow: 1, evidenceNote: null })).toEqual([]);
  });
});

describe('worker status', () => {
  test('left and retired workers get no new applications; active (or unknown) ones do', () => {
    expect(workerStatusRefusal('active')).toBeNull();
    expect(workerStatusRefusal(undefined)).toBeNull();
    expect(workerStatusRefusal('left')).toMatchObject({ field: 'workerId', rule: 'worker_active' });
    expect(workerStatusRefusal('retired')?.message).toContain('已退休');
  });
});

describe('national ID (libs/domain/national-id.ts, re-exported by libs/security/pii.ts)', () => {
  test('format, birth date and check digit', () => {
    expect(validateNationalId('370102197803150015')).toEqual({ ok: true, normalised: '370102197803150015' });
    expect(validateNationalId('370102197803150016')).toMatchObject({ ok: false, rule: 'checksum' });
    expect(validateNationalId('37010219780230001X')).toMatchObject({ ok: false, rule: 'birth_date' });
    expect(validateNationalId('3701021978031500')).toMatchObject({ ok: false, rule: 'format' });
  });
});
