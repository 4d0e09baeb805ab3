export * from './aid-case.workflow';
export * from './hardship-file.workflow';
export * from './reassessment.workflow';
export * from './file-review.workflow';
