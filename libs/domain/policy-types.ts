import type { EarlyWarningPolicy, RecertificationPolicy, SubsidyPolicy } from './lifecycle';
import type { AccountPolicy } from './account-policy';
import type { Role } from './roles';
import type { CampaignPolicy, TuitionPolicy } from './campaign-policy';
import type { EvaluationPolicy, HelpPlanPolicy } from './help-plan-policy';
import type { PairingPolicy } from './pairing-policy';
export type { CampaignPolicy, TuitionPolicy };

/**
 * Aid policy: every figure the rules use, versioned and editable by admin (policy_versions table).
 * Money in integer fen; shares in percent (integers); durations in working days or days.
 * Every decision records the version it used and its input figures.
 */
import type { HardshipCategory } from './hardship-category';
export type { HardshipCategory };

export const CATEGORY_LABELS: Record<HardshipCategory | 'none', { zh: string; en: string }> = {
  deep: { zh: '深度困难', en: 'Deep hardship' },
  relative: { zh: '相对困难', en: 'Relative hardship' },
  accident: { zh: '意外致困', en: 'Accident-caused hardship' },
  none: { zh: '不符合困难标准', en: 'Not in hardship' },
};

export interface LocalityDibao {
  /** Locality code (administrative division, e.g. "370000" Shandong). */
  code: string;
  nameZh: string;
  /** Minimum living standard 低保, fen per person per month. */
  dibaoFenPerPersonMonth: number;
}

export interface StageDef {
  /** e.g. "grassroots", "union", "leader", "county". */
  code: string;
  nameZh: string;
  nameEn: string;
  candidateRole: Role;
}

export interface ProgramPolicy {
  code: string;
  nameZh: string;
  nameEn: string;
  minAmountFen: number;
  maxAmountFen: number;
  /** At most one case of this program per household per calendar year. */
  oncePerYear: boolean;
  /** Categories whose active files may receive it; empty = any active file. */
  eligibleCategories: HardshipCategory[];
  /** Needs an active hardship file. */
  requiresActiveFile: boolean;
  /** Public notice before payment when amountFen >= this; null = never. */
  noticeFromFen: number | null;
}

export interface RoutingRule {
  /** Program code, or "*" for any program. First matching rule wins. */
  program: string;
  /** Applies when amountFen <= upToFen; null = no upper bound. */
  upToFen: number | null;
  /** Stage codes in order. */
  stages: string[];
}

export interface PolicyData {
  localities: LocalityDibao[];
  category: {
    /** 相对困难: per-capita figure < relativeMultiplierPercent% × 低保 (default 200). */
    relativeMultiplierPercent: number;
    /** 意外致困: the year's hardship costs > accidentCostSharePercent% of household income (default 80). */
    accidentCostSharePercent: number;
  };
  programs: ProgramPolicy[];
  stages: StageDef[];
  /** Stages an aid case passes through, by program and amount. */
  routing: RoutingRule[];
  /** Stages a hardship file passes through before public notice. */
  fileStages: string[];
  /** Public notice (公示) length in working days (default 5). */
  noticeWorkingDays: number;
  /** A stage task is due this many working days after it opens (default 3). */
  stageDueWorkingDays: number;
  /** After the due time, escalate to the next level after this many working days (default 2). */
  escalationGraceWorkingDays: number;
  /** Follow-up visit task this many days after payment (default 30). */
  followUpDays: number;
  /** An approved amount not paid within this many days is released and the case expires (default 60). */
  reservationExpiryDays: number;
  /** Exit proposed after this many consecutive months above 低保 (default 6). */
  exitMonthsAbove: number;
  /** Interest-free aid loans: amounts, terms, reminders, overdue ladder, approvals. */
  loan: LoanPolicy;
  /** Regular quarterly subsidy (定期补助): which categories, how much per quarter, charged where. */
  subsidy: SubsidyPolicy;
  /** Annual re-certification (年度复核): fixed quarter or file anniversary, task deadline. */
  recertification: RecertificationPolicy;
  /** Early-warning events (预警事件): outreach task deadline. */
  earlyWarning: EarlyWarningPolicy;
  /** Quarterly re-assessment of active files (季度复核) and exit (解困脱困) follow-up. */
  reassessment: ReassessmentPolicy;
  /** Accounts: password length, login lockout and per-client limits. */
  accounts: AccountPolicy;
  /** Holiday campaigns (节日送温暖): plan approval stages, reminders, escalation of undelivered households. */
  campaign: CampaignPolicy;
  /** 金秋助学: the yearly application window and the amount per school level. */
  tuition: TuitionPolicy;
  /** Pairing (结对帮扶): visit intervals by category, reminder and escalation days. */
  pairing: PairingPolicy;
  /** HR payroll cross-check (多部门联合审核): when a file's declared income is flagged. */
  hrCrossCheck: HrCrossCheckPolicy;
  /** Help plans (帮扶计划): suggested measures per cause, escalation of overdue measure tasks. */
  helpPlans: HelpPlanPolicy;
  /** Effect evaluation (帮扶效果评估): relapse window, month of the yearly evaluation. */
  evaluation: EvaluationPolicy;
}

