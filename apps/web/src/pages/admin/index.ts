export { CalendarPage } from './Calendar';
export { PayrollImportPage, RosterImportPage } from './HrImports';
export { PolicyPage } from './Policy';
export { ProgramsPage } from './Programs';
