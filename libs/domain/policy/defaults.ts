/**
 * The default aid policy (version 1), from the source regulations. Every figure is editable by
 * admin through a new policy version.
 *
 * Pure and deterministic: imported by Temporal workflow code, so no I/O, no Node built-ins, no
 * framework imports. Money is integer fen throughout.
 */
import {
  DEFAULT_EARLY_WARNING_POLICY,
  DEFAULT_RECERTIFICATION_POLICY,
  DEFAULT_SUBSIDY_POLICY,
} from '../lifecycle-policy';
import { DEFAULT_ACCOUNT_POLICY } from '../account-policy';
import { DEFAULT_LOAN_POLICY } from '../loan';
import { DEFAULT_CAMPAIGN_POLICY, DEFAULT_TUITION_POLICY } from '../campaign-policy';
import { DEFAULT_EVALUATION_POLICY, DEFAULT_HELP_PLAN_POLICY } from '../help-plan-policy';
import { DEFAULT_PAIRING_POLICY } from '../pairing-policy';
import type { PolicyData } from '../policy-types';
import { ANY_PROGRAM } from '../routing';

/** Program codes of the default policy (admins may add more; these are the ones the regulations name). */
export const DEFAULT_PROGRAM_CODES = [
  'disaster',
  'illness',
  'regular_subsidy',
  'tuition',
  'holiday_condolence',
  'hospital_visit',
] as const;

/** Amount up to which grassroots + union approval is enough; above it the company leader decides too. */
const LEADER_THRESHOLD_FEN = 200_000;

function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) deepFreeze(child);
  }
  return value;
}

/** The default policy (version 1). Frozen: copy before changing. */
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
    // files per page, one SQL statement each: at 100,000 files 5,000 per page gave 2.8-2.9x the
    // raw statement against 3.3-3.5x at 1,000, at the same worker RSS (docs/performance.md)
    pageSize: 5000,
    exitFollowUpMonths: [3, 6, 12],
    exitStages: ['union'],
  },
  accounts: DEFAULT_ACCOUNT_POLICY,
  // 节日送温暖: the union chair approves a campaign's plan; units are reminded 7 and 2 days before the
  // delivery deadline; undelivered households go to the union chair 3 days after it.
  campaign: DEFAULT_CAMPAIGN_POLICY,
  // 金秋助学: "考入大专以上…一次性2000元" (seeds, aid standards); applications 1 July – 30 September.
  tuition: DEFAULT_TUITION_POLICY,
  // 结对帮扶: deep-hardship households visited monthly, others quarterly; reminder 3 days before,
  // a visit missed by 7 days goes to the union chair.
  pairing: DEFAULT_PAIRING_POLICY,
  // 多部门联合审核: declared income more than 10% below the members' payroll flags the file.
  hrCrossCheck: { gapThresholdPercent: 10 },
  // 帮扶计划 "一人一策": measures suggested per cause (medical, schooling, employment, training,
  // counselling, legal aid…); overdue measure tasks go to the grassroots chair.
  helpPlans: DEFAULT_HELP_PLAN_POLICY,
  // 帮扶效果评估: a file re-opened within 12 months of exit is a relapse (返困); active files are
  // evaluated once a year from December.
  evaluation: DEFAULT_EVALUATION_POLICY,
});
