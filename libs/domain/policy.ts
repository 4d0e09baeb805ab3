/**
 * Aid policy rules: defaults, validation, category (困难类别认定), routing, eligibility, four-eyes.
 *
 * Pure and deterministic: imported by Temporal workflow code, so no I/O, no Node built-ins, no
 * framework imports, no wall-clock time and no randomness. Money is integer fen throughout; the
 * category rule compares by cross-multiplying in BigInt so no float ever decides a boundary.
 */
import { formatFen, isFen } from './money';
import {
  CATEGORY_LABELS,
  type CategoryDecision,
  type HardshipCategory,
  type HouseholdFigures,
  type LocalityDibao,
  type PolicyData,
  type ProgramPolicy,
  type RoutingRule,
  type StageDef,
} from './policy-types';
import { ROLES, isRole } from './roles';
import { DEFAULT_LOAN_POLICY, validateLoanPolicy } from './loan';
import {
  DEFAULT_EARLY_WARNING_POLICY,
  DEFAULT_RECERTIFICATION_POLICY,
  DEFAULT_SUBSIDY_POLICY,
  checkEarlyWarningPolicy,
  checkRecertificationPolicy,
  checkSubsidyPolicy,
} from './lifecycle-policy';

/** All hardship categories, most severe first (the precedence computeCategory applies). */
export const HARDSHIP_CATEGORY_CODES: readonly HardshipCategory[] = ['deep', 'accident', 'relative'];

/** Program codes of the default policy (admins may add more; these are the ones the regulations name). */
export const DEFAULT_PROGRAM_CODES = [
  'disaster',
  'illness',
  'regular_subsidy',
  'tuition',
  'holiday_condolence',
  'hospital_visit',
] as const;

/** Routing rule program value that matches any program. */
export const ANY_PROGRAM = '*';

/** Amount up to which grassroots + union approval is enough; above it the company leader decides too. */
const LEADER_THRESHOLD_FEN = 200_000;

function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) deepFreeze(child);
  }
  return value;
}

/**
 * The default policy (version 1), from the source regulations. Every figure is editable by admin
 * through a new policy version. Frozen: copy before changing.
 */
