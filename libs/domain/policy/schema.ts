/**
 * Structural and semantic validation of a policy document (an admin's new version): validatePolicy,
 * with the field readers of checker.ts.
 *
 * Pure and deterministic: imported by Temporal workflow code, so no I/O, no Node built-ins, no
 * framework imports.
 */
import { checkAccountPolicy } from '../account-policy';
import { HARDSHIP_CATEGORY_CODES } from '../category';
import { checkEarlyWarningPolicy, checkRecertificationPolicy, checkSubsidyPolicy } from '../lifecycle-policy';
import { validateLoanPolicy } from '../loan';
import { checkCampaignPolicy, checkTuitionPolicy } from '../campaign-policy';
import { checkEvaluationPolicy, checkHelpPlanPolicy } from '../help-plan-policy';
import { checkPairingPolicy } from '../pairing-policy';
import { Checker, at, isObj, type Obj, type PolicyValidationError } from './checker';
import type {
  HardshipCategory,
  LocalityDibao,
  PolicyData,
  ProgramPolicy,
  RoutingRule,
  StageDef,
} from '../policy-types';
import { ROLES, isRole } from '../roles';
import { ANY_PROGRAM } from '../routing';

export type { PolicyValidationError };

export type PolicyValidationResult =
  { ok: true; data: PolicyData } | { ok: false; errors: PolicyValidationError[] };

const POLICY_KEYS = [
  'localities',
  'category',
  'programs',
  'stages',
  'routing',
  'fileStages',
  'noticeWorkingDays',
  'stageDueWorkingDays',
  'escalationGraceWorkingDays',
  'followUpDays',
  'reservationExpiryDays',
  'exitMonthsAbove',
  'loan',
  'subsidy',
  'recertification',
  'earlyWarning',
  'reassessment',
  'accounts',
  'campaign',
  'tuition',
  'pairing',
  'hrCrossCheck',
  'helpPlans',
  'evaluation',
] as const;
const HR_CROSS_CHECK_KEYS = ['gapThresholdPercent'] as const;
const REASSESSMENT_KEYS = [
  'schedule',
  'staleDays',
  'recheckDueDays',
  'maxOpenChildren',
  'pageSize',
  'exitFollowUpMonths',
  'exitStages',
] as const;
const SCHEDULE_KEYS = ['months', 'dayOfMonth', 'hour', 'timezone'] as const;

/** A list of whole numbers in [min, max], strictly increasing, non-empty. */
function checkIncreasingInts(
  c: Checker,
  obj: Obj,
  key: string,
  path: string,
  min: number,
  max: number,
): number[] | undefined {
  const list = c.array(obj, key, path, true);
  if (!list) return undefined;
  const field = at(path, key);
  let ok = true;
  list.forEach((v, i) => {
    if (typeof v !== 'number' || !Number.isSafeInteger(v) || v < min || v > max) {
      ok = false;
      c.add(at(field, i), 'range', `${at(field, i)} must be a whole number from ${min} to ${max}`);
    } else if (i > 0 && typeof list[i - 1] === 'number' && v <= (list[i - 1] as number)) {
      ok = false;
      c.add(at(field, i), 'increasing', `${field} must be strictly increasing`);
    }
  });
  return ok ? (list as number[]) : undefined;
}

