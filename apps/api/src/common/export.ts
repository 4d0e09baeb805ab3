import { StreamableFile } from '@nestjs/common';
import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';
import { Workbook } from 'exceljs';
import type { Response } from 'express';
import { formatFen } from '../../../../libs/domain/money';

export const EXPORT_FORMATS = ['xlsx', 'csv'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

/** `?format=xlsx|csv` turns a finance view into a download. */
export class ExportQueryDto {
  @ApiPropertyOptional({ enum: EXPORT_FORMATS, description: 'download as a file instead of JSON' })
  @IsOptional()
  @IsIn(EXPORT_FORMATS)
  format?: ExportFormat;
}

export interface ExportColumn<T> {
  /** Header: Chinese first, English alongside. */
  zh: string;
  en: string;
  value: (row: T) => string | number | null | undefined;
  /** Money in fen, written as yuan with two decimals. */
  fen?: boolean;
}

function cell<T>(c: ExportColumn<T>, row: T): string | number {
  const v = c.value(row);
  if (v === null || v === undefined) return '';
  if (c.fen && typeof v === 'number') return formatFen(v).replace(/,/g, '');
  return v;
}

function csvEscape(v: string | number): string {
  const s = String(v);
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** CSV with a UTF-8 BOM (so Excel opens Chinese correctly), CRLF line ends. */
export function toCsv<T>(columns: ExportColumn<T>[], rows: T[]): Buffer {
  const lines = [columns.map((c) => csvEscape(`${c.zh} ${c.en}`)).join(',')];
  for (const r of rows) lines.push(columns.map((c) => csvEscape(cell(c, r))).join(','));
  return Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(lines.join('\r\n') + '\r\n', 'utf8')]);
}

export async function toXlsx<T>(sheet: string, columns: ExportColumn<T>[], rows: T[]): Promise<Buffer> {
  const wb = new Workbook();
  wb.creator = 'bangfu';
  const ws = wb.addWorksheet(sheet.slice(0, 31));
  ws.columns = columns.map((c) => ({ header: `${c.zh}\n${c.en}`, width: Math.max(12, c.zh.length * 2 + 4) }));
  ws.getRow(1).font = { bold: true };
  ws.getRow(1).alignment = { wrapText: true, vertical: 'middle' };
  for (const r of rows) {
    ws.addRow(
      columns.map((c) => {
        const v = c.value(r);
        if (v === null || v === undefined) return null;
        // money as a number of yuan (integer fen / 100 is exact to two decimals for display)
        return c.fen && typeof v === 'number' ? v / 100 : v;
      }),
    );
  }
  columns.forEach((c, i) => {
    if (c.fen) ws.getColumn(i + 1).numFmt = '#,##0.00';
  });
  return Buffer.from(await wb.xlsx.writeBuffer());
}

/** Sends rows as an attachment in the requested format. */
export async function exportFile<T>(
  res: Response,
  format: ExportFormat,
  baseName: string,
  columns: ExportColumn<T>[],
  rows: T[],
): Promise<StreamableFile> {
  const body = format === 'csv' ? toCsv(columns, rows) : await toXlsx(baseName, columns, rows);
  res.setHeader(
    'content-type',
    format === 'csv'
      ? 'text/csv; charset=utf-8'
      : 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  );
  res.setHeader('content-disposition', `attachment; filename="${baseName}.${format}"`);
  return new StreamableFile(body);
}
