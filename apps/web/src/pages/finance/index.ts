// The finance pages, one file each; loaded together (with the chart library) when first opened.
export { AgingPage } from './Aging';
export { FundsPage } from './Funds';
export { ImportsPage } from './Imports';
export { LoanDetailPage } from './LoanDetail';
export { LoansPage } from './Loans';
export { StatementPage } from './Statement';