export const DEFAULT_POLICY: PolicyData = deepFreeze<PolicyData>({
  localities: [
    // Published provincial example in the domain notes: Shandong 2025, 1,062 yuan/person/month.
    { code: '370000', nameZh: '山东省', dibaoFenPerPersonMonth: 106_200 },
    // Illustrative examples only (urban 低保 as published for 2024); check the locality's current
    // published standard before relying on them.
    { code: '110000', nameZh: '北京市', dibaoFenPerPersonMonth: 145_000 },
    { code: '310000', nameZh: '上海市', dibaoFenPerPersonMonth: 151_000 },
  ],
  category: { relativeMultiplierPercent: 200, accidentCostSharePercent: 80 },
  programs: [
    {
      code: 'disaster',
      nameZh: '灾害及突发事件救助',
      nameEn: 'Disaster and emergency relief',
      minAmountFen: 50_000,
      maxAmountFen: 500_000,
      oncePerYear: true,
      eligibleCategories: [],
      // Emergencies may come before a file exists.
      requiresActiveFile: false,
      noticeFromFen: 200_000,
    },
    {
      code: 'illness',
      nameZh: '大病救助',
      nameEn: 'Serious illness relief',
      minAmountFen: 50_000,
      maxAmountFen: 500_000,
      oncePerYear: true,
      eligibleCategories: [],
      requiresActiveFile: true,
      noticeFromFen: 200_000,
    },
    {
      // Paid each quarter while per-capita income stays below 低保, i.e. to deep-hardship files.
      code: 'regular_subsidy',
      nameZh: '定期补助',
      nameEn: 'Regular subsidy (quarterly)',
      minAmountFen: 30_000,
      maxAmountFen: 50_000,
      oncePerYear: false,
      eligibleCategories: ['deep'],
      requiresActiveFile: true,
      noticeFromFen: 200_000,
    },
    {
      code: 'tuition',
      nameZh: '金秋助学',
      nameEn: 'Tuition aid (Golden Autumn)',
      minAmountFen: 200_000,
      maxAmountFen: 200_000,
      oncePerYear: true,
      eligibleCategories: [],
      requiresActiveFile: true,
      noticeFromFen: 200_000,
    },
    {
      // New Year, Spring Festival, Mid-Autumn and summer 送清凉: several per year.
      code: 'holiday_condolence',
      nameZh: '节日送温暖',
      nameEn: 'Holiday condolence',
      minAmountFen: 20_000,
      maxAmountFen: 100_000,
      oncePerYear: false,
      eligibleCategories: [],
      requiresActiveFile: true,
      noticeFromFen: null,
    },
    {
      code: 'hospital_visit',
      nameZh: '住院探望',
      nameEn: 'Hospital visit',
      minAmountFen: 20_000,
      maxAmountFen: 100_000,
      oncePerYear: false,
      eligibleCategories: [],
      requiresActiveFile: false,
      noticeFromFen: null,
    },
  ],
  stages: [
    {
      code: 'grassroots',
      nameZh: '基层工会主席审批',
      nameEn: 'Grassroots chair approval',
      candidateRole: 'branch_chair',
    },
    { code: 'union', nameZh: '公司工会审批', nameEn: 'Company union approval', candidateRole: 'union_chair' },
    { code: 'leader', nameZh: '公司负责人审批', nameEn: 'Company leader approval', candidateRole: 'leader' },
  ],
  routing: [
    { program: ANY_PROGRAM, upToFen: LEADER_THRESHOLD_FEN, stages: ['grassroots', 'union'] },
    { program: ANY_PROGRAM, upToFen: null, stages: ['grassroots', 'union', 'leader'] },
  ],
  fileStages: ['grassroots', 'union'],
  noticeWorkingDays: 5,
  stageDueWorkingDays: 3,
  escalationGraceWorkingDays: 2,
  followUpDays: 30,
  reservationExpiryDays: 60,
  exitMonthsAbove: 6,
  loan: DEFAULT_LOAN_POLICY,
  // 定期补助: "处于最低生活保障线以下的，每季度视情给予300至500元的定期补助金" (seeds/003, the
  // regulation's aid standards); below 低保 is the deep-hardship category. The floor of the range.
  subsidy: DEFAULT_SUBSIDY_POLICY,
  recertification: DEFAULT_RECERTIFICATION_POLICY,
  earlyWarning: DEFAULT_EARLY_WARNING_POLICY,
  reassessment: {
    schedule: { months: [1, 4, 7, 10], dayOfMonth: 1, hour: 0, timezone: 'Asia/Shanghai' },
    staleDays: 120,
    recheckDueDays: 30,
    maxOpenChildren: 50,
    pageSize: 1000,
    exitFollowUpMonths: [3, 6, 12],
    exitStages: ['union'],
  },
});

// ---------------------------------------------------------------------------------------------
// Validation
// ---------------------------------------------------------------------------------------------

/**
 * One problem in a policy document. `rule` is one of: required, type, unknown_field, non_empty,
 * code_format, fen, positive_fen, integer, range, min_le_max, unique, unknown_role, unknown_stage,
 * unknown_program, unknown_category, category_needs_file, catch_all_required, unreachable_rule.
 */
export interface PolicyValidationError {
  field: string;
  rule: string;
  message: string;
}

export type PolicyValidationResult =
  { ok: true; data: PolicyData } | { ok: false; errors: PolicyValidationError[] };

/** Program and stage codes are lower-case identifiers (so "*" can never be a program code). */
const CODE_PATTERN = /^[a-z][a-z0-9_]*$/;

type Obj = Record<string, unknown>;

