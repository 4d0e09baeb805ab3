export * from './aid-case.workflow';
export * from './hardship-file.workflow';
export * from './loan.workflow';
