import { bilingual } from '../../apps/web/src/format';
import { computeCategory } from '../../libs/domain/category';
import { DEFAULT_POLICY } from '../../libs/domain/policy/defaults';

/** The category rule's explanation is stored as "中文 (English)": the console shows one language. */
const reasonFor = (annualIncomeFen: number, accidentEvent = false, hardship = 0) =>
  computeCategory(
    {
      members: 3,
      annualIncomeFen,
      annualRigidExpensesFen: 0,
      annualHardshipCostsFen: hardship,
      accidentEvent,
      localityCode: '370000',
    },
    DEFAULT_POLICY,
    1,
  ).reason;

test('every category reason reads in Chinese only in zh and in English only in en', () => {
  const reasons = [
    reasonFor(0),
    reasonFor(3_000_000),
    reasonFor(0, true),
    reasonFor(100_000_000),
    reasonFor(100_000, false, 90_000),
  ];
  for (const r of reasons) {
    const zh = bilingual(r, 'zh');
    const en = bilingual(r, 'en');
    expect(zh).toMatch(/[\u4e00-\u9fff]/);
    expect(zh).not.toMatch(/\b(income|minimum|standard|meets|hardship)\b/);
    expect(en).not.toMatch(/[\u4e00-\u9fff]/);
    expect(en.length).toBeGreaterThan(10);
  }
  expect(bilingual(reasonFor(0), 'zh')).toBe('人均月收入 0.00 元 < 低保 1,062.00 元');
  expect(bilingual(reasonFor(0), 'en')).toBe('per-capita monthly income below the minimum living standard');
  expect(bilingual('手工录入的说明', 'en')).toBe('手工录入的说明');
  expect(bilingual(null, 'zh')).toBe('—');
});
