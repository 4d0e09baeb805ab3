/** Status of an aid case as the read model and the search attribute show it. */
export const CASE_STATUSES = [
  'submitted',
  'pending_approval',
  'returned',
  'awaiting_funds',
  'in_notice',
  'awaiting_payment',
  'paid',
  'follow_up',
  'closed',
  'rejected',
  'withdrawn',
  'expired',
] as const;
export type CaseStatus = (typeof CASE_STATUSES)[number];

export const CASE_STATUS_LABELS: Record<CaseStatus, { zh: string; en: string }> = {
  submitted: { zh: '已提交', en: 'Submitted' },
  pending_approval: { zh: '审批中', en: 'Pending approval' },
  returned: { zh: '退回补充材料', en: 'Returned for more information' },
  awaiting_funds: { zh: '待财务追加预算', en: 'Awaiting funds' },
  in_notice: { zh: '公示中', en: 'In public notice' },
  awaiting_payment: { zh: '待发放', en: 'Awaiting payment' },
  paid: { zh: '已发放', en: 'Paid' },
  follow_up: { zh: '待回访', en: 'Follow-up visit due' },
  closed: { zh: '已办结', en: 'Closed' },
  rejected: { zh: '未批准', en: 'Rejected' },
  withdrawn: { zh: '已撤回', en: 'Withdrawn' },
  expired: { zh: '逾期未发放，已释放资金', en: 'Expired (not paid in time)' },
};

/** Statuses in which a case still counts as open (one open case per household and program). */
export const OPEN_CASE_STATUSES: readonly CaseStatus[] = [
  'submitted',
  'pending_approval',
  'returned',
  'awaiting_funds',
  'in_notice',
  'awaiting_payment',
];
