import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { parse } from 'csv-parse/sync';
import { Workbook } from 'exceljs';
import { DataSource } from 'typeorm';
import { isWithinScope } from '../../../../libs/domain/org-scope';
import { LoansRepository } from '../../../../libs/loans/loans.repository';
import type { AuthUser } from '../auth/auth.decorators';
import { AppException, ErrorRule, type ErrorParams } from '../common/errors';
import { LoansService } from './loans.service';

export const MAX_IMPORT_BYTES = 10 * 1024 * 1024;
const MAX_ROWS = 50_000;

/** Accepted column headers (Chinese or English, case-insensitive). */
const HEADERS: Record<keyof RawRow, string[]> = {
  employeeNo: ['employeeno', 'employee_no', 'employee no', '工号', '职工编号', '员工编号'],
  loanNo: ['loanno', 'loan_no', 'loan', 'loan no', '借款编号', '借款单号'],
  amount: ['amount', '金额', '还款金额', '扣款金额', '金额(元)', '金额（元）'],
  amountFen: ['amountfen', 'amount_fen', '金额(分)', '金额（分）'],
  paidOn: ['paidon', 'paid_on', 'date', '日期', '还款日期', '扣款日期'],
  reference: ['reference', 'ref', '流水号', '参考号', '扣款流水号', '凭证号'],
};

/** The template's columns: each header is one of HEADERS, so a filled-in template imports as is. */
const TEMPLATE_COLUMNS = [
  { header: '工号', width: 12, help: '职工工号，如 E1002' },
  { header: '借款编号', width: 18, help: '借款编号，如 LN-2026-000001' },
  { header: '还款金额', width: 14, help: '本次代扣金额，单位元，最多两位小数，如 500.00' },
  { header: '还款日期', width: 14, help: '代扣日期，格式 2026-11-25' },
  { header: '流水号', width: 22, help: '工资代扣流水号，每笔唯一' },
];

interface RawRow {
  employeeNo: unknown;
  loanNo: unknown;
  amount: unknown;
  amountFen: unknown;
  paidOn: unknown;
  reference: unknown;
}

export interface ImportRowView {
  rowNo: number;
  employeeNo: string | null;
  loanNo: string | null;
  amountFen: number | null;
  paidOn: string | null;
  reference: string | null;
  outcome: 'accepted' | 'duplicate' | 'rejected';
  reason: string | null;
  reasonField: string | null;
  reasonRule: string | null;
  reasonParams: ErrorParams | null;
}

function text(v: unknown): string {
  if (v === null || v === undefined) return '';
  if (v instanceof Date) return v.toISOString().slice(0, 10);
  if (typeof v === 'object') {
    const o = v as { text?: unknown; result?: unknown; richText?: Array<{ text: string }> };
    if (o.richText)
      return o.richText
        .map((t) => t.text)
        .join('')
        .trim();
    if (o.text !== undefined) return text(o.text);
    if (o.result !== undefined) return text(o.result);
  }
  return String(v as string | number).trim();
}

/** Yuan (string "400", "400.5", "1,200.00" or a spreadsheet number) → fen, without float arithmetic on strings. */
export function yuanTextToFen(v: unknown): number | null {
  if (typeof v === 'number') {
    if (!Number.isFinite(v)) return null;
    const s = v.toFixed(2);
    if (Math.abs(Number(s) - v) > 1e-9) return null; // more than two decimals
    return yuanTextToFen(s);
  }
  const s = text(v).replace(/,/g, '');
  const m = /^(\d+)(?:\.(\d{1,2}))?$/.exec(s);
  if (!m) return null;
  const fen = Number(m[1]) * 100 + Number((m[2] ?? '').padEnd(2, '0'));
  return Number.isSafeInteger(fen) ? fen : null;
}

function dateText(v: unknown): string | null {
  if (v instanceof Date) return Number.isNaN(v.getTime()) ? null : v.toISOString().slice(0, 10);
  const m = /^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})$/.exec(text(v));
  if (!m) return null;
  const d = `${m[1]}-${m[2]!.padStart(2, '0')}-${m[3]!.padStart(2, '0')}`;
  const t = new Date(`${d}T00:00:00Z`);
  return !Number.isNaN(t.getTime()) && t.toISOString().slice(0, 10) === d ? d : null;
}

