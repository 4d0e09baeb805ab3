export * from './roles';
export * from './org-scope';
export * from './money';
export * from './aid-case';