function checkReassessment(
  c: Checker,
  value: unknown,
  stageCodes: ReadonlySet<string>,
): PolicyData['reassessment'] | undefined {
  const obj = c.object(value, 'reassessment', REASSESSMENT_KEYS);
  if (!obj) return undefined;
  const sch = c.object(obj.schedule, 'reassessment.schedule', SCHEDULE_KEYS);
  const months = sch ? checkIncreasingInts(c, sch, 'months', 'reassessment.schedule', 1, 12) : undefined;
  const dayOfMonth = sch ? c.integer(sch, 'dayOfMonth', 'reassessment.schedule', 1, 28) : undefined;
  const hour = sch ? c.integer(sch, 'hour', 'reassessment.schedule', 0, 23) : undefined;
  let timezone = sch ? c.string(sch, 'timezone', 'reassessment.schedule') : undefined;
  if (timezone !== undefined && !/^[A-Za-z_]+(\/[A-Za-z_+-]+)*$|^UTC$/.test(timezone)) {
    timezone = c.add(
      'reassessment.schedule.timezone',
      'timezone',
      'reassessment.schedule.timezone must be an IANA time zone like "Asia/Shanghai"',
    );
  }
  const staleDays = c.integer(obj, 'staleDays', 'reassessment', 1, 730);
  const recheckDueDays = c.integer(obj, 'recheckDueDays', 'reassessment', 1, 366);
  const maxOpenChildren = c.integer(obj, 'maxOpenChildren', 'reassessment', 1, 500);
  const pageSize = c.integer(obj, 'pageSize', 'reassessment', 10, 10_000);
  const exitFollowUpMonths = checkIncreasingInts(c, obj, 'exitFollowUpMonths', 'reassessment', 1, 60);
  const exitStages = checkStageRefs(c, obj, 'exitStages', 'reassessment', stageCodes);
  if (
    months === undefined ||
    dayOfMonth === undefined ||
    hour === undefined ||
    timezone === undefined ||
    staleDays === undefined ||
    recheckDueDays === undefined ||
    maxOpenChildren === undefined ||
    pageSize === undefined ||
    exitFollowUpMonths === undefined ||
    exitStages === undefined
  ) {
    return undefined;
  }
  return {
    schedule: { months, dayOfMonth, hour, timezone },
    staleDays,
    recheckDueDays,
    maxOpenChildren,
    pageSize,
    exitFollowUpMonths,
    exitStages,
  };
}
const LOCALITY_KEYS = ['code', 'nameZh', 'dibaoFenPerPersonMonth'] as const;
const CATEGORY_KEYS = ['relativeMultiplierPercent', 'accidentCostSharePercent'] as const;
const PROGRAM_KEYS = [
  'code',
  'nameZh',
  'nameEn',
  'minAmountFen',
  'maxAmountFen',
  'oncePerYear',
  'eligibleCategories',
  'requiresActiveFile',
  'noticeFromFen',
] as const;
const STAGE_KEYS = ['code', 'nameZh', 'nameEn', 'candidateRole'] as const;
const ROUTING_KEYS = ['program', 'upToFen', 'stages'] as const;

/** Upper bound for working-day settings: about one working year. */
export const MAX_WORKING_DAYS = 250;

function allDefined<T>(items: Array<T | undefined>): items is T[] {
  return items.every((item) => item !== undefined);
}

function checkLocality(c: Checker, value: unknown, path: string): LocalityDibao | undefined {
  const obj = c.object(value, path, LOCALITY_KEYS);
  if (!obj) return undefined;
  const code = c.string(obj, 'code', path);
  const nameZh = c.string(obj, 'nameZh', path);
  let dibao = c.fen(obj, 'dibaoFenPerPersonMonth', path);
  if (dibao === 0) {
    dibao = c.add(
      at(path, 'dibaoFenPerPersonMonth'),
      'positive_fen',
      `${at(path, 'dibaoFenPerPersonMonth')} (低保) must be more than 0 fen`,
    );
  }
  if (code === undefined || nameZh === undefined || dibao === undefined) return undefined;
  return { code: code, nameZh, dibaoFenPerPersonMonth: dibao };
}

function checkCategorySettings(c: Checker, value: unknown): PolicyData['category'] | undefined {
  const obj = c.object(value, 'category', CATEGORY_KEYS);
  if (!obj) return undefined;
  // Below 100% the relative band would sit inside the deep band; above 10× it is meaningless.
  const relativeMultiplierPercent = c.integer(obj, 'relativeMultiplierPercent', 'category', 100, 1000);
  const accidentCostSharePercent = c.integer(obj, 'accidentCostSharePercent', 'category', 1, 100);
  if (relativeMultiplierPercent === undefined || accidentCostSharePercent === undefined) return undefined;
  return { relativeMultiplierPercent, accidentCostSharePercent };
}

