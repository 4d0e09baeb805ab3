import { Injectable } from '@nestjs/common';
import { Workbook } from 'exceljs';
import { chinaDate } from '../../../../libs/domain/calendar';
import {
  annualEvaluationDue,
  evaluationFigures,
  type EvaluationGrouping,
} from '../../../../libs/domain/evaluation';
import { isWithinScope } from '../../../../libs/domain/org-scope';
import { CATEGORY_LABELS } from '../../../../libs/domain/policy-types';
import { EvaluationRepository } from '../../../../libs/evaluation/evaluation.repository';
import { PolicyRepository } from '../../../../libs/policy/policy.repository';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { AuthUser } from '../auth/auth.decorators';
import { AppException } from '../common/errors';
import { CAUSE_LABELS } from '../files/dto/files.dto';
import type { EvaluationReportDto, EvaluationRunDto } from './dto/evaluation.dto';

/** Effect evaluation (帮扶效果评估): writes per-file evaluations, reports them per unit, category, cause. */
@Injectable()
export class EvaluationService {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly evaluation: EvaluationRepository,
    private readonly policy: PolicyRepository,
  ) {}

  /** Writes the evaluations due on `date` (default today): exits without one; active files once a year. */
  async run(date?: string): Promise<EvaluationRunDto> {
    const d = date ?? chinaDate(new Date());
    const policy = await this.policy.current();
    const annualDue = annualEvaluationDue(d, policy.data.evaluation.annualMonth);
    const n = await this.evaluation.write(d, annualDue);
    return { date: d, annualDue, ...n };
  }

  async report(
    q: { year: number; orgUnitId?: string; by?: EvaluationGrouping },
    user: AuthUser,
  ): Promise<EvaluationReportDto> {
    const [unit] = (await this.ds.query(`SELECT path, name_zh FROM org_units WHERE id = $1`, [
      q.orgUnitId ?? user.orgUnitId,
    ])) as Array<{ path: string; name_zh: string }>;
    if (!unit) throw AppException.notFound('org unit', 'orgUnitId', q.orgUnitId ?? '');
    if (!isWithinScope(user.orgPath, unit.path))
      throw AppException.forbidden('the unit lies outside your org subtree', 'org_scope');
    const by = q.by ?? 'unit';
    const policy = await this.policy.current();
    const relapseMonths = policy.data.evaluation.relapseMonths;
    const base = { year: q.year, orgPath: unit.path, relapseMonths };
    const [groups, [total], files] = await Promise.all([
      this.evaluation.sums({ ...base, by }),
      this.evaluation.sums({ ...base, by: 'total' }),
      this.evaluation.files({ year: q.year, orgPath: unit.path, limit: 5000 }),
    ]);
    const names = by === 'unit' ? await this.evaluation.unitNames(groups.map((g) => g.key)) : null;
    const label = (key: string) =>
      by === 'unit'
        ? (names!.get(key) ?? key)
        : by === 'category'
          ? (CATEGORY_LABELS[key as keyof typeof CATEGORY_LABELS]?.zh ?? key)
          : (CAUSE_LABELS[key as keyof typeof CAUSE_LABELS] ?? key);
    const empty = {
      files: 0,
      households: 0,
      exits: 0,
      relapses: 0,
      incomeBeforeSumFen: 0,
      incomeAfterSumFen: 0,
      monthsToExitSum: 0,
      measuresTotal: 0,
      measuresDone: 0,
      jobsFound: 0,
      keptInSchool: 0,
      aidFen: 0,
      aidExitedFen: 0,
    };
    const { key: _k, ...totalSums } = total ?? { key: 'all', ...empty };
    return {
      year: q.year,
      by,
      orgUnitName: unit.name_zh,
      policyVersion: policy.version,
      relapseMonths,
      total: evaluationFigures(totalSums),
      groups: groups
        .map(({ key, ...s }) => ({ key, label: label(key), ...evaluationFigures(s) }))
        .sort((a, b) => a.label.localeCompare(b.label, 'zh')),
      files,
    };
  }

  /** The report as XLSX: 汇总 (groups and a total row) and 档案明细 (per file); amounts in 元 as numbers. */
  async xlsx(report: EvaluationReportDto): Promise<Buffer> {
    const wb = new Workbook();
    wb.creator = 'bangfu';
    const yuan = (fen: number | null) => (fen === null ? null : fen / 100);
    const groupBy = { unit: '单位', category: '困难类别', cause: '致困原因' }[report.by] ?? '分组';
    const s = wb.addWorksheet('汇总');
    s.columns = [
      { header: groupBy, width: 20 },
      { header: '评估档案数', width: 12 },
      { header: '户数', width: 8 },
      { header: '脱困数', width: 10 },
      { header: '返困数（12个月内）', width: 18 },
      { header: '帮扶前人均月收入（元）', width: 22 },
      { header: '帮扶后人均月收入（元）', width: 22 },
      { header: '人均月收入变化（元）', width: 20 },
      { header: '平均脱困月数', width: 14 },
      { header: '措施数', width: 10 },
      { header: '完成措施数', width: 12 },
      { header: '实现就业数', width: 12 },
      { header: '子女保学数', width: 12 },
      { header: '帮扶支出合计（元）', width: 18 },
      { header: '户均帮扶支出（元）', width: 18 },
      { header: '每脱困一户支出（元）', width: 20 },
    ];
    s.getRow(1).font = { bold: true };
    const line = (name: string, f: EvaluationReportDto['total']) => [
      name,
      f.files,
      f.households,
      f.exits,
      f.relapses,
      yuan(f.avgIncomeBeforeFen),
      yuan(f.avgIncomeAfterFen),
      yuan(f.avgIncomeChangeFen),
      f.avgMonthsToExit,
      f.measuresTotal,
      f.measuresDone,
      f.jobsFound,
      f.keptInSchool,
      yuan(f.aidFen),
      yuan(f.aidPerHouseholdFen),
      yuan(f.aidPerExitFen),
    ];
    for (const g of report.groups) s.addRow(line(g.label, g));
    s.addRow(line('合计', report.total)).font = { bold: true };
    for (const c of [6, 7, 8, 14, 15, 16]) s.getColumn(c).numFmt = '#,##0.00';
    const f = wb.addWorksheet('档案明细');
    f.columns = [
      { header: '档案编号', width: 18 },
      { header: '评估类型', width: 10 },
      { header: '评估日期', width: 12 },
      { header: '单位', width: 18 },
      { header: '困难类别', width: 12 },
      { header: '致困原因', width: 20 },
      { header: '家庭人口', width: 10 },
      { header: '帮扶前人均月收入（元）', width: 22 },
      { header: '评估时人均月收入（元）', width: 22 },
      { header: '脱困月数', width: 10 },
      { header: '措施数', width: 10 },
      { header: '完成措施数', width: 12 },
      { header: '实现就业数', width: 12 },
      { header: '子女保学数', width: 12 },
      { header: '帮扶支出（元）', width: 16 },
    ];
    f.getRow(1).font = { bold: true };
    for (const r of report.files)
      f.addRow([
        r.fileNo,
        r.kind === 'exit' ? '脱困' : '年度',
        r.evaluatedOn,
        r.orgUnitName,
        r.category ? (CATEGORY_LABELS[r.category as keyof typeof CATEGORY_LABELS]?.zh ?? r.category) : '',
        r.causes.map((c) => CAUSE_LABELS[c as keyof typeof CAUSE_LABELS] ?? c).join('、'),
        r.members,
        yuan(r.incomeBeforeFen),
        yuan(r.incomeAfterFen),
        r.monthsToExit,
        r.measuresTotal,
        r.measuresDone,
        r.jobsFound,
        r.keptInSchool,
        yuan(r.aidFen),
      ]);
    for (const c of [8, 9, 15]) f.getColumn(c).numFmt = '#,##0.00';
    return Buffer.from(await wb.xlsx.writeBuffer());
  }
}
