/** Labels of the loan ledger entry kinds (loan statements, finance statements). */
export const LEDGER_KIND_LABELS: Record<string, { zh: string; en: string }> = {
  loan_disbursement: { zh: '放款', en: 'Disbursement' },
  loan_repayment: { zh: '还款', en: 'Repayment' },
  loan_write_off: { zh: '核销', en: 'Write-off' },
};
