/**
 * Words an API refusal in the console's language from its `rule` and `params` (texts in
 * ./error-texts.ts): amounts in fen → 元 with separators, dates formatted, codes labelled. The API's
 * English `message` is never shown to a person.
 */
import type { ErrorDetail } from './api/types';
import { ERROR_CODE_TEXTS, ERROR_TEXTS } from './error-texts';
import { fmtDate, yuan } from './format';
import { hasKey, type Lang, translate } from './i18n';

type Params = Record<string, string | number>;
type RawParams = Record<string, unknown>;

/** Params as sent: only strings and numbers are used. */
function cleanParams(p: RawParams | undefined): Params {
  const out: Params = {};
  for (const [k, v] of Object.entries(p ?? {}))
    if (typeof v === 'string' || typeof v === 'number') out[k] = v;
  return out;
}

function labelled(lang: Lang, prefixes: string[], code: string): string {
  for (const p of prefixes) if (hasKey(`${p}.${code}`)) return translate(lang, `${p}.${code}`);
  return code;
}

const LIST_SEP = { zh: '、', en: ', ' };

/** One param as a person reads it. */
export function paramText(lang: Lang, name: string, value: string | number): string {
  if (/Fen$/.test(name)) return yuan(value, lang);
  if (/(At|Date|On)$/.test(name) && typeof value === 'string') return fmtDate(value, lang);
  const v = String(value);
  const list = (prefixes: string[]) =>
    v
      .split(/,\s*/)
      .filter(Boolean)
      .map((x) => labelled(lang, prefixes, x))
      .join(LIST_SEP[lang]);
  switch (name) {
    case 'program':
      return labelled(lang, ['program'], v);
    case 'status':
    case 'fileStatus':
      return labelled(lang, ['status', 'loanStatus'], v);
    case 'category':
      return labelled(lang, ['category', 'errorParam'], v);
    case 'reason':
      return labelled(lang, ['fourEyes'], v);
    case 'decision':
      return labelled(lang, ['decision'], v);
    case 'roles':
      return list(['role']);
    case 'allowed':
      return list(['category', 'program', 'decision', 'role', 'status']);
    case 'entity':
      return labelled(lang, ['entity'], v);
    case 'field':
    case 'column':
      return labelled(lang, ['field'], v);
    default:
      return v;
  }
}

/** `{name}` placeholders filled from params; clauses whose placeholder has no param are left out. */
export function fillText(lang: Lang, text: string, params: Params): string {
  const clauses = text.split(/(；|; )/);
  const out: string[] = [];
  for (let i = 0; i < clauses.length; i += 2) {
    const clause = clauses[i]!;
    const names = [...clause.matchAll(/\{(\w+)\}/g)].map((m) => m[1]!);
    if (names.some((n) => params[n] === undefined)) continue;
    let s = clause;
    for (const n of names) s = s.split(`{${n}}`).join(paramText(lang, n, params[n]!));
    out.push(s);
  }
  return out.join(lang === 'zh' ? '；' : '; ');
}

/** The field's last segment as a label: `file.employeeNo` → 工号. */
export function fieldLabel(lang: Lang, field: string): string {
  const last = field.split('.').pop() ?? field;
  return labelled(lang, ['field', 'policySection'], last.replace(/\[\d+\]$/, ''));
}

/** What the console says for one detail, or null when the catalog has no text for its rule. */
export function detailText(
  lang: Lang,
  d: Pick<ErrorDetail, 'field' | 'rule'> & { params?: RawParams | null },
): string | null {
  const entry = ERROR_TEXTS[d.rule];
  if (!entry) return null;
  const params: Params = { ...cleanParams(d.params ?? undefined), field: fieldLabel(lang, d.field) };
  return fillText(lang, entry[lang === 'zh' ? 0 : 1], params);
}

/** The refusal as sentences: one per detail (duplicates dropped), else the code's text. */
export function refusalLines(
  lang: Lang,
  err: { code: string; status: number; details: ErrorDetail[] },
): string[] {
  const lines = [...new Set(err.details.map((d) => detailText(lang, d)).filter((x): x is string => !!x))];
  if (lines.length) return lines;
  const byCode = ERROR_CODE_TEXTS[err.code];
  if (byCode) return [byCode[lang === 'zh' ? 0 : 1]];
  return [translate(lang, 'error.title')];
}