function checkEligibleCategories(c: Checker, obj: Obj, path: string): HardshipCategory[] | undefined {
  const list = c.array(obj, 'eligibleCategories', path, false);
  if (!list) return undefined;
  const field = at(path, 'eligibleCategories');
  const categories = list.map((item, i): HardshipCategory | undefined => {
    if (typeof item === 'string' && (HARDSHIP_CATEGORY_CODES as readonly string[]).includes(item)) {
      return item as HardshipCategory;
    }
    return c.add(
      at(field, i),
      'unknown_category',
      `${at(field, i)} must be one of ${HARDSHIP_CATEGORY_CODES.join(', ')}, got ${JSON.stringify(item)}`,
    );
  });
  c.unique(categories, (i) => at(field, i), 'category');
  return allDefined(categories) ? categories : undefined;
}

function checkProgram(c: Checker, value: unknown, path: string): ProgramPolicy | undefined {
  const obj = c.object(value, path, PROGRAM_KEYS);
  if (!obj) return undefined;
  const code = c.code(obj, 'code', path);
  const nameZh = c.string(obj, 'nameZh', path);
  const nameEn = c.string(obj, 'nameEn', path);
  const minAmountFen = c.fen(obj, 'minAmountFen', path);
  let maxAmountFen = c.fen(obj, 'maxAmountFen', path);
  if (minAmountFen !== undefined && maxAmountFen !== undefined && minAmountFen > maxAmountFen) {
    maxAmountFen = c.add(
      at(path, 'maxAmountFen'),
      'min_le_max',
      `${at(path, 'maxAmountFen')} (${maxAmountFen}) must not be less than minAmountFen (${minAmountFen})`,
    );
  }
  const oncePerYear = c.boolean(obj, 'oncePerYear', path);
  let eligibleCategories = checkEligibleCategories(c, obj, path);
  const requiresActiveFile = c.boolean(obj, 'requiresActiveFile', path);
  if (requiresActiveFile === false && eligibleCategories && eligibleCategories.length > 0) {
    // A category is read from an active file, so a category restriction needs one.
    eligibleCategories = c.add(
      at(path, 'eligibleCategories'),
      'category_needs_file',
      `${at(path, 'eligibleCategories')} restricts categories, so requiresActiveFile must be true`,
    );
  }
  const noticeFromFen = c.fen(obj, 'noticeFromFen', path, true);
  if (
    code === undefined ||
    nameZh === undefined ||
    nameEn === undefined ||
    minAmountFen === undefined ||
    maxAmountFen === undefined ||
    oncePerYear === undefined ||
    eligibleCategories === undefined ||
    requiresActiveFile === undefined ||
    noticeFromFen === undefined
  ) {
    return undefined;
  }
  return {
    code,
    nameZh,
    nameEn,
    minAmountFen,
    maxAmountFen,
    oncePerYear,
    eligibleCategories,
    requiresActiveFile,
    noticeFromFen,
  };
}

function checkStage(c: Checker, value: unknown, path: string): StageDef | undefined {
  const obj = c.object(value, path, STAGE_KEYS);
  if (!obj) return undefined;
  const code = c.code(obj, 'code', path);
  const nameZh = c.string(obj, 'nameZh', path);
  const nameEn = c.string(obj, 'nameEn', path);
  let candidateRole = c.string(obj, 'candidateRole', path);
  if (candidateRole !== undefined && !isRole(candidateRole)) {
    candidateRole = c.add(
      at(path, 'candidateRole'),
      'unknown_role',
      `${at(path, 'candidateRole')} must be one of ${ROLES.join(', ')}, got "${candidateRole}"`,
    );
  }
  if (code === undefined || nameZh === undefined || nameEn === undefined || !isRole(candidateRole)) {
    return undefined;
  }
  return { code, nameZh, nameEn, candidateRole };
}

