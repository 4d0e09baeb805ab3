/**
 * Defaults and validation of the policy sections `subsidy`, `recertification` and `earlyWarning`
 * (called from validatePolicy in policy/schema.ts, with the Checker of policy/checker.ts). Pure: imported by workflow code.
 */
import {
  EARLY_WARNING_KINDS,
  RECERTIFICATION_MODES,
  type EarlyWarningKind,
  type EarlyWarningPolicy,
  type RecertificationPolicy,
  type SubsidyPolicy,
} from './lifecycle';
import { HARDSHIP_CATEGORY_CODES } from './category';
import type { Checker } from './policy/checker';
import type { HardshipCategory } from './policy-types';

/**
 * 定期补助 from the source regulation's aid standards (seeds/003: "处于最低生活保障线以下的，每季度视情
 * 给予300至500元的定期补助金"): households below 低保, i.e. deep hardship (深度困难), 300 yuan per
 * quarter (the floor of the 300–500 range; editable), charged to the regular_subsidy program.
 */
export const DEFAULT_SUBSIDY_POLICY: SubsidyPolicy = {
  programCode: 'regular_subsidy',
  fundSource: null,
  amounts: [{ category: 'deep', amountFenPerQuarter: 30_000 }],
};

/**
 * 年度复核: the sources ask for a re-check every quarter and every year (每季度、每年度摸排); the
 * yearly round defaults to the fourth quarter, with 10 working days to finish the task.
 */
export const DEFAULT_RECERTIFICATION_POLICY: RecertificationPolicy = {
  mode: 'fixed_quarter',
  quarter: 4,
  dueWorkingDays: 10,
};

/** 预警事件: the outreach (走访慰问) is due 3 working days after the report, as approval stages are. */
export const DEFAULT_EARLY_WARNING_POLICY: EarlyWarningPolicy = {
  outreachDueWorkingDays: 3,
  dueWorkingDaysByKind: {},
};

const MAX_WORKING_DAYS = 250;

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

export function checkSubsidyPolicy(c: Checker, value: unknown, programs: unknown): SubsidyPolicy | undefined {
  const obj = c.object(value, 'subsidy', ['programCode', 'fundSource', 'amounts']);
  if (!obj) return undefined;
  const programCode = c.code(obj, 'programCode', 'subsidy');
  const program = Array.isArray(programs)
    ? (programs.find((p) => isObj(p) && p.code === programCode) as Obj | undefined)
    : undefined;
  let programOk = programCode !== undefined;
  if (programCode !== undefined && !program) {
    programOk = false;
    c.add(
      'subsidy.programCode',
      'unknown_program',
      `subsidy.programCode refers to undefined program "${programCode}"`,
    );
  }
  let fundSource: string | null | undefined;
  if (obj.fundSource === undefined) c.add('subsidy.fundSource', 'required', 'subsidy.fundSource is required');
  else if (obj.fundSource === null) fundSource = null;
  else fundSource = c.code(obj, 'fundSource', 'subsidy');

  const list = c.array(obj, 'amounts', 'subsidy', false);
  const amounts: SubsidyPolicy['amounts'] = [];
  let amountsOk = list !== undefined;
  const seen = new Set<string>();
  list?.forEach((item, i) => {
    const path = `subsidy.amounts[${i}]`;
    const o = c.object(item, path, ['category', 'amountFenPerQuarter']);
    if (!o) return void (amountsOk = false);
    const category = o.category;
    if (typeof category !== 'string' || !(HARDSHIP_CATEGORY_CODES as readonly string[]).includes(category)) {
      amountsOk = false;
      c.add(
        `${path}.category`,
        'unknown_category',
        `${path}.category must be one of ${HARDSHIP_CATEGORY_CODES.join(', ')}`,
      );
    } else if (seen.has(category)) {
      amountsOk = false;
      c.add(`${path}.category`, 'unique', `category "${category}" appears more than once in subsidy.amounts`);
    }
    // Not tied to the program's min–max (that range is for aid cases of the program); only > 0.
    let amount = c.fen(o, 'amountFenPerQuarter', path);
    if (amount === 0) {
      amount = c.add(
        `${path}.amountFenPerQuarter`,
        'positive_fen',
        `${path}.amountFenPerQuarter must be more than 0 fen`,
      );
    }
    if (amount === undefined) amountsOk = false;
    if (typeof category === 'string') seen.add(category);
    if (amountsOk && amount !== undefined)
      amounts.push({ category: category as HardshipCategory, amountFenPerQuarter: amount });
  });
  if (!programOk || fundSource === undefined || !amountsOk || programCode === undefined) return undefined;
  return { programCode, fundSource, amounts };
}

export function checkRecertificationPolicy(c: Checker, value: unknown): RecertificationPolicy | undefined {
  const obj = c.object(value, 'recertification', ['mode', 'quarter', 'dueWorkingDays']);
  if (!obj) return undefined;
  let mode = c.string(obj, 'mode', 'recertification') as RecertificationPolicy['mode'] | undefined;
  if (mode !== undefined && !RECERTIFICATION_MODES.includes(mode)) {
    c.add(
      'recertification.mode',
      'one_of',
      `recertification.mode must be one of ${RECERTIFICATION_MODES.join(', ')}, got "${mode}"`,
    );
    mode = undefined;
  }
  const quarter = c.integer(obj, 'quarter', 'recertification', 1, 4) as 1 | 2 | 3 | 4 | undefined;
  const dueWorkingDays = c.integer(obj, 'dueWorkingDays', 'recertification', 1, MAX_WORKING_DAYS);
  if (mode === undefined || quarter === undefined || dueWorkingDays === undefined) return undefined;
  return { mode, quarter, dueWorkingDays };
}

export function checkEarlyWarningPolicy(c: Checker, value: unknown): EarlyWarningPolicy | undefined {
  const obj = c.object(value, 'earlyWarning', ['outreachDueWorkingDays', 'dueWorkingDaysByKind']);
  if (!obj) return undefined;
  const due = c.integer(obj, 'outreachDueWorkingDays', 'earlyWarning', 1, MAX_WORKING_DAYS);
  const byKindRaw = c.object(
    obj.dueWorkingDaysByKind,
    'earlyWarning.dueWorkingDaysByKind',
    EARLY_WARNING_KINDS,
  );
  const byKind: Partial<Record<EarlyWarningKind, number>> = {};
  let ok = byKindRaw !== undefined;
  if (byKindRaw) {
    for (const kind of EARLY_WARNING_KINDS) {
      if (byKindRaw[kind] === undefined) continue;
      const n = c.integer(byKindRaw, kind, 'earlyWarning.dueWorkingDaysByKind', 1, MAX_WORKING_DAYS);
      if (n === undefined) ok = false;
      else byKind[kind] = n;
    }
  }
  if (due === undefined || !ok) return undefined;
  return { outreachDueWorkingDays: due, dueWorkingDaysByKind: byKind };
}
