import { parse } from 'csv-parse/sync';
import { Workbook } from 'exceljs';
import { AppException } from '../common/errors';
import { yuanTextToFen } from '../loans/repayment-imports.service';
import { validateNationalId } from '../../../../libs/domain/national-id';
import { maskNationalId, type PiiCipher } from '../../../../libs/security/pii';
import type { HrImportKind, StagedRow } from '../../../../libs/hr-imports/hr-imports.repository';

export const MAX_HR_IMPORT_BYTES = 20 * 1024 * 1024;
export const MAX_HR_IMPORT_ROWS = 50_000;

type RosterField = 'employeeNo' | 'name' | 'nationalId' | 'gender' | 'unit' | 'phone';
type PayrollField = 'employeeNo' | 'name' | 'month' | 'amount';

interface Column<F extends string> {
  field: F;
  /** The template's header (Chinese, as HR systems export it). */
  header: string;
  /** Other accepted headers (lower-case). */
  aliases: string[];
  required: boolean;
}

/** Roster (花名册) columns: the template's headers first. */
export const ROSTER_COLUMNS: Array<Column<RosterField>> = [
  {
    field: 'employeeNo',
    header: '工号',
    aliases: ['职工编号', '员工编号', 'employeeno', 'employee_no'],
    required: true,
  },
  { field: 'name', header: '姓名', aliases: ['name'], required: true },
  {
    field: 'nationalId',
    header: '身份证号',
    aliases: ['身份证号码', '公民身份号码', 'nationalid', 'national_id'],
    required: true,
  },
  { field: 'gender', header: '性别', aliases: ['gender'], required: false },
  { field: 'unit', header: '所属单位', aliases: ['单位', '单位编码', 'unit'], required: false },
  { field: 'phone', header: '手机号', aliases: ['手机', '联系电话', 'phone'], required: false },
];

/** Monthly payroll (工资收入) columns. */
export const PAYROLL_COLUMNS: Array<Column<PayrollField>> = [
  {
    field: 'employeeNo',
    header: '工号',
    aliases: ['职工编号', '员工编号', 'employeeno', 'employee_no'],
    required: true,
  },
  { field: 'name', header: '姓名', aliases: ['name'], required: false },
  { field: 'month', header: '月份', aliases: ['工资月份', 'month'], required: true },
  {
    field: 'amount',
    header: '收入(元)',
    aliases: ['收入（元）', '应发工资', '应发工资(元)', '工资收入(元)', 'amount'],
    required: true,
  },
];

export const COLUMNS = { roster: ROSTER_COLUMNS, payroll: PAYROLL_COLUMNS } as const;

/** A cell as text (exceljs rich text, formulas and dates included). */
export function cellText(v: unknown): string {
  if (v === null || v === undefined) return '';
  if (v instanceof Date) return v.toISOString().slice(0, 10);
  if (typeof v === 'object') {
    const o = v as { text?: unknown; result?: unknown; richText?: Array<{ text: string }> };
    if (o.richText)
      return o.richText
        .map((t) => t.text)
        .join('')
        .trim();
    if (o.text !== undefined) return cellText(o.text);
    if (o.result !== undefined) return cellText(o.result);
  }
  return String(v as string | number).trim();
}

/** "2026-03", "2026/3", "202603", "2026-03-01" or a spreadsheet date → "2026-03-01". */
export function monthText(v: unknown): string | null {
  if (v instanceof Date) return Number.isNaN(v.getTime()) ? null : `${v.toISOString().slice(0, 7)}-01`;
  const m = /^(\d{4})[-/.年]?(\d{1,2})(?:[-/.月]\d{0,2}日?)?$/.exec(cellText(v));
  if (!m) return null;
  const month = Number(m[2]);
  if (month < 1 || month > 12) return null;
  return `${m[1]}-${String(month).padStart(2, '0')}-01`;
}

