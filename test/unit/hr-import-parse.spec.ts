import { Workbook } from 'exceljs';
import { readHrFile, templateXlsx } from '../../apps/api/src/hr-imports/hr-imports.parse';
import { nationalIdCheckChar } from '../../libs/domain/national-id';
import { PiiCipher } from '../../libs/security/pii';

const pii = new PiiCipher({ encryptionKey: Buffer.alloc(32, 7), hashKey: Buffer.alloc(16, 9) });
const id = (first17: string) => first17 + nationalIdCheckChar(first17);

describe('readHrFile', () => {
  test('roster rows: valid ones encrypted and hashed, bad ones refused with a reason code and params', async () => {
    const good = id('37010219800101123');
    const bad = good.slice(0, 17) + (good[17] === '1' ? '2' : '1');
    const csv = [
      '工号,姓名,身份证号,性别,所属单位',
      `E1,张三,${good},男,G-01`,
      `E2,李四,${bad},女,`,
      `E3,王五,${good.toLowerCase()},女,`,
      `E1,赵六,${id('37010219800102123')},男,`,
      `,钱七,${id('37010219800103123')},男,`,
      `E6,孙八,${id('37010219800104123')},未知,`,
    ].join('\n');
    const { format, rows } = await readHrFile('roster', 'r.csv', Buffer.from(csv), pii);
    expect(format).toBe('csv');
    expect(rows[0]).toMatchObject({
      rowNo: 2,
      employeeNo: 'E1',
      gender: 'male',
      unit: 'G-01',
      refusalCode: null,
    });
    expect(pii.decrypt(rows[0]!.nationalIdEnc!)).toBe(good);
    expect(rows[0]!.nationalIdHash).toBe(pii.hash('national_id', good));
    expect(rows[0]!.nationalIdMasked).toBe(`${good.slice(0, 4)}**********${good.slice(-4)}`);
    expect(rows.slice(1).map((r) => [r.rowNo, r.refusalCode, r.refusalParams])).toEqual([
      [3, 'national_id_invalid', { rule: 'checksum' }],
      [4, 'duplicate_in_file', { field: 'nationalId', firstRow: 2 }],
      [5, 'duplicate_in_file', { field: 'employeeNo', firstRow: 2 }],
      [6, 'required', { field: 'employeeNo' }],
      [7, 'gender_invalid', { value: '未知' }],
    ]);
    expect(rows[1]!.nationalIdEnc).toBeNull();
  });

  test('payroll rows: month and yuan parsed to fen; bad values refused', async () => {
    const csv = [
      '工号,月份,收入(元)',
      'E1,2026-03,5000.5',
      'E1,2026/4,1200',
      'E2,2026-13,1',
      'E3,2026-03,1.234',
      'E1,202603,1',
    ].join('\n');
    const { rows } = await readHrFile('payroll', 'p.csv', Buffer.from(csv), pii);
    expect(rows.map((r) => [r.month, r.amountFen, r.refusalCode])).toEqual([
      ['2026-03-01', 500_050, null],
      ['2026-04-01', 120_000, null],
      [null, 100, 'month_invalid'],
      ['2026-03-01', null, 'amount_invalid'],
      ['2026-03-01', 100, 'duplicate_in_file'],
    ]);
  });

  test('a missing required column or file type is a 400 naming it', async () => {
    await expect(
      readHrFile('roster', 'r.csv', Buffer.from('工号,姓名\nE1,张三\n'), pii),
    ).rejects.toMatchObject({
      response: {
        statusCode: 400,
        details: [expect.objectContaining({ field: 'file.nationalId', rule: 'column_required' })],
      },
    });
    await expect(readHrFile('roster', 'r.txt', Buffer.from('x'), pii)).rejects.toMatchObject({
      response: { details: [expect.objectContaining({ field: 'file', rule: 'file_type' })] },
    });
  });

  test('the template has the Chinese headers and reads back as an (empty) file of the same kind', async () => {
    const buf = await templateXlsx('payroll');
    const wb = new Workbook();
    await wb.xlsx.load(buf as unknown as ArrayBuffer);
    expect((wb.worksheets[0]!.getRow(1).values as unknown[]).slice(1)).toEqual([
      '工号',
      '姓名',
      '月份',
      '收入(元)',
    ]);
    await expect(readHrFile('payroll', 't.xlsx', buf, pii)).rejects.toMatchObject({
      response: { details: [expect.objectContaining({ rule: 'non_empty' })] },
    });
  });
});
