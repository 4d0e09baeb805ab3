import { DownloadOutlined, ReloadOutlined } from '@ant-design/icons';
import {
  Alert,
  Button,
  Card,
  Col,
  Form,
  InputNumber,
  Row,
  Select,
  Space,
  Statistic,
  Table,
  Typography,
} from 'antd';
import dayjs from 'dayjs';
import { useMemo, useState } from 'react';
import { Link } from 'react-router-dom';
import { client, download, ok } from '../api';
import type { EvaluatedFile, EvaluationGroup } from '../api/types';
import { useAuth } from '../auth';
import { Chart, yuanAxis } from '../components/chart';
import { ErrorAlert, PageTitle, useLoad } from '../components/common';
import { fmtDate, yuan } from '../format';
import { useI18n } from '../i18n';

type By = 'unit' | 'category' | 'cause';

/** 帮扶效果评估: the year's evaluated files per unit, category or cause, with charts and the export. */
export function EvaluationPage() {
  const { t, lang, label } = useI18n();
  const { hasRole } = useAuth();
  const [year, setYear] = useState(dayjs().year());
  const [by, setBy] = useState<By>('unit');
  const [error, setError] = useState<unknown>(null);
  const [ran, setRan] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const report = useLoad(
    () => ok(client.GET('/api/evaluation', { params: { query: { year, by } } })),
    [year, by],
  );
  const r = report.data;
  const groups = useMemo(() => r?.groups ?? [], [r]);
  const incomeOption = useMemo(
    () => ({
      tooltip: { trigger: 'axis' },
      legend: { top: 0 },
      grid: { left: 80, right: 24, top: 40, bottom: 60 },
      xAxis: { type: 'category', data: groups.map((g) => g.label), axisLabel: { interval: 0, rotate: 20 } },
      yAxis: yuanAxis(lang, { unit: { zh: '元/人/月', en: 'CNY / person / month' } }),
      series: (
        [
          ['evaluation.incomeBefore', 'avgIncomeBeforeFen', '#faad14'],
          ['evaluation.incomeAfter', 'avgIncomeAfterFen', '#52c41a'],
        ] as const
      ).map(([key, field, color]) => ({
        type: 'bar',
        name: t(key),
        barMinHeight: 3,
        itemStyle: { color },
        data: groups.map((g) => (g[field] ?? 0) / 100),
      })),
    }),
    [groups, lang, t],
  );
  const outcomeOption = useMemo(
    () => ({
      tooltip: { trigger: 'axis' },
      legend: { top: 0 },
      grid: { left: 60, right: 24, top: 40, bottom: 60 },
      xAxis: { type: 'category', data: groups.map((g) => g.label), axisLabel: { interval: 0, rotate: 20 } },
      yAxis: { type: 'value', minInterval: 1 },
      series: (
        [
          ['evaluation.exits', 'exits', '#1677ff'],
          ['evaluation.relapses', 'relapses', '#ff4d4f'],
          ['evaluation.jobs', 'jobsFound', '#13c2c2'],
          ['evaluation.school', 'keptInSchool', '#722ed1'],
        ] as const
      ).map(([key, field, color]) => ({
        type: 'bar',
        name: t(key),
        barMinHeight: 2,
        itemStyle: { color },
        data: groups.map((g) => g[field]),
      })),
    }),
    [groups, t],
  );
  const run = async () => {
    setBusy(true);
    setError(null);
    try {
      const res = await ok(client.POST('/api/evaluation/run', { body: {} }));
      setRan(t('evaluation.ran', { exit: res.exit, annual: res.annual }));
      report.reload();
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };
  const money = (fen: number | null | undefined) =>
    fen === null || fen === undefined ? '—' : yuan(fen, lang);
  const num = (v: number | null | undefined) => (v === null || v === undefined ? '—' : v);
  return (
    <div>
      <PageTitle
        extra={
          <Space wrap>
            {hasRole('admin', 'union_chair') ? (
              <Button icon={<ReloadOutlined />} loading={busy} onClick={() => void run()}>
                {t('evaluation.run')}
              </Button>
            ) : null}
            <Button
              icon={<DownloadOutlined />}
              data-testid="evaluation-export"
              onClick={() =>
                void download(
                  '/api/evaluation/export.xlsx',
                  { year, by },
                  `evaluation-${year}-${by}.xlsx`,
                ).catch(setError)
              }
            >
              XLSX
            </Button>
          </Space>
        }
      >
        {t('evaluation.title')}
      </PageTitle>
      <ErrorAlert error={error} />
      {ran ? <Alert type="success" showIcon title={ran} style={{ marginBottom: 16 }} /> : null}
      <Space wrap style={{ marginBottom: 16 }}>
        <Form.Item label={t('evaluation.year')} htmlFor="evaluation-year" style={{ margin: 0 }}>
          <InputNumber
            id="evaluation-year"
            min={2000}
            max={2100}
            value={year}
            onChange={(v) => v && setYear(v)}
          />
        </Form.Item>
        <Form.Item label={t('evaluation.by')} htmlFor="evaluation-by" style={{ margin: 0 }}>
          <Select<By>
            id="evaluation-by"
            style={{ minWidth: 140 }}
            value={by}
            onChange={setBy}
            options={(['unit', 'category', 'cause'] as const).map((b) => ({
              value: b,
              label: t(`evaluation.by.${b}`),
            }))}
          />
        </Form.Item>
      </Space>
      <ErrorAlert error={report.error} path="GET /api/evaluation" />
      {r ? (
        <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
          <Typography.Text type="secondary">
            {t('evaluation.of', { unit: r.orgUnitName, year: r.year })} ·{' '}
            {t('evaluation.relapseNote', { months: r.relapseMonths })}
          </Typography.Text>
          <Row gutter={[16, 16]}>
            {(
              [
                ['evaluation.files', r.total.files],
                ['evaluation.exits', r.total.exits],
                ['evaluation.relapses', r.total.relapses],
                ['evaluation.monthsToExit', num(r.total.avgMonthsToExit)],
                ['evaluation.jobs', r.total.jobsFound],
                ['evaluation.school', r.total.keptInSchool],
                ['evaluation.aidPerHousehold', money(r.total.aidPerHouseholdFen)],
                ['evaluation.aidPerExit', money(r.total.aidPerExitFen)],
              ] as const
            ).map(([key, value]) => (
              <Col key={key} xs={12} md={6} xl={3}>
                <Card size="small">
                  <Statistic title={t(key)} value={value} />
                </Card>
              </Col>
            ))}
          </Row>
          <Row gutter={16}>
            <Col xs={24} xl={12}>
              <Card size="small" title={t('evaluation.incomeChart')} data-testid="evaluation-income-chart">
                <Chart option={incomeOption} label={t('evaluation.incomeChart')} />
              </Card>
            </Col>
            <Col xs={24} xl={12}>
              <Card size="small" title={t('evaluation.outcomeChart')} data-testid="evaluation-outcome-chart">
                <Chart option={outcomeOption} label={t('evaluation.outcomeChart')} />
              </Card>
            </Col>
          </Row>
          <Card size="small" title={t(`evaluation.by.${by}`)}>
            <Table<EvaluationGroup>
              data-testid="evaluation-groups"
              size="small"
              rowKey="key"
              loading={report.loading}
              dataSource={groups}
              pagination={false}
              scroll={{ x: 'max-content' }}
              summary={() => (
                <Table.Summary.Row>
                  <Table.Summary.Cell index={0}>
                    <strong>{t('evaluation.total')}</strong>
                  </Table.Summary.Cell>
                  {figureCells(r.total, money, num).map((c, i) => (
                    <Table.Summary.Cell key={i} index={i + 1} align="right">
                      <strong>{c}</strong>
                    </Table.Summary.Cell>
                  ))}
                </Table.Summary.Row>
              )}
              columns={[
                { title: t('evaluation.group'), dataIndex: 'label', fixed: 'left' },
                ...FIGURE_COLUMNS.map((key, i) => ({
                  title: t(key),
                  align: 'right' as const,
                  render: (_: unknown, g: EvaluationGroup) => figureCells(g, money, num)[i],
                })),
              ]}
            />
          </Card>
          <Card size="small" title={t('evaluation.fileList')}>
            <Table<EvaluatedFile>
              size="small"
              rowKey="fileId"
              dataSource={r.files}
              pagination={{ pageSize: 20, hideOnSinglePage: true }}
              scroll={{ x: 'max-content' }}
              columns={[
                {
                  title: t('task.file'),
                  render: (_, f) => <Link to={`/files/${f.fileId}`}>{f.fileNo}</Link>,
                },
                { title: t('common.orgUnit'), dataIndex: 'orgUnitName' },
                { title: t('evaluation.kindCol'), render: (_, f) => label('evaluation.kind', f.kind) },
                { title: t('common.date'), render: (_, f) => fmtDate(f.evaluatedOn, lang) },
                {
                  title: t('evaluation.incomeBefore'),
                  align: 'right',
                  render: (_, f) => money(f.incomeBeforeFen),
                },
                {
                  title: t('evaluation.incomeAfter'),
                  align: 'right',
                  render: (_, f) => money(f.incomeAfterFen),
                },
                {
                  title: t('evaluation.monthsToExit'),
                  align: 'right',
                  render: (_, f) => num(f.monthsToExit),
                },
                {
                  title: t('evaluation.measures'),
                  align: 'right',
                  render: (_, f) => `${f.measuresDone}/${f.measuresTotal}`,
                },
                { title: t('evaluation.aid'), align: 'right', render: (_, f) => money(f.aidFen) },
              ]}
            />
          </Card>
        </Space>
      ) : null}
    </div>
  );
}

const FIGURE_COLUMNS = [
  'evaluation.files',
  'evaluation.exits',
  'evaluation.relapses',
  'evaluation.incomeBefore',
  'evaluation.incomeAfter',
  'evaluation.monthsToExit',
  'evaluation.measures',
  'evaluation.jobs',
  'evaluation.school',
  'evaluation.aid',
  'evaluation.aidPerHousehold',
  'evaluation.aidPerExit',
] as const;

function figureCells(
  g: EvaluationGroup | Omit<EvaluationGroup, 'key' | 'label'>,
  money: (fen: number | null | undefined) => string,
  num: (v: number | null | undefined) => string | number,
): Array<string | number> {
  return [
    g.files,
    g.exits,
    g.relapses,
    money(g.avgIncomeBeforeFen),
    money(g.avgIncomeAfterFen),
    num(g.avgMonthsToExit),
    `${g.measuresDone}/${g.measuresTotal}`,
    g.jobsFound,
    g.keptInSchool,
    money(g.aidFen),
    money(g.aidPerHouseholdFen),
    money(g.aidPerExitFen),
  ];
}
