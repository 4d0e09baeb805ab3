/** The console's languages (zh-CN default, English). */
export type Lang = 'zh' | 'en';
