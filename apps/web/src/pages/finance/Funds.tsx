import { Card, InputNumber, Space, Table, Typography } from 'antd';
import dayjs from 'dayjs';
import { useMemo, useState } from 'react';
import { client, ok } from '../../api';
import type { BudgetVsActualRow, FundBalance } from '../../api/types';
import { Chart } from '../../components/chart';
import { ErrorAlert, PageTitle, useLoad } from '../../components/common';
import { fmtDateTime, moneyColumn, yuan } from '../../format';
import { useI18n } from '../../i18n';
import { ExportButtons } from './shared';

/** Funds: balances and budget vs actual. */
export function FundsPage() {
  const { t, lang } = useI18n();
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
  const balanceOption = useMemo(
    () => ({
      tooltip: { trigger: 'axis' },
      legend: { top: 0 },
      grid: { left: 90, right: 24, top: 40, bottom: 40 },
      xAxis: {
        type: 'category',
        data: balanceRows.map((b) => (lang === 'zh' ? b.nameZh : (b.nameEn ?? b.code))),
      },
      yAxis: { type: 'value', name: lang === 'zh' ? '元' : 'CNY' },
      series: [
        {
          type: 'bar',
          name: t('funds.paidOut'),
          stack: 'a',
          data: balanceRows.map((b) => Number(b.paidFen) / 100),
        },
        {
          type: 'bar',
          name: t('funds.reserved'),
          stack: 'a',
          data: balanceRows.map((b) => Number(b.reservedFen) / 100),
        },
        {
          type: 'bar',
          name: t('funds.available'),
          stack: 'a',
          data: balanceRows.map((b) => Number(b.availableFen) / 100),
        },
      ],
    }),
    [balanceRows, lang, t],
  );
  const bvaOption = useMemo(
    () => ({
      tooltip: { trigger: 'axis' },
      legend: { top: 0 },
      grid: { left: 90, right: 24, top: 40, bottom: 40 },
      xAxis: { type: 'category', data: byMonth.map(([m]) => (lang === 'zh' ? `${m}月` : m)) },
      yAxis: { type: 'value', name: lang === 'zh' ? '元' : 'CNY' },
      series: [
        { type: 'bar', name: t('funds.budget'), data: byMonth.map(([, v]) => v.budget / 100) },
        { type: 'line', name: t('funds.actual'), data: byMonth.map(([, v]) => v.actual / 100) },
      ],
    }),
    [byMonth, lang, t],
  );
  return (
    <div>
      <PageTitle extra={<ExportButtons path="/api/finance/balances" name="balances" />}>
        {t('menu.funds')}
      </PageTitle>
      <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
        <Card title={t('funds.balances')}>
          <ErrorAlert error={balances.error} path="GET /api/finance/balances" />
          {balanceRows.length ? <Chart option={balanceOption} label={t('funds.balances')} /> : null}
          <Table<FundBalance>
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
            <Space>
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
          <Table<BudgetVsActualRow>
            rowKey={(r) => `${r.programCode}-${r.month}`}
            loading={bva.loading}
            pagination={{ pageSize: 12, hideOnSinglePage: true }}
            dataSource={bvaRows}
            columns={[
              {
                title: t('funds.program'),
                key: 'p',
                render: (_, r) => (lang === 'zh' && r.programNameZh ? r.programNameZh : r.programCode),
              },
              {
                title: t('funds.month'),
                dataIndex: 'month',
                render: (v: number | string) => (lang === 'zh' ? `${Number(v)}月` : String(v)),
              },
              moneyColumn(t('funds.budget'), 'budgetFen', lang),
              moneyColumn(t('funds.actual'), 'actualFen', lang),
            ]}
          />
        </Card>
        <Typography.Text type="secondary">{fmtDateTime(new Date(), lang)}</Typography.Text>
      </Space>
    </div>
  );
}
