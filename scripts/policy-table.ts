import { formatFen } from '../libs/domain/money';
import { DEFAULT_POLICY } from '../libs/domain/policy/defaults';
import type { PolicyData } from '../libs/domain/policy-types';

/** Markdown tables of the policy's programs, stages and defaults (README; `npm run policy:table`). */
export function policyTables(p: PolicyData = DEFAULT_POLICY): string {
  const yuan = (fen: number) => `${formatFen(fen)}`;
  const stageName = (code: string) => p.stages.find((s) => s.code === code)?.nameZh ?? code;
  const lines: string[] = [];
  lines.push(
    '| program | 项目 | amount (yuan) | once a year | needs an active file | categories | public notice from (yuan) | stages |',
  );
  lines.push('|---|---|---|---|---|---|---|---|');
  for (const prog of p.programs) {
    // the routing rules that can apply to this program's amount range, in order (first match wins)
    let lower = prog.minAmountFen;
    const parts: string[] = [];
    for (const r of p.routing.filter((x) => x.program === prog.code || x.program === '*')) {
      if (lower > prog.maxAmountFen) break;
      if (r.upToFen !== null && r.upToFen < lower) continue;
      const upper = r.upToFen === null ? prog.maxAmountFen : Math.min(r.upToFen, prog.maxAmountFen);
      const range =
        lower === prog.minAmountFen && upper === prog.maxAmountFen ? '' : `${yuan(lower)}–${yuan(upper)}: `;
      parts.push(`${range}${r.stages.map(stageName).join(' → ')}`);
      lower = upper + 1;
    }
    const stages = parts.join('; ');
    lines.push(
      `| \`${prog.code}\` | ${prog.nameZh} | ${yuan(prog.minAmountFen)}–${yuan(prog.maxAmountFen)} | ${prog.oncePerYear ? 'yes' : 'no'} | ${prog.requiresActiveFile ? 'yes' : 'no'} | ${prog.eligibleCategories.join(', ') || 'any'} | ${prog.noticeFromFen === null ? '—' : yuan(prog.noticeFromFen)} | ${stages} |`,
    );
  }
  lines.push('');
  lines.push('| stage | 名称 | decided by |');
  lines.push('|---|---|---|');
  for (const s of p.stages) lines.push(`| \`${s.code}\` | ${s.nameZh} | ${s.candidateRole} |`);
  lines.push('');
  lines.push('| setting | default |');
  lines.push('|---|---|');
  for (const l of p.localities)
    lines.push(`| 低保 ${l.nameZh} (${l.code}) | ${yuan(l.dibaoFenPerPersonMonth)} yuan / person / month |`);
  lines.push(`| 相对困难 threshold | ${p.category.relativeMultiplierPercent}% of 低保 |`);
  lines.push(`| 意外致困 hardship costs | > ${p.category.accidentCostSharePercent}% of household income |`);
  lines.push(`| hardship file stages | ${p.fileStages.map(stageName).join(' → ')} |`);
  lines.push(`| public notice (公示) | ${p.noticeWorkingDays} working days |`);
  lines.push(
    `| stage task due | ${p.stageDueWorkingDays} working days; escalated after ${p.escalationGraceWorkingDays} more |`,
  );
  lines.push(`| follow-up visit after payment | ${p.followUpDays} days |`);
  lines.push(
    `| approved amount not paid within | ${p.reservationExpiryDays} days: reservation released, case expires |`,
  );
  lines.push(`| exit after months above 低保 | ${p.exitMonthsAbove} |`);
  const L = p.loan;
  const route = (r: { upToFen: number | null; stages: string[] }) =>
    `${r.upToFen === null ? 'above' : `up to ${yuan(r.upToFen)}`}: ${r.stages.map(stageName).join(' → ')}`;
  lines.push(`| 无息借款 amount | ${yuan(L.minAmountFen)}–${yuan(L.maxAmountFen)} yuan, interest-free |`);
  lines.push(
    `| 无息借款 term | ${L.minTermMonths}–${L.maxTermMonths} months, ${L.instalmentFrequency} instalments |`,
  );
  lines.push(`| loan approval | ${L.routing.map(route).join('; ')} |`);
  lines.push(
    `| loan reminders | ${L.reminderOffsetsDays.join(' and ')} days before each due date; ${L.graceDays} grace days |`,
  );
  lines.push(
    `| overdue ladder | ${L.overdueLadder.map((s) => `+${s.afterDays} d ${s.action}${s.role ? ` (${s.role})` : ''}`).join(', ')} |`,
  );
  lines.push(
    `| chronic-borrower gate | overdue, defaulted or written-off loan in the last ${L.chronicWindowMonths} months; override by ${L.chronicOverrideRole} |`,
  );
  lines.push(
    `| reschedule / write-off approval | ${L.rescheduleStages.map(stageName).join(' → ')} / ${L.writeOffStages.map(stageName).join(' → ')} |`,
  );
  lines.push(
    `| 定期补助 per quarter | ${p.subsidy.amounts.map((a) => `${a.category} ${yuan(a.amountFenPerQuarter)} yuan`).join(', ')} (program \`${p.subsidy.programCode}\`) |`,
  );
  lines.push(
    `| annual re-certification | ${p.recertification.mode === 'fixed_quarter' ? `quarter ${p.recertification.quarter}` : 'file anniversary'}, due in ${p.recertification.dueWorkingDays} working days |`,
  );
  lines.push(`| early-warning outreach due | ${p.earlyWarning.outreachDueWorkingDays} working days |`);
  const R = p.reassessment;
  lines.push(
    `| quarterly re-assessment (季度复核) | day ${R.schedule.dayOfMonth} of months ${R.schedule.months.join(', ')}, ${String(R.schedule.hour).padStart(2, '0')}:00 ${R.schedule.timezone} |`,
  );
  lines.push(
    `| stale data → re-check visit | no income update or visit in ${R.staleDays} days; visit due in ${R.recheckDueDays} days |`,
  );
  lines.push(
    `| exit (解困脱困) approval / follow-ups | ${R.exitStages.map(stageName).join(' → ')} / +${R.exitFollowUpMonths.join(', +')} months |`,
  );
  const A = p.accounts;
  lines.push(`| password length (accounts) | at least ${A.passwordMinLength} characters |`);
  lines.push(
    `| login lockout | ${A.maxFailuresPerAccount} failures in ${A.failureWindowMinutes} min lock the account for ${A.lockoutMinutes} min; ${A.maxFailuresPerClient} failures from one address in ${A.clientWindowMinutes} min → 429 |`,
  );
  const C = p.campaign;
  lines.push(
    `| 节日送温暖 campaigns | program \`${C.programCode}\`; plan approval ${C.planStages.map(stageName).join(' → ')}; reminders ${C.reminderDaysBefore.join(' and ')} days before the delivery deadline; undelivered households escalated ${C.escalationGraceDays} days after it |`,
  );
  const T = p.tuition;
  const pad = (n: number) => String(n).padStart(2, '0');
  lines.push(
    `| 金秋助学 window | ${pad(T.window.fromMonth)}-${pad(T.window.fromDay)} to ${pad(T.window.toMonth)}-${pad(T.window.toDay)} each year (program \`${T.programCode}\`); once per child per school year |`,
  );
  lines.push(
    `| 金秋助学 amount by level | ${T.levels.map((l) => `${l.nameZh} ${yuan(l.amountFen)} yuan`).join(', ')} |`,
  );
  const P = p.pairing;
  lines.push(
    `| 结对帮扶 visit interval | deep every ${P.visitIntervalDays.deep} days, relative every ${P.visitIntervalDays.relative} days, accident every ${P.visitIntervalDays.accident} days (from the last visit, or the pairing's start) |`,
  );
  lines.push(
    `| 结对帮扶 reminder / escalation | the leader reminded ${P.reminderDaysBefore} days before a visit is due; a visit missed by ${P.escalationGraceDays} days goes to the union chair |`,
  );
  lines.push(
    `| HR payroll cross-check (多部门联合审核) | declared income more than ${p.hrCrossCheck.gapThresholdPercent}% below the members' payroll → discrepancy flag and a re-check at the next re-assessment |`,
  );
  const H = p.helpPlans;
  const measureList = (cause: keyof typeof H.suggestedMeasures) =>
    H.suggestedMeasures[cause].map((m) => `${m.type} +${m.dueDays} d`).join(', ') || '—';
  lines.push(
    `| 帮扶计划 suggested measures per cause | ${(Object.keys(H.suggestedMeasures) as Array<keyof typeof H.suggestedMeasures>).map((c) => `${c}: ${measureList(c)}`).join('; ')} |`,
  );
  lines.push(`| overdue help-measure task escalated to | ${H.escalateTo} (after as long again as it had) |`);
  lines.push(
    `| 帮扶效果评估 | relapse (返困) = a new file within ${p.evaluation.relapseMonths} months of exit; active files evaluated yearly from month ${p.evaluation.annualMonth} |`,
  );
  return lines.join('\n');
}

if (require.main === module) process.stdout.write(`${policyTables()}\n`);
