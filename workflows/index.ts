export * from './aid-case.workflow';
export * from './hardship-file.workflow';
export * from './loan.workflow';
export * from './subsidy.workflow';
export * from './recertification.workflow';
export * from './early-warning.workflow';
export * from './lifecycle-sweep.workflow';
