/**
 * Policy of help plans (帮扶计划: suggested measures per cause of hardship) and of the effect
 * evaluation (帮扶效果评估): types, defaults and validation. Pure: no I/O.
 */
import { Checker, isObj, type Obj } from './policy/checker';

/** The causes of hardship a file records (hardship_files.causes). */
export const HARDSHIP_CAUSES = [
  'illness',
  'disability',
  'disaster',
  'accident',
  'education',
  'unemployment',
  'dependency_burden',
  'enterprise_difficulty',
  'other',
] as const;
export type HardshipCause = (typeof HARDSHIP_CAUSES)[number];

/**
 * Kinds of help measure (help_measures.kind). `employment` and `schooling` carry the outcomes the
 * evaluation counts (job found, child kept in school); `job_referral` and `tuition` are older kinds
 * kept for measures recorded before help plans.
 */
export const MEASURE_TYPES = [
  'medical',
  'schooling',
  'employment',
  'training',
  'counselling',
  'legal_aid',
  'mutual_aid',
  'housing',
  'food',
  'money',
  'other',
] as const;
export type MeasureType = (typeof MEASURE_TYPES)[number];

export interface SuggestedMeasure {
  type: MeasureType;
  /** Due this many days after the plan is made. */
  dueDays: number;
  /** What the measure aims at, as the console shows it (editable on the measure). */
  targetZh: string;
}

export interface HelpPlanPolicy {
  /** Suggested measures per cause (every cause listed; an empty list suggests nothing). */
  suggestedMeasures: Record<HardshipCause, SuggestedMeasure[]>;
  /** A measure task not done by its due date is escalated to this role after as long again. */
  escalateTo: string;
}

export interface EvaluationPolicy {
  /** A file re-opened for the same worker or household within this many months of exit is a relapse (返困). */
  relapseMonths: number;
  /** Active files are evaluated once a year, from this month (1–12) on. */
  annualMonth: number;
}

const S = (type: MeasureType, dueDays: number, targetZh: string): SuggestedMeasure => ({
  type,
  dueDays,
  targetZh,
});

export const DEFAULT_HELP_PLAN_POLICY: HelpPlanPolicy = {
  suggestedMeasures: {
    illness: [S('medical', 30, '申请大病救助、医疗互助报销'), S('mutual_aid', 60, '参加职工医疗互助')],
    disability: [S('medical', 30, '康复与残疾补贴申请'), S('employment', 90, '安排适合岗位或公益性岗位')],
    disaster: [S('housing', 30, '住房修缮或临时安置'), S('food', 15, '生活物资救助')],
    accident: [S('legal_aid', 30, '工伤认定与赔偿法律援助'), S('medical', 30, '医疗救助')],
    education: [S('schooling', 60, '子女继续就学（金秋助学、学费减免）')],
    unemployment: [S('employment', 60, '推荐就业岗位'), S('training', 90, '参加职业技能培训')],
    dependency_burden: [S('counselling', 30, '家庭心理疏导'), S('schooling', 60, '子女就学帮扶')],
    enterprise_difficulty: [S('legal_aid', 30, '追讨欠薪法律援助'), S('employment', 90, '转岗再就业')],
    other: [S('counselling', 30, '走访了解困难，心理疏导')],
  },
  escalateTo: 'branch_chair',
};

export const DEFAULT_EVALUATION_POLICY: EvaluationPolicy = { relapseMonths: 12, annualMonth: 12 };

export function checkHelpPlanPolicy(
  c: Checker,
  value: unknown,
  roles: readonly string[],
): HelpPlanPolicy | undefined {
  const obj = c.object(value, 'helpPlans', ['suggestedMeasures', 'escalateTo']);
  if (!obj) return undefined;
  const per = c.object(obj.suggestedMeasures, 'helpPlans.suggestedMeasures', HARDSHIP_CAUSES);
  let suggestedMeasures: Partial<Record<HardshipCause, SuggestedMeasure[]>> | undefined = per
    ? {}
    : undefined;
  if (per) {
    for (const cause of HARDSHIP_CAUSES) {
      const list = c.array(per, cause, 'helpPlans.suggestedMeasures', false);
      if (!list) {
        suggestedMeasures = undefined;
        continue;
      }
      const out: SuggestedMeasure[] = [];
      list.forEach((item, i) => {
        const path = `helpPlans.suggestedMeasures.${cause}[${i}]`;
        const o: Obj | undefined = c.object(item, path, ['type', 'dueDays', 'targetZh']);
        if (!o) return;
        let type: MeasureType | undefined;
        if (typeof o.type === 'string' && (MEASURE_TYPES as readonly string[]).includes(o.type))
          type = o.type as MeasureType;
        else c.add(`${path}.type`, 'one_of', `${path}.type must be one of ${MEASURE_TYPES.join(', ')}`);
        const dueDays = c.integer(o, 'dueDays', path, 1, 366);
        const targetZh = c.string(o, 'targetZh', path);
        if (type && dueDays !== undefined && targetZh !== undefined) out.push({ type, dueDays, targetZh });
      });
      if (suggestedMeasures && out.length === list.length) suggestedMeasures[cause] = out;
      else suggestedMeasures = undefined;
    }
  }
  let escalateTo = c.code(obj, 'escalateTo', 'helpPlans');
  if (escalateTo !== undefined && !roles.includes(escalateTo))
    escalateTo = c.add('helpPlans.escalateTo', 'unknown_role', `helpPlans.escalateTo: unknown role`);
  if (!suggestedMeasures || !escalateTo) return undefined;
  return { suggestedMeasures: suggestedMeasures as HelpPlanPolicy['suggestedMeasures'], escalateTo };
}

export function checkEvaluationPolicy(c: Checker, value: unknown): EvaluationPolicy | undefined {
  const obj = c.object(value, 'evaluation', ['relapseMonths', 'annualMonth']);
  if (!obj || !isObj(obj)) return undefined;
  const relapseMonths = c.integer(obj, 'relapseMonths', 'evaluation', 1, 60);
  const annualMonth = c.integer(obj, 'annualMonth', 'evaluation', 1, 12);
  if (relapseMonths === undefined || annualMonth === undefined) return undefined;
  return { relapseMonths, annualMonth };
}
