import { LOAN_STATUS_LABELS, type LoanStatus } from '../../../../libs/domain/loan';

const ACTIONS: Record<string, { zh: string; en: string }> = {
  'loan.submitted': { zh: '提交借款申请', en: 'Loan application submitted' },
  'loan.chronic_override': { zh: '工会主席特批（逾期/违约借款人）', en: 'Chronic-borrower gate overridden' },
  'loan.disbursed': { zh: '已放款', en: 'Disbursed' },
  'loan.repayment': { zh: '收到还款', en: 'Repayment received' },
  'loan.reminder': { zh: '还款提醒', en: 'Repayment reminder' },
  'loan.ladder': { zh: '逾期催收', en: 'Overdue collection step' },
  'loan.collection_paused': { zh: '暂停催收', en: 'Collection paused' },
  'loan.collection_resumed': { zh: '恢复催收', en: 'Collection resumed' },
  'loan.rescheduled': { zh: '已调整还款计划', en: 'Rescheduled' },
  'loan.written_off': { zh: '已核销', en: 'Written off' },
  'loan.request_approved': { zh: '申请已批准', en: 'Request approved' },
  'loan.request_rejected': { zh: '申请未批准', en: 'Request rejected' },
};

const LADDER: Record<string, { zh: string; en: string }> = {
  notice: { zh: '逾期通知', en: 'overdue notice' },
  visit: { zh: '上门走访', en: 'visit task' },
  escalate: { zh: '上报工会主席', en: 'escalated' },
  default: { zh: '认定违约', en: 'default' },
};

/** Chinese and English label of a loan timeline entry (null: not a loan action). */
export function loanTimelineLabel(
  action: string,
  data: Record<string, unknown>,
): { zh: string; en: string } | null {
  if (action === 'loan.status') {
    const s = LOAN_STATUS_LABELS[data.status as LoanStatus];
    return s ? { zh: `状态：${s.zh}`, en: `Status: ${s.en}` } : null;
  }
  if (action === 'loan.ladder') {
    const l = LADDER[String(data.action)];
    return l ? { zh: `逾期催收：${l.zh}`, en: `Overdue ladder: ${l.en}` } : ACTIONS[action]!;
  }
  return ACTIONS[action] ?? null;
}
