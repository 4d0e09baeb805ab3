import { Alert, Button, Card, Col, DatePicker, Form, Row, Space, Statistic, Table, Typography } from 'antd';
import type { Dayjs } from 'dayjs';
import { useMemo, useState } from 'react';
import { client, ok } from '../../api';
import type { AgingBucket } from '../../api/types';
import { Chart, yuanAxis } from '../../components/chart';
import { ErrorAlert, PageTitle, useLoad } from '../../components/common';
import { fmtDate, moneyColumn, percent, pickerFormat, yuan } from '../../format';
import { useI18n } from '../../i18n';
import { ExportButtons } from './shared';

const BUCKETS: AgingBucket[] = ['current', '1-30', '31-60', '61-90', '90+'];
const BUCKET_COLORS = ['#52c41a', '#faad14', '#fa8c16', '#f5222d', '#a8071a'];

export function AgingPage() {
  const { t, lang, label } = useI18n();
  const [asOf, setAsOf] = useState<Dayjs | null>(null);
  const asOfParam = asOf ? asOf.format('YYYY-MM-DD') : undefined;
  const { data, error, loading, reload } = useLoad(
    () => ok(client.GET('/api/finance/aging', { params: { query: { asOf: asOfParam } } })),
    [asOfParam],
  );
  const rows = useMemo(
    () =>
      BUCKETS.map(
        (b) => data?.buckets.find((x) => x.bucket === b) ?? { bucket: b, loans: 0, outstandingFen: 0 },
      ),
    [data],
  );
  const option = useMemo(
    () => ({
      tooltip: { trigger: 'axis' },
      grid: { left: 80, right: 24, top: 32, bottom: 40 },
      xAxis: { type: 'category', data: rows.map((r) => label('aging', r.bucket)) },
      yAxis: yuanAxis(lang),
      series: [
        {
          type: 'bar',
          name: t('aging.outstanding'),
          data: rows.map((r, i) => ({
            value: Number(r.outstandingFen) / 100,
            itemStyle: { color: BUCKET_COLORS[i] },
          })),
          label: {
            show: true,
            position: 'top',
            formatter: (p: { value: number }) =>
              p.value.toLocaleString('zh-CN', { minimumFractionDigits: 2, maximumFractionDigits: 2 }),
          },
        },
      ],
    }),
    [rows, lang, label, t],
  );
  return (
    <div>
      <PageTitle extra={<ExportButtons path="/api/finance/aging" query={{ asOf: asOfParam }} name="aging" />}>
        {t('aging.title')}
      </PageTitle>
      <Card style={{ marginBottom: 16 }}>
        <Form layout="inline">
          <Form.Item label={t('aging.asOf')} htmlFor="aging-asof">
            <DatePicker format={pickerFormat(lang)} id="aging-asof" value={asOf} onChange={setAsOf} />
          </Form.Item>
          <Form.Item>
            <Button onClick={reload}>{t('common.refresh')}</Button>
          </Form.Item>
        </Form>
      </Card>
      <ErrorAlert error={error} path="GET /api/finance/aging" />
      {data ? (
        <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
          <Row gutter={[16, 16]} data-testid="par-cards">
            <Col xs={24} md={6}>
              <Card>
                <Statistic title={t('aging.total')} value={yuan(data.totalOutstandingFen, lang)} />
              </Card>
            </Col>
            {data.par.map((p) => (
              <Col xs={24} md={6} key={p.days}>
                <Card>
                  <Statistic
                    title={p.days === 1 ? t('aging.par1') : t('aging.parN', { days: p.days })}
                    value={yuan(p.outstandingFen, lang)}
                    styles={{ content: { color: p.outstandingFen > 0 ? '#cf1322' : undefined } }}
                  />
                  <Typography.Text type="secondary">
                    {t('aging.parLoans', { n: p.loans, percent: percent(p.percent) })}
                  </Typography.Text>
                </Card>
              </Col>
            ))}
          </Row>
          <Alert type="info" showIcon title={t('aging.parDefinition')} data-testid="par-definition" />
          <Card title={`${t('aging.title')} · ${fmtDate(data.asOf, lang)}`}>
            <Chart option={option} label={t('aging.title')} />
          </Card>
          <Card>
            <div data-testid="aging-table">
              <Table
                rowKey="bucket"
                loading={loading}
                pagination={false}
                dataSource={rows}
                columns={[
                  { title: t('aging.bucket'), dataIndex: 'bucket', render: (v: string) => label('aging', v) },
                  { title: t('aging.loans'), dataIndex: 'loans', align: 'right' },
                  moneyColumn(t('aging.outstanding'), 'outstandingFen', lang),
                ]}
                summary={() => (
                  <Table.Summary.Row>
                    <Table.Summary.Cell index={0}>{t('common.total')}</Table.Summary.Cell>
                    <Table.Summary.Cell index={1} align="right">
                      {rows.reduce((s, r) => s + Number(r.loans), 0)}
                    </Table.Summary.Cell>
                    <Table.Summary.Cell index={2} align="right">
                      {yuan(data.totalOutstandingFen, lang)}
                    </Table.Summary.Cell>
                  </Table.Summary.Row>
                )}
              />
            </div>
          </Card>
        </Space>
      ) : loading ? (
        <Card loading />
      ) : null}
    </div>
  );
}