/** A list of stage codes that must be non-empty, known and without repeats. */
function checkStageRefs(
  c: Checker,
  obj: Obj,
  key: string,
  path: string,
  stageCodes: ReadonlySet<string>,
): string[] | undefined {
  const list = c.array(obj, key, path, true);
  if (!list) return undefined;
  const field = at(path, key);
  const refs = list.map((item, i): string | undefined => {
    if (typeof item !== 'string') return c.add(at(field, i), 'type', `${at(field, i)} must be a stage code`);
    if (!stageCodes.has(item)) {
      return c.add(at(field, i), 'unknown_stage', `${at(field, i)} refers to undefined stage "${item}"`);
    }
    return item;
  });
  c.unique(refs, (i) => at(field, i), 'stage');
  return allDefined(refs) ? refs : undefined;
}

function checkRoutingRule(
  c: Checker,
  value: unknown,
  path: string,
  programCodes: ReadonlySet<string>,
  stageCodes: ReadonlySet<string>,
): RoutingRule | undefined {
  const obj = c.object(value, path, ROUTING_KEYS);
  if (!obj) return undefined;
  let program = c.string(obj, 'program', path);
  if (program !== undefined && program !== ANY_PROGRAM && !programCodes.has(program)) {
    program = c.add(
      at(path, 'program'),
      'unknown_program',
      `${at(path, 'program')} must be "${ANY_PROGRAM}" or a defined program code, got "${program}"`,
    );
  }
  const upToFen = c.fen(obj, 'upToFen', path, true);
  const stages = checkStageRefs(c, obj, 'stages', path, stageCodes);
  if (program === undefined || upToFen === undefined || stages === undefined) return undefined;
  return { program, upToFen, stages };
}

function isCatchAll(rule: unknown): boolean {
  return isObj(rule) && rule.program === ANY_PROGRAM && rule.upToFen === null;
}

function checkRouting(
  c: Checker,
  obj: Obj,
  programCodes: ReadonlySet<string>,
  stageCodes: ReadonlySet<string>,
): RoutingRule[] | undefined {
  const list = c.array(obj, 'routing', '', true);
  if (!list) return undefined;
  const rules = list.map((item, i) => checkRoutingRule(c, item, at('routing', i), programCodes, stageCodes));
  const catchAll = list.findIndex(isCatchAll);
  if (catchAll < 0) {
    c.add(
      'routing',
      'catch_all_required',
      `routing needs a catch-all rule (program "${ANY_PROGRAM}", upToFen null) so that every case routes`,
    );
  } else {
    for (let i = catchAll + 1; i < list.length; i++) {
      c.add(
        at('routing', i),
        'unreachable_rule',
        `routing[${i}] comes after the catch-all routing[${catchAll}] and never applies`,
      );
    }
  }
  return allDefined(rules) ? rules : undefined;
}

function checkList<T>(
  c: Checker,
  obj: Obj,
  key: string,
  item: (c: Checker, value: unknown, path: string) => T | undefined,
): Array<T | undefined> | undefined {
  const list = c.array(obj, key, '', true);
  return list?.map((value, i) => item(c, value, at(key, i)));
}

/** The string `code` of each entry of a raw list (undefined where there is none), by index. */
function rawCodes(list: unknown): Array<string | undefined> {
  if (!Array.isArray(list)) return [];
  return list.map((entry) => (isObj(entry) && typeof entry.code === 'string' ? entry.code : undefined));
}

/** Codes of the entries that at least have a string code, to check references against. */
function codesOf(list: unknown): Set<string> {
  return new Set(rawCodes(list).filter((code) => code !== undefined));
}

/**
 * Structural and semantic validation of a policy document (e.g. an admin's new version).
 * On success returns a fresh copy holding exactly the known fields.
 */
