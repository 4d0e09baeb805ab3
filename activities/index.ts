export * from './cases.activities';
export * from './tasks.activities';
export * from './files.activities';
export * from './loans.activities';
export * from './lifecycle.activities';
export * from './reassessment.activities';
export * from './hr-imports.activities';
export * from './failures';
