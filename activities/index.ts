export * from './cases.activities';
export * from './tasks.activities';