function gender(v: string): 'male' | 'female' | null | undefined {
  const s = v.trim().toLowerCase();
  if (!s) return null;
  if (['男', 'male', 'm'].includes(s)) return 'male';
  if (['女', 'female', 'f'].includes(s)) return 'female';
  return undefined;
}

/** The sheet's header and body rows (CSV or the first worksheet of an XLSX). */
export async function readTable(
  fileName: string,
  buf: Buffer,
): Promise<{ format: 'csv' | 'xlsx'; header: string[]; body: unknown[][] }> {
  const lower = fileName.toLowerCase();
  const format = lower.endsWith('.csv') ? 'csv' : lower.endsWith('.xlsx') ? 'xlsx' : null;
  if (!format)
    throw AppException.validation([
      { field: 'file', rule: 'file_type', message: 'the file must be .csv or .xlsx' },
    ]);
  let header: string[] = [];
  const body: unknown[][] = [];
  try {
    if (format === 'csv') {
      const all = parse(buf, {
        bom: true,
        skip_empty_lines: true,
        relax_column_count: true,
        trim: true,
      }) as string[][];
      header = all[0] ?? [];
      body.push(...all.slice(1));
    } else {
      const wb = new Workbook();
      await wb.xlsx.load(buf as unknown as ArrayBuffer);
      const ws = wb.worksheets[0];
      ws?.eachRow({ includeEmpty: false }, (row, n) => {
        const values = (row.values as unknown[]).slice(1);
        if (n === 1) header = values.map(cellText);
        else body.push(values);
      });
    }
  } catch (err) {
    throw AppException.validation([
      {
        field: 'file',
        rule: 'readable',
        message: `the ${format} file cannot be read: ${(err as Error).message}`,
      },
    ]);
  }
  return { format, header, body };
}

function columnIndex<F extends string>(kind: HrImportKind, columns: Array<Column<F>>, header: string[]) {
  const index = new Map<F, number>();
  header.forEach((h, i) => {
    const key = h.replace(/^\uFEFF/, '').trim();
    const col = columns.find((c) => c.header === key || c.aliases.includes(key.toLowerCase()));
    if (col && !index.has(col.field)) index.set(col.field, i);
  });
  const missing = columns.filter((c) => c.required && !index.has(c.field));
  if (missing.length)
    throw AppException.validation(
      missing.map((c) => ({
        field: `file.${c.field}`,
        rule: 'column_required',
        message: `the ${kind} file needs the column ${c.header} (download the template)`,
      })),
    );
  return index;
}

const empty = (rowNo: number): StagedRow => ({
  rowNo,
  employeeNo: null,
  name: null,
  nationalIdEnc: null,
  nationalIdHash: null,
  nationalIdMasked: null,
  gender: null,
  phone: null,
  unit: null,
  month: null,
  amountFen: null,
  refusalCode: null,
  refusalParams: null,
});

/**
 * The file's rows, validated one by one: a row that cannot be imported as written (missing field,
 * ID number failing GB 11643, bad month or amount, the same person twice in the file) is staged as
 * refused with a reason code and params; the others are classified against the database later.
 * National ID numbers leave this function only encrypted, hashed and masked.
 */
