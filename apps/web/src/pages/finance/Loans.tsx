import { Button, Card, Form, Input, Select, Statistic, Tag } from 'antd';
import { useState } from 'react';
import { Link } from 'react-router-dom';
import { client, ok } from '../../api';
import type { LoanStatus, LoanView } from '../../api/types';
import { ErrorAlert, PageTitle, useLoad } from '../../components/common';
import { ResponsiveTable } from '../../components/responsive';
import { LoanStatus as LoanStatusTag } from './shared';
import { fmtDate, moneyColumn, yuan } from '../../format';
import { useI18n } from '../../i18n';
import { ExportButtons } from './shared';

const LOAN_STATUSES: LoanStatus[] = [
  'pending_approval',
  'awaiting_funds',
  'awaiting_disbursement',
  'active',
  'overdue',
  'defaulted',
  'repaid',
  'written_off',
  'rejected',
];

/** Outstanding loans. */
export function LoansPage() {
  const { t, lang, label } = useI18n();
  const [status, setStatus] = useState<LoanStatus>();
  const [q, setQ] = useState('');
  const [query, setQuery] = useState('');
  const { data, error, loading } = useLoad(
    () => ok(client.GET('/api/loans', { params: { query: { status, q: query, limit: 200 } } })),
    [status, query],
  );
  const items = data?.items ?? [];
  const total = items.reduce((s, l) => s + Number(l.outstandingFen), 0);
  return (
    <div>
      <PageTitle
        extra={<ExportButtons path="/api/loans" query={{ status, q: query || undefined }} name="loans" />}
      >
        {t('menu.loans')}
      </PageTitle>
      <Card style={{ marginBottom: 16 }}>
        <Form layout="inline" style={{ rowGap: 8 }} onFinish={() => setQuery(q)}>
          <Form.Item label={t('common.search')} htmlFor="loans-q">
            <Input
              id="loans-q"
              allowClear
              placeholder={t('common.searchPlaceholder')}
              value={q}
              onChange={(e) => setQ(e.target.value)}
            />
          </Form.Item>
          <Form.Item label={t('common.status')} htmlFor="loans-status">
            <Select
              id="loans-status"
              allowClear
              style={{ width: 160 }}
              placeholder={t('common.all')}
              value={status}
              onChange={setStatus}
              options={LOAN_STATUSES.map((s) => ({ value: s, label: label('loan.status', s) }))}
            />
          </Form.Item>
          <Form.Item>
            <Button htmlType="submit">{t('common.search')}</Button>
          </Form.Item>
        </Form>
      </Card>
      <ErrorAlert error={error} path="GET /api/loans" />
      <Card>
        <Statistic title={t('loan.outstanding')} value={yuan(total, lang)} style={{ marginBottom: 16 }} />
        <ResponsiveTable<LoanView>
          rowKey="id"
          loading={loading}
          dataSource={items}
          pagination={{ pageSize: 20, hideOnSinglePage: true }}
          rowClassName={(r) => (r.daysOverdue > 0 ? 'row-overdue' : '')}
          columns={[
            {
              title: t('loan.no'),
              dataIndex: 'loanNo',
              render: (v: string, r) => <Link to={`/finance/loans/${r.id}`}>{v}</Link>,
            },
            {
              title: t('common.worker'),
              key: 'w',
              render: (_, r) => <Link to={`/finance/statement/${r.workerId}`}>{r.workerName}</Link>,
            },
            { title: t('common.employeeNo'), dataIndex: 'employeeNo' },
            { title: t('common.orgUnit'), dataIndex: 'orgUnitName' },
            moneyColumn(t('loan.amount'), 'amountFen', lang),
            moneyColumn(t('loan.outstanding'), 'outstandingFen', lang),
            {
              title: t('loan.nextDue'),
              dataIndex: 'nextDueDate',
              render: (v: string | null) => fmtDate(v, lang),
            },
            {
              title: t('loan.daysOverdue'),
              dataIndex: 'daysOverdue',
              align: 'right',
              render: (v: number) => (v > 0 ? <Tag color="error">{v}</Tag> : 0),
            },
            {
              title: t('common.status'),
              dataIndex: 'status',
              render: (_: string, r) => <LoanStatusTag loan={r} />,
            },
          ]}
        />
      </Card>
    </div>
  );
}
