import { Card, InputNumber, Space, Table, Typography } from 'antd';
import dayjs from 'dayjs';
import { useMemo, useState } from 'react';
import { client, ok } from '../../api';
import type { BudgetVsActualRow, FundBalance } from '../../api/types';
import { Chart, yuanAxis } from '../../components/chart';
import { ErrorAlert, PageTitle, useLoad } from '../../components/common';
import { fmtDateTime, moneyColumn, percent, yuan } from '../../format';
import { useI18n } from '../../i18n';
import { ResponsiveTable } from '../../components/responsive';
import { ExportButtons } from './shared';
import { AllocateBudget } from './AllocateBudget';
import { useIsPhone } from '../../layout';

interface PivotRow {
  code: string;
  name: string;
  months: number[];
  actual: number;
  budget: number;
}

/** An amount in a dense pivot: 0 as a dash, otherwise yuan without the unit (the header says 元). */
function amount(fen: number, lang: 'zh' | 'en'): string {
  if (fen === 0) return '—';
  return yuan(fen, lang).replace(/ 元$/, '').replace(/^¥/, '');
}

/** Funds: balances and budget vs actual. */
export function FundsPage() {
  const { t, lang, label } = useI18n();
  const phone = useIsPhone();
  const [year, setYear] = useState<number>(dayjs().year());
  const balances = useLoad(() => ok(client.GET('/api/finance/balances')), []);
  const bva = useLoad(
    () => ok(client.GET('/api/finance/budget-vs-actual', { params: { query: { year } } })),
    [year],
  );
  const balanceRows: FundBalance[] = balances.data?.items ?? [];
  const bvaRows: BudgetVsActualRow[] = bva.data?.rows ?? [];
  const byMonth = useMemo(() => {
    const m = new Map<string, { budget: number; actual: number }>();
    for (const r of bvaRows) {
      const k = String(r.month);
      const e = m.get(k) ?? { budget: 0, actual: 0 };
      e.budget += Number(r.budgetFen);
      e.actual += Number(r.actualFen);
      m.set(k, e);
    }
    return [...m.entries()].sort((a, b) => a[0].localeCompare(b[0], undefined, { numeric: true }));
  }, [bvaRows]);
  // budget vs actual as a pivot: programs × months (actual paid), the year's budget, totals
  const pivot = useMemo<PivotRow[]>(() => {
    const m = new Map<string, PivotRow>();
    for (const r of bvaRows) {
      const p = m.get(r.programCode) ?? {
        code: r.programCode,
        name: lang === 'zh' && r.programNameZh ? r.programNameZh : label('program', r.programCode),
        months: Array.from({ length: 12 }, () => 0),
        actual: 0,
        budget: 0,
      };
      p.months[Number(r.month) - 1] = Number(r.actualFen);
      p.actual += Number(r.actualFen);
      p.budget += Number(r.budgetFen);
      m.set(r.programCode, p);
    }
    return [...m.values()];
  }, [bvaRows, lang, label]);
  const totals = useMemo(
    () => ({
      months: Array.from({ length: 12 }, (_, i) => pivot.reduce((n, p) => n + p.months[i]!, 0)),
      actual: pivot.reduce((n, p) => n + p.actual, 0),
      budget: pivot.reduce((n, p) => n + p.budget, 0),
    }),
    [pivot],
  );
  const balanceOption = useMemo(
    () => ({
      tooltip: { trigger: 'axis' },
      legend: { top: 0 },
      grid: { left: 90, right: 24, top: 40, bottom: phone ? 72 : 40 },
      xAxis: {
        type: 'category',
        data: balanceRows.map((b) => (lang === 'zh' ? b.nameZh : (b.nameEn ?? b.code))),
        // every source named, slanted on a phone (ECharts would otherwise skip every other one)
        axisLabel: { interval: 0, rotate: phone ? 30 : 0 },
      },
      yAxis: yuanAxis(lang, { gap: 64 }),
      // side by side, each labelled: a small paid or reserved sum stays visible next to a large balance
      series: (
        [
          ['funds.available', 'availableFen', '#52c41a'],
          ['funds.reserved', 'reservedFen', '#faad14'],
          ['funds.paidOut', 'paidFen', '#1677ff'],
        ] as const
      ).map(([key, field, color]) => ({
        type: 'bar',
        name: t(key),
        barMinHeight: 3,
        itemStyle: { color },
        data: balanceRows.map((b) => Number(b[field]) / 100),
        label: {
          show: true,
          position: 'top',
          fontSize: 11,
          // zero bars keep their 3 px but no "0.00" label crowding the small sums
          formatter: (p: { value: number }) =>
            p.value
              ? p.value.toLocaleString('zh-CN', { minimumFractionDigits: 2, maximumFractionDigits: 2 })
              : '',
        },
      })),
    }),
    [balanceRows, lang, t, phone],
  );
  const bvaOption = useMemo(
    () => ({
      tooltip: { trigger: 'axis' },
      legend: { top: 0 },
      grid: { left: 90, right: 24, top: 40, bottom: 40 },
      xAxis: {
        type: 'category',
        // 3月 in Chinese, Mar in English (the pivot's column headers)
        data: byMonth.map(([m]) =>
          lang === 'zh'
            ? `${Number(m)}月`
            : dayjs()
                .month(Number(m) - 1)
                .format('MMM'),
        ),
      },
      yAxis: yuanAxis(lang, { gap: 64 }),
      series: [
        { type: 'bar', name: t('funds.budget'), data: byMonth.map(([, v]) => v.budget / 100) },
        { type: 'line', name: t('funds.actual'), data: byMonth.map(([, v]) => v.actual / 100) },
      ],
    }),
    [byMonth, lang, t],
  );
  return (
    <div>
      <PageTitle
        extra={
          <Space wrap>
            <AllocateBudget
              sources={balanceRows}
              onDone={() => {
                balances.reload();
                bva.reload();
              }}
            />
            <ExportButtons path="/api/finance/balances" name="balances" />
          </Space>
        }
      >
        {t('menu.funds')}
      </PageTitle>
      <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
        <Card title={t('funds.balances')}>
          <ErrorAlert error={balances.error} path="GET /api/finance/balances" />
          {balanceRows.length ? <Chart option={balanceOption} label={t('funds.balances')} /> : null}
          <ResponsiveTable<FundBalance>
            rowKey="code"
            loading={balances.loading}
            pagination={false}
            dataSource={balanceRows}
            columns={[
              {
                title: t('funds.source'),
                key: 'n',
                render: (_, b) => (lang === 'zh' ? b.nameZh : (b.nameEn ?? b.code)),
              },
              moneyColumn(t('funds.allocated'), 'allocatedFen', lang),
              moneyColumn(t('funds.reserved'), 'reservedFen', lang),
              moneyColumn(t('funds.paidOut'), 'paidFen', lang),
              {
                title: t('funds.repaid'),
                dataIndex: 'repaidFen',
                align: 'right',
                render: (v?: number) => yuan(v ?? 0, lang),
              },
              moneyColumn(t('funds.available'), 'availableFen', lang),
            ]}
          />
        </Card>
        <Card
          title={t('funds.budgetVsActual')}
          extra={
            <Space wrap>
              <label htmlFor="bva-year">{t('funds.year')}</label>
              <InputNumber
                id="bva-year"
                min={2000}
                max={2100}
                value={year}
                onChange={(v) => v && setYear(v)}
              />
              <ExportButtons
                path="/api/finance/budget-vs-actual"
                query={{ year: String(year) }}
                name={`budget-vs-actual-${year}`}
              />
            </Space>
          }
        >
          <ErrorAlert error={bva.error} path="GET /api/finance/budget-vs-actual" />
          {byMonth.length ? <Chart option={bvaOption} label={t('funds.budgetVsActual')} /> : null}
          <Typography.Paragraph type="secondary">{t('funds.pivotHint')}</Typography.Paragraph>
          <div data-testid="bva-pivot" style={{ overflowX: 'auto' }}>
            <Table<PivotRow>
              size="small"
              rowKey="code"
              loading={bva.loading}
              pagination={false}
              dataSource={pivot}
              scroll={{ x: 'max-content' }}
              columns={[
                { title: t('funds.program'), dataIndex: 'name', fixed: 'left' },
                ...Array.from({ length: 12 }, (_, i) => ({
                  title: lang === 'zh' ? `${i + 1}月` : dayjs().month(i).format('MMM'),
                  key: `m${i}`,
                  align: 'right' as const,
                  render: (_: unknown, r: PivotRow) => amount(r.months[i]!, lang),
                })),
                {
                  title: t('funds.actualTotal'),
                  key: 'actual',
                  align: 'right' as const,
                  render: (_: unknown, r: PivotRow) => <strong>{amount(r.actual, lang)}</strong>,
                },
                {
                  title: t('funds.budgetYear'),
                  key: 'budget',
                  align: 'right' as const,
                  render: (_: unknown, r: PivotRow) => amount(r.budget, lang),
                },
                {
                  title: t('funds.remaining'),
                  key: 'rem',
                  align: 'right' as const,
                  render: (_: unknown, r: PivotRow) => amount(r.budget - r.actual, lang),
                },
                {
                  title: t('funds.used'),
                  key: 'used',
                  align: 'right' as const,
                  render: (_: unknown, r: PivotRow) =>
                    r.budget === 0 ? '—' : percent(Math.round((r.actual * 10_000) / r.budget) / 100),
                },
              ]}
              summary={() => (
                <Table.Summary fixed>
                  <Table.Summary.Row>
                    <Table.Summary.Cell index={0}>
                      <strong>{t('common.total')}</strong>
                    </Table.Summary.Cell>
                    {totals.months.map((m, i) => (
                      <Table.Summary.Cell key={i} index={i + 1} align="right">
                        {amount(m, lang)}
                      </Table.Summary.Cell>
                    ))}
                    <Table.Summary.Cell index={13} align="right">
                      <strong>{amount(totals.actual, lang)}</strong>
                    </Table.Summary.Cell>
                    <Table.Summary.Cell index={14} align="right">
                      {amount(totals.budget, lang)}
                    </Table.Summary.Cell>
                    <Table.Summary.Cell index={15} align="right">
                      {amount(totals.budget - totals.actual, lang)}
                    </Table.Summary.Cell>
                    <Table.Summary.Cell index={16} align="right">
                      {totals.budget === 0
                        ? '—'
                        : percent(Math.round((totals.actual * 10_000) / totals.budget) / 100)}
                    </Table.Summary.Cell>
                  </Table.Summary.Row>
                </Table.Summary>
              )}
            />
          </div>
        </Card>
        <Typography.Text type="secondary">{fmtDateTime(new Date(), lang)}</Typography.Text>
      </Space>
    </div>
  );
}
