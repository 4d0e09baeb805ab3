/**
 * Eligibility of an aid application (who may apply for what, how much and how often), including the
 * one definition of "counted this year" for once-a-year programs. The API checks it before starting
 * the aid-case workflow and the workflow's first activity checks it again when it records the case.
 *
 * Pure and deterministic: imported by Temporal workflow code (no I/O, no Node built-ins).
 */
import { CASE_STATUSES, OPEN_CASE_STATUSES, type CaseStatus } from './aid-case';
import { chinaDate } from './calendar';
import type { ErrorParams } from './error-rules';
import { DomainError, FailureType } from './errors';
import { formatFen, isFen } from './money';
import { findProgram } from './policy/lookup';
import { workerStatusRefusal } from './worker-status';
import { CATEGORY_LABELS, type HardshipCategory, type PolicyData, type ProgramPolicy } from './policy-types';

// ---------------------------------------------------------------------------------------------
// "Counted this year" (once a year: 同类帮扶每年原则上只享受一次)
// ---------------------------------------------------------------------------------------------

/**
 * Case statuses that count towards a once-a-year program ("given this year"): a case in progress,
 * paid or closed. A refused application (`rejected`), one the caseworker withdrew (`withdrawn`) and an
 * approval whose funds were never paid out (`expired`) gave the household nothing, so they do not
 * block a new application. (Until 2026-12 withdrawn and expired cases counted too.)
 */
export const NOT_COUNTED_STATUSES: readonly CaseStatus[] = ['rejected', 'withdrawn', 'expired'];
export const COUNTED_THIS_YEAR_STATUSES: readonly CaseStatus[] = CASE_STATUSES.filter(
  (status) => !NOT_COUNTED_STATUSES.includes(status),
);

/** The calendar year of an instant in China Standard Time (UTC+8): the year once-a-year counts in. */
export function chinaYear(instant: Date): number {
  return Number(chinaDate(instant).slice(0, 4));
}

/**
 * Whether a case counts as "given this year" for the once-a-year rule: its status is one of
 * COUNTED_THIS_YEAR_STATUSES and it was submitted in `year` (China calendar year, UTC+8).
 * The repository's SQL applies the same definition with the same constant.
 */
export function countedThisYear(c: { status: string; submittedAt: Date }, year: number): boolean {
  return (
    (COUNTED_THIS_YEAR_STATUSES as readonly string[]).includes(c.status) && chinaYear(c.submittedAt) === year
  );
}

/** Whether a case is still open (OPEN_CASE_STATUSES), i.e. blocks another application of the same program. */
export function countedOpen(c: { status: string }): boolean {
  return (OPEN_CASE_STATUSES as readonly string[]).includes(c.status);
}

// ---------------------------------------------------------------------------------------------
// The eligibility check
// ---------------------------------------------------------------------------------------------

/** Eligibility rules in the order checkEligibility applies them. */
export const ELIGIBILITY_RULES = [
  'worker_active',
  'program_exists',
  'amount_in_program_range',
  'active_file_required',
  'category_eligible',
  'no_open_case_same_program',
  'once_per_year',
] as const;
export type EligibilityRule = (typeof ELIGIBILITY_RULES)[number];

/** What the records say about the applicant (CasesRepository.eligibilityFacts reads them). */
export interface EligibilityFacts {
  /** The household's hardship file, or null when it has none. */
  file: { status: string; category: HardshipCategory | null } | null;
  /** Cases of this program for the household that count this year (see countedThisYear). */
  casesThisYearSameProgram: number;
  /** Cases of this program for the household still open (see countedOpen). */
  openCasesSameProgram: number;
  /** The worker's employment status (libs/domain/worker-status.ts); absent = active. */
  workerStatus?: string;
}

export interface EligibilityInput extends EligibilityFacts {
  policy: PolicyData;
  programCode: string;
  amountFen: number;
}

export interface EligibilityRefusal {
  rule: EligibilityRule;
  field: string;
  message: string;
  /** The figures the console words the refusal with (amounts in fen; program and category codes). */
  params: ErrorParams;
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
  const inactive = workerStatusRefusal(input.workerStatus);
  if (inactive) return { ...inactive, params: { status: input.workerStatus ?? '' } };
  const program = findProgram(policy, programCode);
  if (!program) {
    return {
      rule: 'program_exists',
      field: 'program',
      params: { program: programCode, allowed: policy.programs.map((p) => p.code).join(', ') },
      message: `unknown aid program "${programCode}" (未知的帮扶项目); known programs: ${policy.programs.map((p) => p.code).join(', ')}`,
    };
  }

  if (!isFen(amountFen) || amountFen < program.minAmountFen || amountFen > program.maxAmountFen) {
    const range = `${formatFen(program.minAmountFen)}–${formatFen(program.maxAmountFen)} yuan (${program.minAmountFen}–${program.maxAmountFen} fen)`;
    const got = isFen(amountFen) ? amountText(amountFen) : String(amountFen);
    return {
      rule: 'amount_in_program_range',
      field: 'amountFen',
      params: {
        program: program.code,
        minFen: program.minAmountFen,
        maxFen: program.maxAmountFen,
        ...(isFen(amountFen) ? { amountFen } : {}),
      },
      message: `amount must be within ${range} for program ${programLabel(program)} (超出帮扶标准); got ${got}`,
    };
  }

  const active = file !== null && file.status === 'active';
  if (program.requiresActiveFile && !active) {
    return {
      rule: 'active_file_required',
      field: 'workerId',
      params: { program: program.code, fileStatus: file ? file.status : 'none' },
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
        params: {
          program: program.code,
          allowed: program.eligibleCategories.join(', '),
          category: category ?? 'none',
        },
        message: `program ${programLabel(program)} is only for files in category ${wanted}; the worker has ${has}`,
      };
    }
  }

  if (input.openCasesSameProgram > 0) {
    return {
      rule: 'no_open_case_same_program',
      field: 'program',
      params: { program: program.code },
      message: `the household already has an open ${programLabel(program)} case; finish it before applying again (同一项目已有在办申请)`,
    };
  }

  if (program.oncePerYear && input.casesThisYearSameProgram > 0) {
    return {
      rule: 'once_per_year',
      field: 'program',
      params: { program: program.code },
      message: `program ${programLabel(program)} is given at most once a year per household, and it was already given this year (同类帮扶每年原则上只享受一次)`,
    };
  }
  return null;
}

/**
 * The DomainError a refusal is thrown as outside the API (the activity that records the case):
 * an open case of the same program is DuplicateOpenCase (as the database constraint reports it),
 * every other rule Ineligible. Details carry the field and rule the API answers 422 with.
 */
export function eligibilityError(refusal: EligibilityRefusal): DomainError {
  const type =
    refusal.rule === 'no_open_case_same_program' ? FailureType.DuplicateOpenCase : FailureType.Ineligible;
  return new DomainError(type, refusal.message, {
    field: refusal.field,
    rule: refusal.rule,
    params: refusal.params,
  });
}
