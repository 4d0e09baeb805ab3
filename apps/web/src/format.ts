import dayjs from 'dayjs';
import type { Lang } from './lang';

/** Fen (integer) → yuan with two decimals and thousands separators, by integer arithmetic only. */
export function yuan(fen: number | string | null | undefined, lang: Lang = 'zh'): string {
  if (fen === null || fen === undefined || fen === '') return '—';
  const n = BigInt(typeof fen === 'number' ? Math.trunc(fen) : fen);
  const neg = n < 0n;
  const abs = neg ? -n : n;
  const whole = (abs / 100n).toString().replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  const cents = (abs % 100n).toString().padStart(2, '0');
  const s = `${neg ? '-' : ''}${whole}.${cents}`;
  return lang === 'zh' ? `${s} 元` : `¥${s}`;
}

/** A yuan amount typed by a person ("1234.5", "1,234.50") → integer fen, or null if it is not one. */
export function parseYuan(input: string | number | null | undefined): number | null {
  if (input === null || input === undefined) return null;
  const s = String(input).replace(/[,\s，]/g, '');
  const m = /^(\d+)(?:\.(\d{1,2}))?$/.exec(s);
  if (!m) return null;
  return Number(m[1]) * 100 + Number((m[2] ?? '').padEnd(2, '0'));
}

/** 2026年11月23日 in Chinese, 2026-11-23 in English. */
export function fmtDate(v: string | Date | null | undefined, lang: Lang = 'zh'): string {
  if (!v) return '—';
  const d = dayjs(v);
  if (!d.isValid()) return String(v);
  return d.format(lang === 'zh' ? 'YYYY年M月D日' : 'YYYY-MM-DD');
}

/** 2026年11月23日 14:05 in Chinese, 2026-11-23 14:05 in English. */
export function fmtDateTime(v: string | Date | null | undefined, lang: Lang = 'zh'): string {
  if (!v) return '—';
  const d = dayjs(v);
  if (!d.isValid()) return String(v);
  return d.format(lang === 'zh' ? 'YYYY年M月D日 HH:mm' : 'YYYY-MM-DD HH:mm');
}

export function percent(v: number | null | undefined): string {
  if (v === null || v === undefined || Number.isNaN(v)) return '—';
  return `${v.toFixed(2)}%`;
}

/** "2026-03" → 2026年3月 in Chinese, 2026-03 in English. */
export function fmtMonth(v: string | null | undefined, lang: Lang = 'zh'): string {
  if (!v) return '—';
  const m = /^(\d{4})-(\d{2})/.exec(v);
  if (!m) return v;
  return lang === 'zh' ? `${m[1]}年${Number(m[2])}月` : `${m[1]}-${m[2]}`;
}

/** DatePicker formats: shown in the first, typed in either (2026年11月23日 or 2026-11-23). */
export function pickerFormat(lang: Lang): string[] {
  return lang === 'zh' ? ['YYYY年M月D日', 'YYYY-MM-DD'] : ['YYYY-MM-DD', 'YYYY年M月D日'];
}

/** A table column of an amount stored in fen, shown in yuan and right-aligned. */
export function moneyColumn(title: string, dataIndex: string, lang: Lang) {
  return { title, dataIndex, align: 'right' as const, render: (v: number) => yuan(v, lang) };
}

/**
 * A rule's explanation stored in both languages, "中文 (English)" (the category rule writes it so the
 * record reads in either): the part in the console's language. Text without that shape is shown whole.
 */
export function bilingual(text: string | null | undefined, lang: Lang): string {
  if (!text) return '—';
  const english = [...text.matchAll(/ \(([^()]*)\)/g)].filter((m) => !/[\u4e00-\u9fff]/.test(m[1]!));
  if (!english.length) return text;
  if (lang === 'en') return english.map((m) => m[1]).join('; ');
  return english.reduce((s, m) => s.replace(m[0], ''), text);
}