export function validatePolicy(data: unknown): PolicyValidationResult {
  const c = new Checker();
  const obj = c.object(data, '', POLICY_KEYS);
  if (!obj) return { ok: false, errors: c.errors };

  const localities = checkList(c, obj, 'localities', checkLocality);
  if (localities) c.unique(rawCodes(obj.localities), (i) => `localities[${i}].code`, 'locality code');

  const category = checkCategorySettings(c, obj.category);

  const programs = checkList(c, obj, 'programs', checkProgram);
  if (programs) c.unique(rawCodes(obj.programs), (i) => `programs[${i}].code`, 'program code');

  const stages = checkList(c, obj, 'stages', checkStage);
  if (stages) c.unique(rawCodes(obj.stages), (i) => `stages[${i}].code`, 'stage code');

  const programCodes = codesOf(obj.programs);
  const stageCodes = codesOf(obj.stages);
  const routing = checkRouting(c, obj, programCodes, stageCodes);
  const fileStages = checkStageRefs(c, obj, 'fileStages', '', stageCodes);

  const noticeWorkingDays = c.integer(obj, 'noticeWorkingDays', '', 1, MAX_WORKING_DAYS);
  const stageDueWorkingDays = c.integer(obj, 'stageDueWorkingDays', '', 1, MAX_WORKING_DAYS);
  const escalationGraceWorkingDays = c.integer(obj, 'escalationGraceWorkingDays', '', 1, MAX_WORKING_DAYS);
  const followUpDays = c.integer(obj, 'followUpDays', '', 1, 366);
  const reservationExpiryDays = c.integer(obj, 'reservationExpiryDays', '', 1, 366);
  const exitMonthsAbove = c.integer(obj, 'exitMonthsAbove', '', 1, 36);
  const loan = validateLoanPolicy(obj.loan, stageCodes);
  if (!loan.ok) c.errors.push(...loan.errors);
  const subsidy = checkSubsidyPolicy(c, obj.subsidy, obj.programs);
  const recertification = checkRecertificationPolicy(c, obj.recertification);
  const earlyWarning = checkEarlyWarningPolicy(c, obj.earlyWarning);
  const reassessment = checkReassessment(c, obj.reassessment, stageCodes);
  const accounts = checkAccountPolicy(c, obj.accounts);
  const campaign = checkCampaignPolicy(c, obj.campaign, obj.programs, stageCodes);
  const tuition = checkTuitionPolicy(c, obj.tuition, obj.programs);
  const helpPlans = checkHelpPlanPolicy(c, obj.helpPlans, ROLES);
  const evaluation = checkEvaluationPolicy(c, obj.evaluation);
  const pairing = checkPairingPolicy(c, obj.pairing);
  const hrObj = c.object(obj.hrCrossCheck, 'hrCrossCheck', HR_CROSS_CHECK_KEYS);
  const gapThresholdPercent = hrObj
    ? c.integer(hrObj, 'gapThresholdPercent', 'hrCrossCheck', 0, 100)
    : undefined;

  if (
    c.errors.length > 0 ||
    !localities ||
    !allDefined(localities) ||
    !category ||
    !programs ||
    !allDefined(programs) ||
    !stages ||
    !allDefined(stages) ||
    !routing ||
    !fileStages ||
    noticeWorkingDays === undefined ||
    stageDueWorkingDays === undefined ||
    escalationGraceWorkingDays === undefined ||
    followUpDays === undefined ||
    reservationExpiryDays === undefined ||
    exitMonthsAbove === undefined ||
    !loan.ok ||
    !subsidy ||
    !recertification ||
    !earlyWarning ||
    reassessment === undefined ||
    !accounts ||
    campaign === undefined ||
    tuition === undefined ||
    gapThresholdPercent === undefined ||
    !helpPlans ||
    !evaluation ||
    pairing === undefined
  ) {
    return { ok: false, errors: c.errors };
  }
  return {
    ok: true,
    data: {
      localities,
      category,
      programs,
      stages,
      routing,
      fileStages,
      noticeWorkingDays,
      stageDueWorkingDays,
      escalationGraceWorkingDays,
      followUpDays,
      reservationExpiryDays,
      exitMonthsAbove,
      loan: loan.data,
      subsidy,
      recertification,
      earlyWarning,
      reassessment,
      accounts,
      campaign,
      tuition,
      pairing,
      hrCrossCheck: { gapThresholdPercent },
      helpPlans,
      evaluation,
    },
  };
}