function isObj(value: unknown): value is Obj {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function at(path: string, key: string | number): string {
  if (typeof key === 'number') return `${path}[${key}]`;
  return path ? `${path}.${key}` : key;
}

export class Checker {
  readonly errors: PolicyValidationError[] = [];

  add(field: string, rule: string, message: string): undefined {
    this.errors.push({ field, rule, message });
    return undefined;
  }

  /** An object with exactly the allowed keys (missing keys are reported by the field readers). */
  object(value: unknown, path: string, allowed: readonly string[]): Obj | undefined {
    if (value === undefined) return this.add(path, 'required', `${path || 'policy'} is required`);
    if (!isObj(value)) return this.add(path, 'type', `${path || 'policy'} must be an object`);
    for (const key of Object.keys(value)) {
      if (!allowed.includes(key)) this.add(at(path, key), 'unknown_field', `unknown field ${at(path, key)}`);
    }
    return value;
  }

  private present(obj: Obj, key: string, path: string): unknown {
    const value = obj[key];
    if (value === undefined) this.add(at(path, key), 'required', `${at(path, key)} is required`);
    return value;
  }

  string(obj: Obj, key: string, path: string): string | undefined {
    const field = at(path, key);
    const value = this.present(obj, key, path);
    if (value === undefined) return undefined;
    if (typeof value !== 'string') return this.add(field, 'type', `${field} must be a string`);
    if (!value.trim()) return this.add(field, 'non_empty', `${field} must not be empty`);
    return value;
  }

  code(obj: Obj, key: string, path: string): string | undefined {
    const value = this.string(obj, key, path);
    if (value !== undefined && !CODE_PATTERN.test(value)) {
      const field = at(path, key);
      return this.add(
        field,
        'code_format',
        `${field} must be a lower-case identifier like "illness", got "${value}"`,
      );
    }
    return value;
  }

  boolean(obj: Obj, key: string, path: string): boolean | undefined {
    const value = this.present(obj, key, path);
    if (value === undefined) return undefined;
    if (typeof value !== 'boolean')
      return this.add(at(path, key), 'type', `${at(path, key)} must be true or false`);
    return value;
  }

  /** Integer fen ≥ 0; `nullable` allows null. */
  fen(obj: Obj, key: string, path: string, nullable: true): number | null | undefined;
  fen(obj: Obj, key: string, path: string, nullable?: false): number | undefined;
  fen(obj: Obj, key: string, path: string, nullable = false): number | null | undefined {
    const field = at(path, key);
    const value = this.present(obj, key, path);
    if (value === undefined) return undefined;
    if (value === null && nullable) return null;
    if (!isFen(value) || value < 0) {
      return this.add(
        field,
        'fen',
        `${field} must be a whole number of fen ≥ 0${nullable ? ' or null' : ''}`,
      );
    }
    return value;
  }

  integer(obj: Obj, key: string, path: string, min: number, max: number): number | undefined {
    const field = at(path, key);
    const value = this.present(obj, key, path);
    if (value === undefined) return undefined;
    if (typeof value !== 'number') return this.add(field, 'type', `${field} must be a number`);
    if (!Number.isSafeInteger(value)) return this.add(field, 'integer', `${field} must be a whole number`);
    if (value < min || value > max) {
      return this.add(field, 'range', `${field} must be from ${min} to ${max}, got ${value}`);
    }
    return value;
  }

  array(obj: Obj, key: string, path: string, nonEmpty: boolean): unknown[] | undefined {
    const field = at(path, key);
    const value = this.present(obj, key, path);
    if (value === undefined) return undefined;
    if (!Array.isArray(value)) return this.add(field, 'type', `${field} must be a list`);
    if (nonEmpty && value.length === 0) return this.add(field, 'non_empty', `${field} must not be empty`);
    return value;
  }

  /** Reports the second and later occurrences of each code. */
  unique(codes: Array<string | undefined>, fieldOf: (index: number) => string, what: string): void {
    const seen = new Set<string>();
    codes.forEach((code, index) => {
      if (code === undefined) return;
      if (seen.has(code)) this.add(fieldOf(index), 'unique', `${what} "${code}" appears more than once`);
      seen.add(code);
    });
  }
}

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
] as const;
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
const MAX_WORKING_DAYS = 250;

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
    reassessment === undefined
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
    },
  };
}

// ---------------------------------------------------------------------------------------------
// Look-ups
// ---------------------------------------------------------------------------------------------

export function findProgram(policy: PolicyData, code: string): ProgramPolicy | undefined {
  return policy.programs.find((p) => p.code === code);
}

/** 低保 of a locality, fen per person per month. */
export function dibaoFor(policy: PolicyData, localityCode: string): number | undefined {
  return policy.localities.find((l) => l.code === localityCode)?.dibaoFenPerPersonMonth;
}

// ---------------------------------------------------------------------------------------------
// Category (困难类别认定)
// ---------------------------------------------------------------------------------------------

