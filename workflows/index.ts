export * from './aid-case.workflow';
