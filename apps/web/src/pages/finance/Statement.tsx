import { Card, Descriptions, Form, Select, Space, Typography } from 'antd';
import { Link, useNavigate, useParams } from 'react-router-dom';
import { client, ok } from '../../api';
import { ErrorAlert, LoadingPage, PageTitle, StatusTag, useLoad } from '../../components/common';
import { fmtDate, moneyColumn, yuan } from '../../format';
import { useI18n } from '../../i18n';
import { ExportButtons } from './shared';
import { ResponsiveTable } from '../../components/responsive';

/** A borrower's statement. */
export function StatementPage() {
  const { workerId } = useParams();
  const navigate = useNavigate();
  const { t, lang } = useI18n();
  const workers = useLoad(() => ok(client.GET('/api/workers', { params: { query: { limit: 200 } } })), []);
  const { data, error, loading } = useLoad(
    () =>
      workerId
        ? ok(client.GET('/api/finance/statements/{workerId}', { params: { path: { workerId } } }))
        : Promise.resolve(null),
    [workerId],
  );
  const entries = data?.entries ?? [];
  return (
    <div>
      <PageTitle
        extra={
          workerId ? <ExportButtons path={`/api/finance/statements/${workerId}`} name="statement" /> : null
        }
      >
        {t('statement.title')}
      </PageTitle>
      <Card style={{ marginBottom: 16 }}>
        <Form layout="inline">
          <Form.Item label={t('statement.pick')} htmlFor="statement-worker">
            <Select
              id="statement-worker"
              showSearch={{ optionFilterProp: 'label' }}
              style={{ width: 280 }}
              value={workerId}
              onChange={(v: string) => void navigate(`/finance/statement/${v}`)}
              options={(workers.data?.items ?? []).map((w) => ({
                value: w.id,
                label: `${w.name}（${w.employeeNo}）`,
              }))}
            />
          </Form.Item>
        </Form>
      </Card>
      <ErrorAlert error={error} path="GET /api/finance/statements/:workerId" />
      {workerId && loading && !data ? <LoadingPage /> : null}
      {workerId && data ? (
        <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
          <Card size="small">
            <Descriptions size="small" column={{ xs: 1, md: 3 }} bordered>
              <Descriptions.Item label={t('common.worker')}>{data.worker.name}</Descriptions.Item>
              <Descriptions.Item label={t('common.employeeNo')}>{data.worker.employeeNo}</Descriptions.Item>
              <Descriptions.Item label={t('common.orgUnit')}>{data.worker.orgUnitName}</Descriptions.Item>
              <Descriptions.Item label={t('loan.outstanding')}>
                <Typography.Text strong>{yuan(data.balanceFen, lang)}</Typography.Text>
              </Descriptions.Item>
              <Descriptions.Item label={t('aging.asOf')}>{fmtDate(data.asOf, lang)}</Descriptions.Item>
            </Descriptions>
          </Card>
          {data.loans?.length ? (
            <Card size="small" title={t('menu.loans')}>
              <ResponsiveTable
                size="small"
                rowKey="id"
                pagination={false}
                dataSource={data.loans}
                columns={[
                  {
                    title: t('loan.no'),
                    dataIndex: 'loanNo',
                    render: (v: string, r) => <Link to={`/finance/loans/${r.id}`}>{v}</Link>,
                  },
                  moneyColumn(t('loan.amount'), 'amountFen', lang),
                  moneyColumn(t('loan.outstanding'), 'outstandingFen', lang),
                  {
                    title: t('common.status'),
                    dataIndex: 'status',
                    render: (v: string) => <StatusTag status={v} prefix="loan.status" />,
                  },
                ]}
              />
            </Card>
          ) : null}
          <Card size="small" title={t('loan.statement')}>
            <ResponsiveTable
              size="small"
              rowKey={(_, i) => String(i)}
              loading={loading}
              pagination={false}
              dataSource={entries}
              columns={[
                { title: t('common.date'), dataIndex: 'date', render: (v: string) => fmtDate(v, lang) },
                { title: t('loan.no'), dataIndex: 'loanNo' },
                {
                  title: t('file.kind'),
                  key: 'kind',
                  render: (_, r) =>
                    r.kindLabel ? (lang === 'zh' ? r.kindLabel.zh : r.kindLabel.en) : r.kind,
                },
                {
                  title: t('loan.reference'),
                  dataIndex: 'reference',
                  render: (v: string | null) => v ?? '—',
                },
                moneyColumn(t('common.amount'), 'amountFen', lang),
                moneyColumn(t('statement.balance'), 'balanceFen', lang),
              ]}
            />
          </Card>
        </Space>
      ) : null}
    </div>
  );
}
