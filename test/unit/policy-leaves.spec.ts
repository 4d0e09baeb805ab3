import { DEFAULT_POLICY } from '../../libs/domain/policy/defaults';
import { validatePolicy } from '../../libs/domain/policy/schema';
import {
  changed,
  leafInput,
  parseLeafInput,
  policyLeaves,
  withValue,
} from '../../apps/web/src/pages/admin/policy-leaves';

/** The policy editor's leaves: every figure reachable, amounts in yuan, written back in place. */
const leaves = policyLeaves(DEFAULT_POLICY);
const leaf = (path: string) => {
  const l = leaves.find((x) => x.path === path);
  if (!l) throw new Error(`no leaf ${path}`);
  return l;
};

test('every figure of the default policy is a leaf, with coded lists keyed by code', () => {
  expect(leaf('noticeWorkingDays')).toMatchObject({ kind: 'number', value: 5, section: 'noticeWorkingDays' });
  expect(leaf('programs[illness].maxAmountFen')).toMatchObject({
    kind: 'fen',
    value: 500_000,
    section: 'programs',
  });
  expect(leaf('localities[370000].dibaoFenPerPersonMonth').tokens).toEqual([
    'localities',
    0,
    'dibaoFenPerPersonMonth',
  ]);
  // routing rules have no code: indexed; a null amount stays editable
  expect(leaf('routing[1].upToFen')).toMatchObject({ kind: 'fen', value: null });
  expect(leaf('campaign.reminderDaysBefore')).toMatchObject({ kind: 'list', value: [7, 2] });
  expect(leaf('programs[disaster].oncePerYear')).toMatchObject({ kind: 'boolean', value: true });
  // nothing is lost: writing every leaf back unchanged gives the same document
  const rebuilt = leaves.reduce<unknown>((d, l) => withValue(d, l.tokens, l.value), DEFAULT_POLICY);
  expect(rebuilt).toEqual(DEFAULT_POLICY);
});

test('amounts are typed in yuan and stored in fen; a bad amount or number is refused, not guessed', () => {
  const max = leaf('programs[illness].maxAmountFen');
  expect(leafInput(max)).toBe('5000.00');
  expect(parseLeafInput(max, '6,000.5')).toEqual({ ok: true, value: 600_050 });
  expect(parseLeafInput(max, 'abc')).toEqual({ ok: false, reason: 'amount' });
  expect(parseLeafInput(max, '1.234')).toEqual({ ok: false, reason: 'amount' });
  const days = leaf('noticeWorkingDays');
  expect(parseLeafInput(days, '7')).toEqual({ ok: true, value: 7 });
  expect(parseLeafInput(days, '')).toEqual({ ok: false, reason: 'number' });
  expect(parseLeafInput(leaf('routing[1].upToFen'), '')).toEqual({ ok: true, value: null });
  const reminders = leaf('campaign.reminderDaysBefore');
  expect(parseLeafInput(reminders, '10，3、1')).toEqual({ ok: true, value: [10, 3, 1] });
  expect(parseLeafInput(reminders, '10, x')).toEqual({ ok: false, reason: 'number' });
  expect(changed(days, 5)).toBe(false);
  expect(changed(days, 7)).toBe(true);
});

test('an edited document changes only the edited figure, and the policy check still accepts it', () => {
  const edited = withValue(DEFAULT_POLICY, leaf('programs[illness].maxAmountFen').tokens, 600_000);
  expect(edited.programs.find((p) => p.code === 'illness')!.maxAmountFen).toBe(600_000);
  expect(DEFAULT_POLICY.programs.find((p) => p.code === 'illness')!.maxAmountFen).toBe(500_000);
  expect(validatePolicy(edited)).toMatchObject({ ok: true });
});
