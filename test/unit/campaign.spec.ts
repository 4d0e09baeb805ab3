import {
  campaignClock,
  checkCampaignPlan,
  standardFor,
  type CampaignPlanInput,
} from '../../libs/domain/campaign';
import { DEFAULT_CAMPAIGN_POLICY, checkCampaignPolicy } from '../../libs/domain/campaign-policy';
import { Checker } from '../../libs/domain/policy/checker';
import { DEFAULT_POLICY } from '../../libs/domain/policy/defaults';
import { validatePolicy } from '../../libs/domain/policy/schema';

const program = DEFAULT_POLICY.programs.find((p) => p.code === 'holiday_condolence')!;
const plan: CampaignPlanInput = {
  code: '2027-spring',
  occasion: 'spring_festival',
  periodStart: '2027-01-10',
  periodEnd: '2027-02-20',
  deliveryDeadline: '2027-02-05',
  categories: ['deep', 'relative'],
  standards: [
    { category: 'deep', cashFen: 80_000, goods: '米面油' },
    { category: 'relative', cashFen: 50_000, goods: null },
  ],
  fundSource: 'union_funds',
  budgetFen: 5_000_000,
  quotas: [{ orgUnitId: 'u1', maxHouseholds: 10 }],
};

describe('checkCampaignPlan', () => {
  test('a complete plan has no problems', () => {
    expect(checkCampaignPlan(plan, program)).toEqual([]);
  });
  test('the deadline lies within the period (params name the period)', () => {
    expect(checkCampaignPlan({ ...plan, deliveryDeadline: '2027-03-01' }, program)).toEqual([
      expect.objectContaining({
        field: 'deliveryDeadline',
        rule: 'within_period',
        params: { periodStart: '2027-01-10', periodEnd: '2027-02-20' },
      }),
    ]);
  });
  test('every qualifying category needs a standard; cash within the program range; cash or goods', () => {
    const rules = checkCampaignPlan(
      {
        ...plan,
        categories: ['deep', 'relative', 'accident'],
        standards: [
          { category: 'deep', cashFen: 10, goods: null },
          { category: 'relative', cashFen: 0, goods: ' ' },
        ],
      },
      program,
    ).map((p) => `${p.field}:${p.rule}`);
    expect(rules).toEqual([
      'standards[0].cashFen:amount_in_program_range',
      'standards[1]:cash_or_goods',
      'standards:standard_per_category',
    ]);
  });
  test('code, occasion, dates, budget and quotas are checked', () => {
    const rules = checkCampaignPlan(
      {
        ...plan,
        code: 'spring',
        occasion: 'xmas',
        periodEnd: '2027/02/20',
        budgetFen: 0,
        quotas: [{ orgUnitId: 'u', maxHouseholds: -1 }],
      },
      program,
    ).map((p) => p.rule);
    expect(rules).toEqual(['format', 'one_of', 'date', 'positive_fen', 'integer']);
  });
  test('goods-only standards are fine', () => {
    expect(standardFor([{ category: 'named', cashFen: 0, goods: '慰问品' }], 'named')).toEqual({
      category: 'named',
      cashFen: 0,
      goods: '慰问品',
    });
    expect(standardFor([], 'deep')).toBeNull();
  });
});

describe('campaignClock', () => {
  test('reminders at 09:00 China time N days before the deadline; escalation after the grace days', () => {
    const c = campaignClock('2027-02-05', {
      ...DEFAULT_CAMPAIGN_POLICY,
      reminderDaysBefore: [7, 2],
      escalationGraceDays: 3,
    });
    expect(c.reminders.map((r) => [r.daysBefore, new Date(r.atMs).toISOString()])).toEqual([
      [7, '2027-01-29T01:00:00.000Z'],
      [2, '2027-02-03T01:00:00.000Z'],
    ]);
    expect(new Date(c.deadlineEndMs).toISOString()).toBe('2027-02-05T16:00:00.000Z');
    expect(new Date(c.escalateAtMs).toISOString()).toBe('2027-02-08T16:00:00.000Z');
  });
});

describe('campaign policy', () => {
  test('the defaults validate as part of the policy', () => {
    expect(validatePolicy(JSON.parse(JSON.stringify(DEFAULT_POLICY))).ok).toBe(true);
  });
  test('refuses unknown stages, increasing reminder days and an unknown program', () => {
    const c = new Checker();
    const stages = new Set(DEFAULT_POLICY.stages.map((s) => s.code));
    expect(
      checkCampaignPolicy(
        c,
        { programCode: 'nope', planStages: ['ceo'], reminderDaysBefore: [2, 7], escalationGraceDays: 3 },
        DEFAULT_POLICY.programs,
        stages,
      ),
    ).toBeUndefined();
    expect(c.errors.map((e) => `${e.field}:${e.rule}`)).toEqual([
      'campaign.programCode:unknown_program',
      'campaign.planStages[0]:unknown_stage',
      'campaign.reminderDaysBefore[1]:decreasing',
    ]);
  });
});
