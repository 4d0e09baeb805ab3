export * from './cases.activities';
