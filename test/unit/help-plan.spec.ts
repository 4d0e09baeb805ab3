import { isMeasureOverdue, measureOutcomes, suggestMeasures } from '../../libs/domain/help-plan';
import {
  checkEvaluationPolicy,
  checkHelpPlanPolicy,
  DEFAULT_HELP_PLAN_POLICY,
  HARDSHIP_CAUSES,
  type HelpPlanPolicy,
} from '../../libs/domain/help-plan-policy';
import { Checker } from '../../libs/domain/policy/checker';
import { ROLES } from '../../libs/domain/roles';
import { validatePolicy } from '../../libs/domain/policy/schema';
import { DEFAULT_POLICY } from '../../libs/domain/policy/defaults';

const policy: HelpPlanPolicy = {
  escalateTo: 'branch_chair',
  suggestedMeasures: {
    ...DEFAULT_HELP_PLAN_POLICY.suggestedMeasures,
    illness: [{ type: 'medical', dueDays: 30, targetZh: '医疗救助' }],
    unemployment: [
      { type: 'employment', dueDays: 60, targetZh: '推荐就业' },
      { type: 'training', dueDays: 90, targetZh: '技能培训' },
    ],
    disability: [
      { type: 'medical', dueDays: 10, targetZh: '康复' },
      { type: 'employment', dueDays: 90, targetZh: '公益岗位' },
    ],
    education: [{ type: 'schooling', dueDays: 45, targetZh: '保学' }],
    other: [],
  },
};

test('measures are suggested per cause, in the order of the causes, due dueDays after today', () => {
  expect(suggestMeasures(['unemployment', 'education'], policy, '2026-12-20')).toEqual([
    { cause: 'unemployment', type: 'employment', dueOn: '2027-02-18', target: '推荐就业' },
    { cause: 'unemployment', type: 'training', dueOn: '2027-03-20', target: '技能培训' },
    { cause: 'education', type: 'schooling', dueOn: '2027-02-03', target: '保学' },
  ]);
});

test('a type suggested by two causes is kept once, for the first cause, with the earliest due date', () => {
  const s = suggestMeasures(['illness', 'disability'], policy, '2026-01-01');
  expect(s).toEqual([
    { cause: 'illness', type: 'medical', dueOn: '2026-01-11', target: '医疗救助' },
    { cause: 'disability', type: 'employment', dueOn: '2026-04-01', target: '公益岗位' },
  ]);
});

test('unknown causes and causes without suggestions suggest nothing', () => {
  expect(suggestMeasures(['other', 'not_a_cause'], policy, '2026-01-01')).toEqual([]);
  expect(suggestMeasures([], policy, '2026-01-01')).toEqual([]);
});

test('the default policy suggests medical, schooling, employment, training, counselling and legal aid', () => {
  const types = new Set(
    HARDSHIP_CAUSES.flatMap((c) => suggestMeasures([c], DEFAULT_HELP_PLAN_POLICY, '2026-01-01')).map(
      (m) => m.type,
    ),
  );
  for (const t of ['medical', 'schooling', 'employment', 'training', 'counselling', 'legal_aid'])
    expect(types).toContain(t);
});

test('outcomes by measure type: jobs for employment, school for schooling, achieved otherwise', () => {
  expect(measureOutcomes('employment')).toEqual(['job_found', 'no_job']);
  expect(measureOutcomes('schooling')).toEqual(['kept_in_school', 'left_school']);
  expect(measureOutcomes('medical')).toEqual(['achieved', 'not_achieved']);
});

test('a measure is overdue when still open after its due date', () => {
  expect(isMeasureOverdue({ status: 'planned', dueOn: '2026-03-31' }, '2026-04-01')).toBe(true);
  expect(isMeasureOverdue({ status: 'in_progress', dueOn: '2026-03-31' }, '2026-04-01')).toBe(true);
  expect(isMeasureOverdue({ status: 'planned', dueOn: '2026-04-01' }, '2026-04-01')).toBe(false);
  expect(isMeasureOverdue({ status: 'done', dueOn: '2026-01-01' }, '2026-04-01')).toBe(false);
  expect(isMeasureOverdue({ status: 'dropped', dueOn: '2026-01-01' }, '2026-04-01')).toBe(false);
  expect(isMeasureOverdue({ status: 'planned', dueOn: null }, '2026-04-01')).toBe(false);
});

test('help-plan policy validation: unknown type, due days out of range, unknown role, missing cause', () => {
  const c = new Checker();
  const bad = {
    suggestedMeasures: {
      ...DEFAULT_HELP_PLAN_POLICY.suggestedMeasures,
      illness: [{ type: 'magic', dueDays: 0, targetZh: 'x' }],
      other: undefined,
    },
    escalateTo: 'nobody',
  };
  expect(checkHelpPlanPolicy(c, bad, ROLES)).toBeUndefined();
  expect(c.errors.map((e) => `${e.field}:${e.rule}`)).toEqual(
    expect.arrayContaining([
      'helpPlans.suggestedMeasures.illness[0].type:one_of',
      'helpPlans.suggestedMeasures.illness[0].dueDays:range',
      'helpPlans.suggestedMeasures.other:required',
      'helpPlans.escalateTo:unknown_role',
    ]),
  );
  const ok = new Checker();
  expect(checkHelpPlanPolicy(ok, DEFAULT_HELP_PLAN_POLICY, ROLES)).toEqual(DEFAULT_HELP_PLAN_POLICY);
  expect(ok.errors).toEqual([]);
});

test('evaluation policy validation and the default policy validate', () => {
  const c = new Checker();
  expect(checkEvaluationPolicy(c, { relapseMonths: 0, annualMonth: 13 })).toBeUndefined();
  expect(c.errors.map((e) => e.field)).toEqual(['evaluation.relapseMonths', 'evaluation.annualMonth']);
  const v = validatePolicy(DEFAULT_POLICY);
  expect(v.ok).toBe(true);
});