/** Floor division for BigInt (BigInt `/` truncates towards zero). */
function floorDiv(n: bigint, d: bigint): bigint {
  const q = n / d;
  return n % d !== 0n && n < 0n !== d < 0n ? q - 1n : q;
}

/** ceil / floor of (n × pct / 100) in fen, for display of a percentage of 低保. */
function percentOf(fen: number, pct: number, round: 'floor' | 'ceil'): number {
  const n = BigInt(fen) * BigInt(pct);
  const q = floorDiv(n, 100n);
  return Number(round === 'ceil' && q * 100n !== n ? q + 1n : q);
}

function assertFigures(figures: HouseholdFigures): void {
  if (!Number.isSafeInteger(figures.members) || figures.members < 1) {
    throw new RangeError(`members must be a whole number ≥ 1, got ${figures.members}`);
  }
  for (const key of ['annualIncomeFen', 'annualRigidExpensesFen', 'annualHardshipCostsFen'] as const) {
    const value = figures[key];
    if (!isFen(value) || value < 0)
      throw new RangeError(`${key} must be a whole number of fen ≥ 0, got ${value}`);
  }
}

const ALSO_MEETS_EN: Record<HardshipCategory, string> = {
  deep: 'deep hardship',
  relative: 'relative hardship',
  accident: 'accident-caused hardship',
};

/**
 * Sets the hardship category from the household figures.
 *
 * Per-capita monthly figure = (annual income − rigid expenses) ÷ 12 ÷ members, compared exactly by
 * cross-multiplying (no floats); `perCapitaMonthlyFen` stores its floor and may be negative.
 * - deep 深度困难: figure < 低保;
 * - relative 相对困难: figure < relativeMultiplierPercent% × 低保;
 * - accident 意外致困: an accident event, or hardship costs > accidentCostSharePercent% of income
 *   (any costs count as over when income is 0).
 * A household may meet several; the most severe wins: deep, then accident, then relative. Equality
 * never qualifies (exactly 低保 is not deep, exactly 2 × 低保 is not relative, exactly 80% is not
 * accident). Throws on an unknown locality or malformed figures.
 */
export function computeCategory(
  figures: HouseholdFigures,
  policy: PolicyData,
  policyVersion: number,
): CategoryDecision {
  assertFigures(figures);
  const dibaoFen = dibaoFor(policy, figures.localityCode);
  if (dibaoFen === undefined) {
    const known = policy.localities.map((l) => l.code).join(', ') || 'none';
    throw new Error(
      `unknown locality "${figures.localityCode}": policy version ${policyVersion} has no 低保 standard for it (known: ${known})`,
    );
  }
  const { relativeMultiplierPercent: relPct, accidentCostSharePercent: accPct } = policy.category;

  const net = BigInt(figures.annualIncomeFen) - BigInt(figures.annualRigidExpensesFen);
  const personMonths = 12n * BigInt(figures.members);
  const dibaoPerHouseholdYear = BigInt(dibaoFen) * personMonths;
  const perCapitaMonthlyFen = Number(floorDiv(net, personMonths));

  const deep = net < dibaoPerHouseholdYear;
  const relative = 100n * net < BigInt(relPct) * dibaoPerHouseholdYear;
  const costsOver =
    100n * BigInt(figures.annualHardshipCostsFen) > BigInt(accPct) * BigInt(figures.annualIncomeFen);
  const accident = figures.accidentEvent || costsOver;

  const met = HARDSHIP_CATEGORY_CODES.filter((code) => ({ deep, accident, relative })[code]);
  const category = met[0] ?? null;

  const perCapita = `人均月收入 ${formatFen(perCapitaMonthlyFen)} 元`;
  const dibao = `低保 ${formatFen(dibaoFen)} 元`;
  let reason: string;
  switch (category) {
    case 'deep':
      reason = `${perCapita} < ${dibao} (per-capita monthly income below the minimum living standard)`;
      break;
    case 'accident':
      reason = figures.accidentEvent
        ? '因灾害、重大事故、疫情或公共安全事件致伤、致残、致亡 (injured, disabled or killed in a disaster, major accident, epidemic or public-security event)'
        : `年度致困支出 ${formatFen(figures.annualHardshipCostsFen)} 元 > 家庭年收入 ${formatFen(figures.annualIncomeFen)} 元的 ${accPct}% (the year's hardship costs exceed ${accPct}% of household income)`;
      break;
    case 'relative':
      // ceil keeps the shown inequality true when the threshold has a fraction of a fen
      reason = `${perCapita} ≥ ${dibao}，但 < 低保的 ${relPct}% ${formatFen(percentOf(dibaoFen, relPct, 'ceil'))} 元 (per-capita monthly income below ${relPct}% of the minimum living standard)`;
      break;
    default:
      reason = `${perCapita} ≥ 低保的 ${relPct}% ${formatFen(percentOf(dibaoFen, relPct, 'floor'))} 元，且无意外致困情形 (per-capita monthly income not below ${relPct}% of the minimum living standard, and no accident-caused hardship)`;
  }
  for (const other of met.slice(1)) {
    if (other === 'relative' && deep) continue; // deep implies relative; not worth saying
    reason += `；同时符合${CATEGORY_LABELS[other].zh} (also meets ${ALSO_MEETS_EN[other]})`;
  }

  return {
    category,
    policyVersion,
    inputs: {
      members: figures.members,
      annualIncomeFen: figures.annualIncomeFen,
      annualRigidExpensesFen: figures.annualRigidExpensesFen,
      annualHardshipCostsFen: figures.annualHardshipCostsFen,
      accidentEvent: figures.accidentEvent,
      localityCode: figures.localityCode,
      perCapitaMonthlyFen,
      dibaoFen,
    },
    reason,
  };
}

