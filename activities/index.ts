export * from './cases.activities';
export * from './tasks.activities';
export * from './files.activities';
export * from './loans.activities';
export * from './lifecycle.activities';
export * from './reassessment.activities';
export * from './failures';
export * from './campaigns.activities';