function mapHeaders(headers: string[]): Map<number, keyof RawRow> {
  const map = new Map<number, keyof RawRow>();
  headers.forEach((h, i) => {
    const key = h
      .replace(/^\uFEFF/, '')
      .trim()
      .toLowerCase();
    for (const [field, names] of Object.entries(HEADERS) as Array<[keyof RawRow, string[]]>) {
      if (names.includes(key)) map.set(i, field);
    }
  });
  return map;
}

function toRaw(map: Map<number, keyof RawRow>, values: unknown[]): RawRow {
  const r: RawRow = {
    employeeNo: null,
    loanNo: null,
    amount: null,
    amountFen: null,
    paidOn: null,
    reference: null,
  };
  for (const [i, f] of map) r[f] = values[i];
  return r;
}

/**
 * Payroll-deduction imports: every row is its own ledger transaction, idempotent by reference, so a
 * file imported twice only reports duplicates. Progress and per-row outcomes are stored as it runs.
 */
@Injectable()
export class RepaymentImportsService {
  private readonly logger = new Logger(RepaymentImportsService.name);
  /** Imports still running in this process (tests and shutdown can wait on them). */
  readonly running = new Map<string, Promise<void>>();

  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly records: LoansRepository,
    private readonly loans: LoansService,
  ) {}

  async parse(fileName: string, buf: Buffer): Promise<{ format: 'csv' | 'xlsx'; rows: RawRow[] }> {
    const lower = fileName.toLowerCase();
    const format = lower.endsWith('.csv') ? 'csv' : lower.endsWith('.xlsx') ? 'xlsx' : null;
    if (!format)
      throw AppException.validation([
        {
          field: 'file',
          rule: ErrorRule.FileType,
          message: 'the file must be .csv or .xlsx',
          params: { allowed: '.csv, .xlsx' },
        },
      ]);
    let header: string[] = [];
    let body: unknown[][] = [];
    try {
      if (format === 'csv') {
        const all = parse(buf, {
          bom: true,
          skip_empty_lines: true,
          relax_column_count: true,
          trim: true,
        }) as string[][];
        header = all[0] ?? [];
        body = all.slice(1);
      } else {
        const wb = new Workbook();
        await wb.xlsx.load(buf as unknown as ArrayBuffer);
        const ws = wb.worksheets[0];
        if (ws) {
          ws.eachRow({ includeEmpty: false }, (row, n) => {
            const values = (row.values as unknown[]).slice(1);
            if (n === 1) header = values.map(text);
            else body.push(values);
          });
        }
      }
    } catch (err) {
      throw AppException.validation([
        {
          field: 'file',
          rule: ErrorRule.Readable,
          params: { format },
          message: `the ${format} file cannot be read: ${(err as Error).message}`,
        },
      ]);
    }
    const map = mapHeaders(header);
    const fields = new Set(map.values());
    const missing = (['employeeNo', 'loanNo', 'paidOn', 'reference'] as const).filter((f) => !fields.has(f));
    if (!fields.has('amount') && !fields.has('amountFen')) missing.push('amount' as never);
    if (missing.length)
      throw AppException.validation(
        missing.map((f) => ({
          field: `file.${f}`,
          rule: ErrorRule.ColumnRequired,
          message: `column ${f} is missing (accepted headers: ${HEADERS[f].join(', ')})`,
          params: { column: HEADERS[f][0] ?? f, allowed: HEADERS[f].join(', ') },
        })),
      );
    if (body.length > MAX_ROWS)
      throw AppException.validation([
        {
          field: 'file',
          rule: ErrorRule.MaxRows,
          message: `at most ${MAX_ROWS} rows per file`,
          params: { max: MAX_ROWS },
        },
      ]);
    return { format, rows: body.map((v) => toRaw(map, v)) };
  }

  /** The import template: the Chinese headers parse() accepts, and a sheet saying how to fill it in. */
  async template(): Promise<Buffer> {
    const wb = new Workbook();
    wb.creator = 'bangfu';
    const ws = wb.addWorksheet('工资代扣');
    ws.columns = TEMPLATE_COLUMNS.map((c) => ({ header: c.header, width: c.width }));
    ws.getRow(1).font = { bold: true };
    ws.getColumn(3).numFmt = '#,##0.00';
    ws.getColumn(4).numFmt = 'yyyy-mm-dd';
    const help = wb.addWorksheet('填写说明');
    help.columns = [
      { header: '列', width: 14 },
      { header: '说明', width: 70 },
    ];
    for (const c of TEMPLATE_COLUMNS) help.addRow([c.header, c.help]);
    help.addRow(['', `每个文件最多 ${MAX_ROWS} 行；同一流水号重复导入只入账一次。`]);
    return Buffer.from(await wb.xlsx.writeBuffer());
  }

  async start(fileName: string, buf: Buffer, user: AuthUser): Promise<{ id: string; totalRows: number }> {
    const { format, rows } = await this.parse(fileName, buf);
    const [imp] = (await this.ds.query(
      `INSERT INTO repayment_imports (file_name, format, status, total_rows, created_by, org_unit_id)
       VALUES ($1, $2, 'running', $3, $4, $5) RETURNING id`,
      [fileName.slice(0, 255), format, rows.length, user.userId, user.orgUnitId],
    )) as Array<{ id: string }>;
    const id = imp!.id;
    const run = this.process(id, rows, user)
      .catch(async (err: unknown) => {
        this.logger.error(`repayment import ${id} failed: ${String(err)}`);
        await this.ds.query(
          `UPDATE repayment_imports SET status = 'failed', error = $2, finished_at = now() WHERE id = $1`,
          [id, String(err).slice(0, 1000)],
        );
      })
      .finally(() => this.running.delete(id));
    this.running.set(id, run);
    return { id, totalRows: rows.length };
  }

  private async process(id: string, rows: RawRow[], user: AuthUser): Promise<void> {
    for (const [i, raw] of rows.entries()) {
      const row = await this.processRow(i + 2, raw, user); // row 1 is the header
      await this.ds.transaction(async (em) => {
        await em.query(
          `INSERT INTO repayment_import_rows (import_id, row_no, employee_no, loan_no, amount_fen, paid_on, reference, outcome, reason,
                                              ledger_entry_id, reason_field, reason_rule, reason_params)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)`,
          [
            id,
            row.rowNo,
            row.employeeNo,
            row.loanNo,
            row.amountFen,
            row.paidOn,
            row.reference,
            row.outcome,
            row.reason,
            row.entryId,
            row.reasonField,
            row.reasonRule,
            row.reasonParams === null ? null : JSON.stringify(row.reasonParams),
          ],
        );
        await em.query(
          `UPDATE repayment_imports SET processed_rows = processed_rows + 1,
                  accepted = accepted + ($2 = 'accepted')::int, duplicate = duplicate + ($2 = 'duplicate')::int,
                  rejected = rejected + ($2 = 'rejected')::int WHERE id = $1`,
          [id, row.outcome],
        );
      });
    }
    await this.ds.query(`UPDATE repayment_imports SET status = 'done', finished_at = now() WHERE id = $1`, [
      id,
    ]);
  }

  private async processRow(
    rowNo: number,
    raw: RawRow,
    user: AuthUser,
  ): Promise<ImportRowView & { entryId: string | null }> {
    const employeeNo = text(raw.employeeNo) || null;
    const loanNo = text(raw.loanNo) || null;
    const reference = text(raw.reference) || null;
    const fenText = text(raw.amountFen);
    const amountFen =
      fenText !== '' ? (/^\d{1,15}$/.test(fenText) ? Number(fenText) : null) : yuanTextToFen(raw.amount);
    const paidOn = dateText(raw.paidOn);
    const base = {
      rowNo,
      employeeNo,
      loanNo,
      amountFen,
      paidOn,
      reference,
      entryId: null,
      reasonField: null,
      reasonRule: null,
      reasonParams: null,
    };
    const reject = (field: string, rule: ErrorRule | string, reason: string, params: ErrorParams = {}) => ({
      ...base,
      outcome: 'rejected' as const,
      reason: `${field}: ${reason}`,
      reasonField: field,
      reasonRule: rule,
      reasonParams: params,
    });
    if (!employeeNo) return reject('employeeNo', ErrorRule.Required, 'required');
    if (!loanNo) return reject('loanNo', ErrorRule.Required, 'required');
    if (amountFen === null || amountFen <= 0)
      return reject(
        'amount',
        ErrorRule.PositiveFen,
        'must be a positive amount of yuan with at most two decimals',
        {
          value: text(raw.amount) || fenText,
        },
      );
    if (!paidOn)
      return reject('paidOn', ErrorRule.Date, 'must be a date YYYY-MM-DD', { value: text(raw.paidOn) });
    if (!reference) return reject('reference', ErrorRule.Required, 'required');
    const [loan] = (await this.ds.query(
      `SELECT l.id, l.workflow_id, w.employee_no, o.path FROM loans l JOIN workers w ON w.id = l.worker_id
         JOIN org_units o ON o.id = l.org_unit_id WHERE l.loan_no = $1`,
      [loanNo],
    )) as Array<{ id: string; workflow_id: string; employee_no: string; path: string }>;
    if (!loan || !isWithinScope(user.orgPath, loan.path))
      return reject('loanNo', ErrorRule.Exists, `no loan ${loanNo}`, { entity: 'loan', id: loanNo });
    if (loan.employee_no !== employeeNo)
      return reject('employeeNo', ErrorRule.LoanBorrower, `loan ${loanNo} belongs to another employee`, {
        loanNo,
        employeeNo,
      });
    const r = await this.records.postRepayment({
      loanId: loan.id,
      amountFen,
      paidOn,
      reference,
      key: `ref:${reference}`,
      actorId: user.userId,
      source: 'import',
    });
    if (r.outcome === 'rejected') return reject(r.field, r.rule, r.reason, r.params);
    if (r.outcome === 'accepted') this.loans.notifyWorkflow(loan.workflow_id);
    return {
      ...base,
      outcome: r.outcome,
      reason: r.outcome === 'duplicate' ? 'already recorded with this reference' : null,
      reasonRule: r.outcome === 'duplicate' ? ErrorRule.DuplicateReference : null,
      reasonParams: r.outcome === 'duplicate' ? { reference } : null,
      entryId: r.entryId,
    };
  }

  async get(id: string, user: AuthUser) {
    const [imp] = (await this.ds.query(
      `SELECT i.id, i.file_name AS "fileName", i.format, i.status, i.total_rows AS "totalRows", i.processed_rows AS "processedRows",
              i.accepted, i.duplicate, i.rejected, i.error, i.created_at AS "createdAt", i.finished_at AS "finishedAt", o.path
         FROM repayment_imports i JOIN org_units o ON o.id = i.org_unit_id WHERE i.id = $1`,
      [id],
    )) as Array<Record<string, unknown> & { path: string }>;
    if (!imp || !(isWithinScope(user.orgPath, imp.path) || isWithinScope(imp.path, user.orgPath)))
      throw AppException.notFound('repayment import', 'id', id);
    const rows = (await this.ds.query(
      `SELECT row_no AS "rowNo", employee_no AS "employeeNo", loan_no AS "loanNo", amount_fen::bigint AS "amountFen",
              to_char(paid_on, 'YYYY-MM-DD') AS "paidOn", reference, outcome, reason,
              reason_field AS "reasonField", reason_rule AS "reasonRule", reason_params AS "reasonParams"
         FROM repayment_import_rows WHERE import_id = $1 ORDER BY row_no`,
      [id],
    )) as Array<Omit<ImportRowView, 'amountFen'> & { amountFen: string | null }>;
    const { path: _p, ...rest } = imp;
    return {
      ...rest,
      rows: rows.map((r) => ({ ...r, amountFen: r.amountFen === null ? null : Number(r.amountFen) })),
    };
  }
}
