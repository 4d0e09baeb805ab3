/** The hardship categories (困难类别): 深度困难, 相对困难, 意外致困 (libs/domain/category.ts computes them). */
export type HardshipCategory = 'deep' | 'relative' | 'accident';
