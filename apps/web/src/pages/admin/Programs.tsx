import { Card, InputNumber, Space, Table, Tag, Typography } from 'antd';
import dayjs from 'dayjs';
import { useState } from 'react';
import { Link } from 'react-router-dom';
import { client, ok } from '../../api';
import type { ProgramView } from '../../api/types';
import { ErrorAlert, PageTitle, useLoad } from '../../components/common';
import { moneyColumn, yuan } from '../../format';
import { useI18n } from '../../i18n';

interface Budget {
  budgetId: string;
  fundSource: string;
  programCode: string;
  year: number;
  allocatedFen: number;
  reservedFen: number;
  paidFen: number;
  repaidFen: number;
  availableFen: number;
}

/** Programs (救助项目, from the policy in force) and their budgets per fund source and year. */
export function ProgramsPage() {
  const { t, lang, label } = useI18n();
  const [year, setYear] = useState<number>(dayjs().year());
  const programs = useLoad(() => ok(client.GET('/api/programs')), []);
  const budgets = useLoad(
    async () =>
      (await ok(client.GET('/api/funds/budgets', { params: { query: { year } } }))) as unknown as {
        items: Budget[];
      },
    [year],
  );
  const names = new Map(
    (programs.data?.items ?? []).map((p) => [p.code, lang === 'zh' ? p.nameZh : p.nameEn]),
  );
  return (
    <div>
      <PageTitle>{t('programs.title')}</PageTitle>
      <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
        <Card
          size="small"
          title={t('programs.programs')}
          extra={<Link to="/admin/policy">{t('programs.editInPolicy')}</Link>}
        >
          <ErrorAlert error={programs.error} />
          <Table<ProgramView>
            size="small"
            rowKey="code"
            data-testid="programs"
            loading={programs.loading}
            pagination={false}
            dataSource={programs.data?.items ?? []}
            columns={[
              {
                title: t('programs.code'),
                dataIndex: 'code',
                render: (v: string) => <Typography.Text code>{v}</Typography.Text>,
              },
              {
                title: t('programs.name'),
                key: 'name',
                render: (_, p) => (lang === 'zh' ? p.nameZh : p.nameEn),
              },
              {
                title: t('programs.range'),
                key: 'range',
                render: (_, p) => `${yuan(p.minAmountFen, lang)} – ${yuan(p.maxAmountFen, lang)}`,
              },
              {
                title: t('programs.oncePerYear'),
                dataIndex: 'oncePerYear',
                render: (v: boolean) => (v ? t('programs.yes') : t('programs.no')),
              },
              {
                title: t('programs.categories'),
                dataIndex: 'eligibleCategories',
                render: (v: string[]) =>
                  v.length ? v.map((c) => <Tag key={c}>{label('category', c)}</Tag>) : t('programs.any'),
              },
              {
                title: t('programs.noticeFrom'),
                dataIndex: 'noticeFromFen',
                render: (v: number | null) => (v === null ? '—' : yuan(v, lang)),
              },
            ]}
          />
        </Card>
        <Card
          size="small"
          title={t('programs.budgets')}
          extra={
            <InputNumber
              aria-label={t('programs.year')}
              value={year}
              min={2000}
              max={2100}
              onChange={(v) => v && setYear(v)}
            />
          }
        >
          <ErrorAlert error={budgets.error} />
          <Table<Budget>
            size="small"
            rowKey="budgetId"
            data-testid="budgets"
            loading={budgets.loading}
            pagination={false}
            dataSource={budgets.data?.items ?? []}
            columns={[
              {
                title: t('programs.name'),
                dataIndex: 'programCode',
                render: (v: string) => names.get(v) ?? label('program', v),
              },
              {
                title: t('funds.source'),
                dataIndex: 'fundSource',
                render: (v: string) => label('fundSource', v),
              },
              moneyColumn(t('funds.allocated'), 'allocatedFen', lang),
              moneyColumn(t('funds.reserved'), 'reservedFen', lang),
              moneyColumn(t('funds.paidOut'), 'paidFen', lang),
              moneyColumn(t('funds.available'), 'availableFen', lang),
            ]}
          />
        </Card>
      </Space>
    </div>
  );
}