// ---------------------------------------------------------------------------------------------
// Routing
// ---------------------------------------------------------------------------------------------

/**
 * The approval stages of an aid case: the first routing rule whose program matches (exact code or
 * "*") and whose upToFen bounds the amount (amountFen <= upToFen; null = unbounded). Throws when no
 * rule matches or a rule names an undefined stage (a validated policy never does).
 */
export function routeStages(policy: PolicyData, programCode: string, amountFen: number): StageDef[] {
  if (!isFen(amountFen) || amountFen < 0) {
    throw new RangeError(`amountFen must be a whole number of fen ≥ 0, got ${amountFen}`);
  }
  const rule = policy.routing.find(
    (r) =>
      (r.program === ANY_PROGRAM || r.program === programCode) &&
      (r.upToFen === null || amountFen <= r.upToFen),
  );
  if (!rule) {
    throw new Error(`no routing rule matches program "${programCode}" and amount ${amountFen} fen`);
  }
  return rule.stages.map((code) => {
    const stage = policy.stages.find((s) => s.code === code);
    if (!stage) throw new Error(`routing refers to undefined stage "${code}"`);
    return { ...stage };
  });
}

// ---------------------------------------------------------------------------------------------
// Eligibility of an aid application
// ---------------------------------------------------------------------------------------------

/** Eligibility rules in the order checkEligibility applies them. */
export const ELIGIBILITY_RULES = [
  'program_exists',
  'amount_in_program_range',
  'active_file_required',
  'category_eligible',
  'no_open_case_same_program',
  'once_per_year',
] as const;
export type EligibilityRule = (typeof ELIGIBILITY_RULES)[number];

export interface EligibilityInput {
  policy: PolicyData;
  programCode: string;
  amountFen: number;
  /** The household's hardship file, or null when it has none. */
  file: { status: string; category: HardshipCategory | null } | null;
  /** Cases of this program for the household in the current calendar year (any status but withdrawn/rejected, as the caller counts). */
  casesThisYearSameProgram: number;
  /** Cases of this program for the household still in progress. */
  openCasesSameProgram: number;
}

export interface EligibilityRefusal {
  rule: EligibilityRule;
  field: string;
  message: string;
}

function programLabel(program: ProgramPolicy): string {
  return `${program.code} (${program.nameZh})`;
}

function amountText(fen: number): string {
  return `${formatFen(fen)} yuan (${fen} fen)`;
}

