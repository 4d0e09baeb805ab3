export * from './cases.activities';
export * from './tasks.activities';
export * from './files.activities';
export * from './reassessment.activities';
