import { DownloadOutlined, PrinterOutlined } from '@ant-design/icons';
import { Button, Card, DatePicker, Form, Select, Space, Table, Typography } from 'antd';
import dayjs, { Dayjs } from 'dayjs';
import { useState } from 'react';
import { client, download, ok } from '../api';
import type { DisclosedRecipient, FundUsageRow } from '../api/types';
import { ErrorAlert, PageTitle, useLoad } from '../components/common';
import { fmtDate, pickerFormat, yuan } from '../format';
import { useI18n } from '../i18n';

/** Printing shows the notice only: no menu, header, filters or buttons. */
const PRINT_CSS = `
@media print {
  .ant-layout-sider, .ant-layout-header, .no-print { display: none !important; }
  .ant-layout-content { margin: 0 !important; }
  .ant-card { box-shadow: none !important; border: none !important; }
  .disclosure-sheet { break-inside: auto; }
  .disclosure-sheet tr { break-inside: avoid; }
}`;

/** Disclosure (公开): recipients with masked names for a period and unit, and fund usage per quarter. */
export function DisclosurePage() {
  const { t, lang } = useI18n();
  const [range, setRange] = useState<[Dayjs, Dayjs]>([
    dayjs()
      .month(Math.floor(dayjs().month() / 3) * 3)
      .startOf('month'),
    dayjs(),
  ]);
  const [quarter, setQuarter] = useState<{ year: number; quarter: 1 | 2 | 3 | 4 }>({
    year: dayjs().year(),
    quarter: (Math.floor(dayjs().month() / 3) + 1) as 1 | 2 | 3 | 4,
  });
  const [error, setError] = useState<unknown>(null);
  const from = range[0].format('YYYY-MM-DD');
  const to = range[1].format('YYYY-MM-DD');
  const recipients = useLoad(
    () => ok(client.GET('/api/disclosure/recipients', { params: { query: { from, to } } })),
    [from, to],
  );
  const usage = useLoad(
    () =>
      ok(
        client.GET('/api/disclosure/fund-usage', {
          params: { query: { year: quarter.year, quarter: quarter.quarter } },
        }),
      ),
    [quarter.year, quarter.quarter],
  );
  const r = recipients.data;
  const u = usage.data;
  return (
    <div>
      <style>{PRINT_CSS}</style>
      <PageTitle
        extra={
          <Button className="no-print" icon={<PrinterOutlined />} onClick={() => window.print()}>
            {t('disclosure.print')}
          </Button>
        }
      >
        {t('disclosure.title')}
      </PageTitle>
      <ErrorAlert error={error} />
      <Card
        title={
          r
            ? t('disclosure.recipientsOf', {
                unit: r.orgUnitName,
                from: fmtDate(r.from, lang),
                to: fmtDate(r.to, lang),
              })
            : t('disclosure.recipients')
        }
        style={{ marginBottom: 16 }}
        extra={
          <Space className="no-print" wrap>
            <Form.Item label={t('disclosure.period')} htmlFor="disclosure-period" style={{ margin: 0 }}>
              <DatePicker.RangePicker
                id="disclosure-period"
                value={range}
                format={pickerFormat(lang)}
                allowClear={false}
                onChange={(v) => v?.[0] && v[1] && setRange([v[0], v[1]])}
              />
            </Form.Item>
            <Button
              icon={<DownloadOutlined />}
              onClick={() =>
                void download(
                  '/api/disclosure/recipients',
                  { from, to, format: 'xlsx' },
                  `disclosure-${from}-${to}.xlsx`,
                ).catch(setError)
              }
            >
              XLSX
            </Button>
          </Space>
        }
      >
        <ErrorAlert error={recipients.error} path="GET /api/disclosure/recipients" />
        {r ? (
          <Typography.Paragraph data-testid="disclosure-policy">
            {t('disclosure.policy', {
              version: r.policyVersion,
              since: fmtDate(r.policyEffectiveFrom, lang),
            })}
          </Typography.Paragraph>
        ) : null}
        <Table<DisclosedRecipient>
          className="disclosure-sheet"
          data-testid="disclosure-recipients"
          rowKey={(x) => `${x.paidOn}-${x.name}-${x.programCode}-${x.amountFen}-${x.unitName}`}
          size="small"
          loading={recipients.loading}
          dataSource={r?.rows ?? []}
          pagination={false}
          scroll={{ x: 'max-content' }}
          columns={[
            { title: t('disclosure.date'), dataIndex: 'paidOn', render: (v: string) => fmtDate(v, lang) },
            { title: t('disclosure.name'), dataIndex: 'name' },
            { title: t('campaign.unit'), dataIndex: 'unitName' },
            { title: t('disclosure.program'), dataIndex: 'programName' },
            {
              title: t('disclosure.amount'),
              dataIndex: 'amountFen',
              align: 'right',
              render: (v: number) => yuan(v, lang),
            },
          ]}
          summary={() =>
            r ? (
              <Table.Summary.Row>
                <Table.Summary.Cell index={0} colSpan={4}>
                  {t('disclosure.total')}
                </Table.Summary.Cell>
                <Table.Summary.Cell index={1} align="right">
                  {yuan(r.totalFen, lang)}
                </Table.Summary.Cell>
              </Table.Summary.Row>
            ) : null
          }
        />
      </Card>
      <Card
        title={t('disclosure.fundUsage', { year: quarter.year, quarter: quarter.quarter })}
        extra={
          <Space className="no-print" wrap>
            <Select
              aria-label={t('disclosure.quarter')}
              value={`${quarter.year}Q${quarter.quarter}`}
              style={{ width: 120 }}
              options={[0, 1, 2, 3, 4, 5, 6, 7].map((i) => {
                const d = dayjs().subtract(i * 3, 'month');
                const q = Math.floor(d.month() / 3) + 1;
                return { value: `${d.year()}Q${q}`, label: `${d.year()}Q${q}` };
              })}
              onChange={(v: string) =>
                setQuarter({ year: Number(v.slice(0, 4)), quarter: Number(v.slice(5)) as 1 | 2 | 3 | 4 })
              }
            />
            <Button
              icon={<DownloadOutlined />}
              onClick={() =>
                void download(
                  '/api/disclosure/fund-usage',
                  { ...quarter, format: 'xlsx' },
                  `fund-usage-${quarter.year}Q${quarter.quarter}.xlsx`,
                ).catch(setError)
              }
            >
              XLSX
            </Button>
          </Space>
        }
      >
        <ErrorAlert error={usage.error} path="GET /api/disclosure/fund-usage" />
        {u ? (
          <Typography.Paragraph>
            {t('disclosure.policy', {
              version: u.policyVersion,
              since: fmtDate(u.policyEffectiveFrom, lang),
            })}
          </Typography.Paragraph>
        ) : null}
        <Table<FundUsageRow>
          rowKey={(x) => `${x.programCode}-${x.fundSource}`}
          size="small"
          loading={usage.loading}
          dataSource={u?.rows ?? []}
          pagination={false}
          scroll={{ x: 'max-content' }}
          columns={[
            { title: t('disclosure.program'), dataIndex: 'programName' },
            { title: t('disclosure.fundSource'), dataIndex: 'fundSourceName' },
            {
              title: t('disclosure.allocated'),
              dataIndex: 'allocatedFen',
              align: 'right',
              render: (v: number) => yuan(v, lang),
            },
            {
              title: t('disclosure.paidQuarter'),
              dataIndex: 'paidInPeriodFen',
              align: 'right',
              render: (v: number) => yuan(v, lang),
            },
            {
              title: t('disclosure.paidToDate'),
              dataIndex: 'paidToDateFen',
              align: 'right',
              render: (v: number) => yuan(v, lang),
            },
          ]}
        />
      </Card>
    </div>
  );
}