/** HR payroll cross-check: libs/domain/payroll-check.ts. */
export interface HrCrossCheckPolicy {
  /**
   * A file is flagged when its declared household income, over the months its members' payroll
   * covers, is below that payroll by more than this percentage of the payroll (default 10).
   */
  gapThresholdPercent: number;
}

/** Re-assessment campaigns: when they run, when data is stale, how exits are approved and followed up. */
export interface ReassessmentPolicy {
  /** Schedule calendar (default: 00:00 on the first day of each quarter, China Standard Time). */
  schedule: {
    /** Months 1–12 in which a campaign starts. */
    months: number[];
    dayOfMonth: number;
    hour: number;
    /** IANA time zone of the calendar, e.g. "Asia/Shanghai". */
    timezone: string;
  };
  /** A file with no income update and no visit within this many days is stale → re-check visit (default 120). */
  staleDays: number;
  /** A re-check visit task is due this many days after it opens (default 30). */
  recheckDueDays: number;
  /** At most this many child workflows are being started at once by a campaign (default 50). */
  maxOpenChildren: number;
  /** Files per page (one set-based activity per page; default 1000). */
  pageSize: number;
  /** Follow-up visits after an exit, months after the file closed (default [3, 6, 12]). */
  exitFollowUpMonths: number[];
  /** Approval stages of an exit (default: union chair). */
  exitStages: string[];
}

export interface PolicyVersion {
  version: number;
  effectiveFrom: string;
  data: PolicyData;
}

/** Figures the category rule reads (all fen; annual unless named monthly). */
export interface HouseholdFigures {
  members: number;
  /** Household disposable income over the last 12 months. */
  annualIncomeFen: number;
  /** Rigid expenses over the same 12 months (medical, tuition, elder care). */
  annualRigidExpensesFen: number;
  /** Hardship costs of the year (accident, disaster, illness) for the 意外致困 rule. */
  annualHardshipCostsFen: number;
  /** Injured, disabled or killed in a disaster, major accident, epidemic or public-security event. */
  accidentEvent: boolean;
  localityCode: string;
}

export interface CategoryDecision {
  category: HardshipCategory | null;
  policyVersion: number;
  /** The figures used, including the derived per-capita monthly figure and the 低保 applied. */
  inputs: HouseholdFigures & { perCapitaMonthlyFen: number; dibaoFen: number };
  reason: string;
}

/** What an overdue-ladder step does (counted in days after an instalment became overdue). */
export type LoanLadderAction = 'notice' | 'visit' | 'escalate' | 'default';

export interface LoanLadderStep {
  /** Days after the instalment fell overdue (due date + grace days). */
  afterDays: number;
  action: LoanLadderAction;
  /** Candidate role of the task the step opens (visit, escalate); null for notice and default. */
  role: Role | null;
}

export interface LoanRoutingRule {
  /** Applies when amountFen <= upToFen; null = no upper bound. The last rule must be the catch-all. */
  upToFen: number | null;
  stages: string[];
}

/** Interest-free aid loans (无息借款). */
export interface LoanPolicy {
  minAmountFen: number;
  maxAmountFen: number;
  minTermMonths: number;
  maxTermMonths: number;
  /** Only monthly instalments for now (the domain's rhythm: loan instalments monthly). */
  instalmentFrequency: 'monthly';
  /** An instalment is overdue this many days after its due date. */
  graceDays: number;
  /** Reminders this many days before each due date (default 7 and 1). */
  reminderOffsetsDays: number[];
  /** Overdue ladder, ascending afterDays; must end with a 'default' step. */
  overdueLadder: LoanLadderStep[];
  /** Chronic-borrower gate: a default or write-off within this many months blocks a new loan. */
  chronicWindowMonths: number;
  /** Role that may override the chronic-borrower gate (with a recorded reason). */
  chronicOverrideRole: Role;
  /** Approval stages of a loan application by amount (first matching rule wins). */
  routing: LoanRoutingRule[];
  /** Approval stages of a reschedule, of a write-off, and of an early full repayment (finance records it). */
  rescheduleStages: string[];
  writeOffStages: string[];
}