export async function readHrFile(
  kind: HrImportKind,
  fileName: string,
  buf: Buffer,
  pii: PiiCipher,
): Promise<{ format: 'csv' | 'xlsx'; rows: StagedRow[] }> {
  const { format, header, body } = await readTable(fileName, buf);
  if (body.length > MAX_HR_IMPORT_ROWS)
    throw AppException.validation([
      { field: 'file', rule: 'max_rows', message: `at most ${MAX_HR_IMPORT_ROWS} rows per file` },
    ]);
  if (body.length === 0)
    throw AppException.validation([{ field: 'file', rule: 'non_empty', message: 'the file has no rows' }]);
  const rows: StagedRow[] = [];
  const seen = new Map<string, number>();
  const firstSeen = (key: string, rowNo: number): number | undefined => {
    const first = seen.get(key);
    if (first === undefined) seen.set(key, rowNo);
    return first;
  };
  if (kind === 'roster') {
    const idx = columnIndex(kind, ROSTER_COLUMNS, header);
    const get = (values: unknown[], f: RosterField) => (idx.has(f) ? cellText(values[idx.get(f)!]) : '');
    body.forEach((values, i) => {
      const row = empty(i + 2); // row 1 is the header
      const refuse = (code: string, params: Record<string, string | number>) => {
        row.refusalCode ??= code;
        row.refusalParams ??= params;
      };
      row.employeeNo = get(values, 'employeeNo') || null;
      row.name = get(values, 'name') || null;
      row.unit = get(values, 'unit') || null;
      row.phone = get(values, 'phone') || null;
      const g = gender(get(values, 'gender'));
      if (g === undefined) refuse('gender_invalid', { value: get(values, 'gender') });
      else row.gender = g;
      const id = get(values, 'nationalId');
      if (!row.employeeNo) refuse('required', { field: 'employeeNo' });
      if (!row.name) refuse('required', { field: 'name' });
      if (!id) refuse('required', { field: 'nationalId' });
      else {
        const check = validateNationalId(id);
        row.nationalIdMasked = maskNationalId(id);
        if (!check.ok) refuse('national_id_invalid', { rule: check.rule });
        else {
          row.nationalIdEnc = pii.encrypt(check.normalised);
          row.nationalIdHash = pii.hash('national_id', check.normalised);
        }
      }
      if (!row.refusalCode) {
        const dupNo = firstSeen(`no:${row.employeeNo}`, row.rowNo);
        const dupId = firstSeen(`id:${row.nationalIdHash}`, row.rowNo);
        if (dupNo !== undefined) refuse('duplicate_in_file', { field: 'employeeNo', firstRow: dupNo });
        else if (dupId !== undefined) refuse('duplicate_in_file', { field: 'nationalId', firstRow: dupId });
      }
      rows.push(row);
    });
  } else {
    const idx = columnIndex(kind, PAYROLL_COLUMNS, header);
    const raw = (values: unknown[], f: PayrollField) => (idx.has(f) ? values[idx.get(f)!] : undefined);
    body.forEach((values, i) => {
      const row = empty(i + 2);
      const refuse = (code: string, params: Record<string, string | number>) => {
        row.refusalCode ??= code;
        row.refusalParams ??= params;
      };
      row.employeeNo = cellText(raw(values, 'employeeNo')) || null;
      row.name = cellText(raw(values, 'name')) || null;
      row.month = monthText(raw(values, 'month'));
      row.amountFen = yuanTextToFen(raw(values, 'amount'));
      if (!row.employeeNo) refuse('required', { field: 'employeeNo' });
      if (!row.month) refuse('month_invalid', { value: cellText(raw(values, 'month')) });
      if (row.amountFen === null) refuse('amount_invalid', { value: cellText(raw(values, 'amount')) });
      if (!row.refusalCode) {
        const dup = firstSeen(`${row.employeeNo}|${row.month}`, row.rowNo);
        if (dup !== undefined) refuse('duplicate_in_file', { field: 'month', firstRow: dup });
      }
      rows.push(row);
    });
  }
  return { format, rows };
}

/** The downloadable template: the Chinese headers, ID and month columns formatted as text. */
export async function templateXlsx(kind: HrImportKind): Promise<Buffer> {
  const wb = new Workbook();
  const ws = wb.addWorksheet(kind === 'roster' ? '花名册' : '工资收入');
  const columns = COLUMNS[kind] as Array<Column<string>>;
  ws.columns = columns.map((c) => ({
    header: c.header,
    key: c.field,
    width: c.field === 'nationalId' ? 22 : 14,
  }));
  columns.forEach((c, i) => {
    if (['employeeNo', 'nationalId', 'month', 'phone'].includes(c.field)) ws.getColumn(i + 1).numFmt = '@';
  });
  ws.getRow(1).font = { bold: true };
  return Buffer.from(await wb.xlsx.writeBuffer());
}