/** First business rule an aid application breaks, or null when it may proceed (422 when refused). */
export function checkEligibility(input: EligibilityInput): EligibilityRefusal | null {
  const { policy, programCode, amountFen, file } = input;
  const program = findProgram(policy, programCode);
  if (!program) {
    return {
      rule: 'program_exists',
      field: 'program',
      message: `unknown aid program "${programCode}" (未知的帮扶项目); known programs: ${policy.programs.map((p) => p.code).join(', ')}`,
    };
  }

  if (!isFen(amountFen) || amountFen < program.minAmountFen || amountFen > program.maxAmountFen) {
    const range = `${formatFen(program.minAmountFen)}–${formatFen(program.maxAmountFen)} yuan (${program.minAmountFen}–${program.maxAmountFen} fen)`;
    const got = isFen(amountFen) ? amountText(amountFen) : String(amountFen);
    return {
      rule: 'amount_in_program_range',
      field: 'amountFen',
      message: `amount must be within ${range} for program ${programLabel(program)} (超出帮扶标准); got ${got}`,
    };
  }

  const active = file !== null && file.status === 'active';
  if (program.requiresActiveFile && !active) {
    return {
      rule: 'active_file_required',
      field: 'workerId',
      message: file
        ? `program ${programLabel(program)} needs an active hardship file (困难职工档案), but the worker's file is ${file.status}`
        : `program ${programLabel(program)} needs an active hardship file (困难职工档案), but the worker has none`,
    };
  }

  if (program.eligibleCategories.length > 0) {
    const category = active ? file.category : null;
    if (category === null || !program.eligibleCategories.includes(category)) {
      const wanted = program.eligibleCategories.map((c) => `${c} (${CATEGORY_LABELS[c].zh})`).join(', ');
      const has = category
        ? `${category} (${CATEGORY_LABELS[category].zh})`
        : 'no category on an active file';
      return {
        rule: 'category_eligible',
        field: 'workerId',
        message: `program ${programLabel(program)} is only for files in category ${wanted}; the worker has ${has}`,
      };
    }
  }

  if (input.openCasesSameProgram > 0) {
    return {
      rule: 'no_open_case_same_program',
      field: 'program',
      message: `the household already has an open ${programLabel(program)} case; finish it before applying again (同一项目已有在办申请)`,
    };
  }

  if (program.oncePerYear && input.casesThisYearSameProgram > 0) {
    return {
      rule: 'once_per_year',
      field: 'program',
      message: `program ${programLabel(program)} is given at most once a year per household, and it was already given this year (同类帮扶每年原则上只享受一次)`,
    };
  }
  return null;
}

// ---------------------------------------------------------------------------------------------
// Four-eyes rule (四眼原则)
// ---------------------------------------------------------------------------------------------

/** Why a user may not approve, in the precedence fourEyesRefusal reports them. */
export const FOUR_EYES_REASONS = [
  'investigator',
  'caseworker',
  'pairing_leader',
  'earlier_approver',
] as const;
export type FourEyesReason = (typeof FOUR_EYES_REASONS)[number];

export interface FourEyesExclusion {
  userId: string;
  reason: FourEyesReason;
}

export interface FourEyesRefusal {
  reason: FourEyesReason;
  message: string;
}

const FOUR_EYES_MESSAGES: Record<FourEyesReason, string> = {
  investigator:
    'you investigated this file; four-eyes rule: the investigator cannot approve (四眼原则：调查人不能审批)',
  caseworker:
    'you handled this case as caseworker; four-eyes rule: the caseworker who filed it cannot approve (四眼原则：经办人不能审批)',
  pairing_leader:
    "you are this household's pairing leader; four-eyes rule: the paired leader cannot approve aid for the household (四眼原则：结对领导不能审批所结对户)",
  earlier_approver:
    'you already approved an earlier stage of this case; four-eyes rule: one person cannot approve two stages (四眼原则：同一人不能审批两个环节)',
};

/**
 * Refuses an approver who is excluded from deciding (the investigator, the caseworker, the
 * household's pairing leader, or someone who approved an earlier stage). When the actor is excluded
 * for several reasons, the first in FOUR_EYES_REASONS order is reported, whatever the list order.
 */
export function fourEyesRefusal(
  actorUserId: string,
  excluded: ReadonlyArray<{ userId: string; reason: FourEyesReason }>,
): FourEyesRefusal | null {
  const reasons = new Set(excluded.filter((e) => e.userId === actorUserId).map((e) => e.reason));
  const reason = FOUR_EYES_REASONS.find((r) => reasons.has(r));
  return reason ? { reason, message: FOUR_EYES_MESSAGES[reason] } : null;
}
