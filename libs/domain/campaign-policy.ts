/**
 * Policy of holiday campaigns (节日送温暖) and the tuition drive (金秋助学): types, defaults and
 * validation. Pure: imported by workflow code.
 */
import { Checker, isObj, type Obj } from './policy/checker';

/** Holiday campaigns (送温暖): plan approval, reminders before the delivery deadline, escalation after it. */
export interface CampaignPolicy {
  /** The program deliveries are charged to (budgets per fund source, program and year). */
  programCode: string;
  /** Approval stages of a campaign plan (stage codes). */
  planStages: string[];
  /** Reminders to units with undelivered households this many days before the deadline (descending). */
  reminderDaysBefore: number[];
  /** Undelivered households are escalated to the union chair this many days after the deadline. */
  escalationGraceDays: number;
}

/** 金秋助学: the yearly application window and the amount per school level. */
export interface TuitionPolicy {
  programCode: string;
  /** The application window, month and day in China time, inclusive (default 1 July – 30 September). */
  window: { fromMonth: number; fromDay: number; toMonth: number; toDay: number };
  /** Amount per school level (default 2,000 yuan for each). */
  levels: Array<{ code: string; nameZh: string; nameEn: string; amountFen: number }>;
}

export const DEFAULT_CAMPAIGN_POLICY: CampaignPolicy = {
  programCode: 'holiday_condolence',
  planStages: ['union'],
  reminderDaysBefore: [7, 2],
  escalationGraceDays: 3,
};

const LEVEL = (code: string, nameZh: string, nameEn: string) => ({
  code,
  nameZh,
  nameEn,
  amountFen: 200_000,
});

export const DEFAULT_TUITION_POLICY: TuitionPolicy = {
  programCode: 'tuition',
  window: { fromMonth: 7, fromDay: 1, toMonth: 9, toDay: 30 },
  levels: [
    LEVEL('senior_high', '普通高中', 'Senior high school'),
    LEVEL('vocational', '中职/高职', 'Vocational school'),
    LEVEL('undergraduate', '大学本科/专科', 'Undergraduate (college)'),
    LEVEL('postgraduate', '研究生', 'Postgraduate'),
  ],
};

function programExists(programs: unknown, code: string): boolean {
  return Array.isArray(programs) && programs.some((p) => isObj(p) && p.code === code);
}

export function checkCampaignPolicy(
  c: Checker,
  value: unknown,
  programs: unknown,
  stageCodes: ReadonlySet<string>,
): CampaignPolicy | undefined {
  const obj = c.object(value, 'campaign', [
    'programCode',
    'planStages',
    'reminderDaysBefore',
    'escalationGraceDays',
  ]);
  if (!obj) return undefined;
  let programCode = c.code(obj, 'programCode', 'campaign');
  if (programCode !== undefined && !programExists(programs, programCode)) {
    programCode = c.add(
      'campaign.programCode',
      'unknown_program',
      `campaign.programCode refers to undefined program "${programCode}"`,
    );
  }
  const stages = c.array(obj, 'planStages', 'campaign', true);
  let planStages: string[] | undefined = [];
  stages?.forEach((s, i) => {
    if (typeof s !== 'string' || !stageCodes.has(s)) {
      planStages = c.add(
        `campaign.planStages[${i}]`,
        'unknown_stage',
        `campaign.planStages[${i}] refers to an undefined stage`,
      );
    } else planStages?.push(s);
  });
  if (!stages) planStages = undefined;
  const days = c.array(obj, 'reminderDaysBefore', 'campaign', false);
  let reminderDaysBefore: number[] | undefined = [];
  days?.forEach((d, i) => {
    const prev = days[i - 1];
    if (typeof d !== 'number' || !Number.isSafeInteger(d) || d < 1 || d > 90) {
      reminderDaysBefore = c.add(
        `campaign.reminderDaysBefore[${i}]`,
        'range',
        `campaign.reminderDaysBefore[${i}] must be a whole number from 1 to 90`,
      );
    } else if (typeof prev === 'number' && d >= prev) {
      reminderDaysBefore = c.add(
        `campaign.reminderDaysBefore[${i}]`,
        'decreasing',
        'campaign.reminderDaysBefore must be strictly decreasing',
      );
    } else reminderDaysBefore?.push(d);
  });
  if (!days) reminderDaysBefore = undefined;
  const escalationGraceDays = c.integer(obj, 'escalationGraceDays', 'campaign', 0, 90);
  if (!programCode || !planStages || !reminderDaysBefore || escalationGraceDays === undefined)
    return undefined;
  return { programCode, planStages, reminderDaysBefore, escalationGraceDays };
}

const DAYS_IN_MONTH = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

export function checkTuitionPolicy(c: Checker, value: unknown, programs: unknown): TuitionPolicy | undefined {
  const obj = c.object(value, 'tuition', ['programCode', 'window', 'levels']);
  if (!obj) return undefined;
  let programCode = c.code(obj, 'programCode', 'tuition');
  if (programCode !== undefined && !programExists(programs, programCode)) {
    programCode = c.add(
      'tuition.programCode',
      'unknown_program',
      `tuition.programCode refers to undefined program "${programCode}"`,
    );
  }
  const w = c.object(obj.window, 'tuition.window', ['fromMonth', 'fromDay', 'toMonth', 'toDay']);
  let window: TuitionPolicy['window'] | undefined;
  if (w) {
    const fromMonth = c.integer(w, 'fromMonth', 'tuition.window', 1, 12);
    const toMonth = c.integer(w, 'toMonth', 'tuition.window', 1, 12);
    const fromDay = c.integer(
      w,
      'fromDay',
      'tuition.window',
      1,
      fromMonth ? DAYS_IN_MONTH[fromMonth - 1]! : 31,
    );
    const toDay = c.integer(w, 'toDay', 'tuition.window', 1, toMonth ? DAYS_IN_MONTH[toMonth - 1]! : 31);
    if (fromMonth && toMonth && fromDay && toDay) {
      if (fromMonth * 100 + fromDay > toMonth * 100 + toDay) {
        c.add('tuition.window', 'order', 'tuition.window must start before it ends within one calendar year');
      } else window = { fromMonth, fromDay, toMonth, toDay };
    }
  }
  const list = c.array(obj, 'levels', 'tuition', true);
  let levels: TuitionPolicy['levels'] | undefined = [];
  list?.forEach((item, i) => {
    const path = `tuition.levels[${i}]`;
    const o: Obj | undefined = c.object(item, path, ['code', 'nameZh', 'nameEn', 'amountFen']);
    const code = o ? c.code(o, 'code', path) : undefined;
    const nameZh = o ? c.string(o, 'nameZh', path) : undefined;
    const nameEn = o ? c.string(o, 'nameEn', path) : undefined;
    let amountFen = o ? c.fen(o, 'amountFen', path) : undefined;
    if (amountFen === 0)
      amountFen = c.add(`${path}.amountFen`, 'positive_fen', `${path}.amountFen must be more than 0 fen`);
    if (code === undefined || nameZh === undefined || nameEn === undefined || amountFen === undefined)
      levels = undefined;
    else levels?.push({ code, nameZh, nameEn, amountFen });
  });
  if (list)
    c.unique(
      list.map((l) => (isObj(l) && typeof l.code === 'string' ? l.code : undefined)),
      (i) => `tuition.levels[${i}].code`,
      'level code',
    );
  if (!list) levels = undefined;
  if (!programCode || !window || !levels) return undefined;
  return { programCode, window, levels };
}
