import { DownloadOutlined, UploadOutlined } from '@ant-design/icons';
import {
  Alert,
  Button,
  Card,
  Col,
  DatePicker,
  Descriptions,
  Form,
  Input,
  InputNumber,
  Progress,
  Row,
  Select,
  Space,
  Statistic,
  Table,
  Tag,
  Typography,
} from 'antd';
import dayjs, { Dayjs } from 'dayjs';
import { useEffect, useMemo, useRef, useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router-dom';
import { api, download, get, newIdempotencyKey, Page, post } from '../api';
import { useAuth } from '../auth';
import {
  ErrorAlert,
  EventTimeline,
  PageTitle,
  StatusTag,
  TimelineEvent,
  useLoad,
} from '../components/common';
import { Chart } from '../components/chart';
import type { WorkerView } from '../components/file';
import { fmtDate, fmtDateTime, parseYuan, percent, yuan, pickerFormat, moneyColumn } from '../format';
import { useI18n } from '../i18n';

// ---- types from the API contract (branch `loans`) ----------------------------------------------
export interface LoanRow {
  id: string;
  loanNo: string;
  workerId: string;
  workerName: string;
  employeeNo: string;
  orgUnitName: string;
  amountFen: number;
  outstandingFen: number;
  status: string;
  nextDueDate: string | null;
  daysOverdue: number;
}

interface LoanDetail extends LoanRow {
  purpose?: string;
  termMonths?: number;
  schedule: Array<{ seq: number; dueDate: string; amountFen: number; paidFen: number; status: string }>;
  repayments: Array<{
    id?: string;
    kind?: string;
    kindLabel?: { zh: string; en: string };
    amountFen: number;
    paidOn: string | null;
    reference: string | null;
    recordedAt?: string;
  }>;
  pauses?: Array<{ reason?: string; startedAt?: string; endedAt?: string | null }>;
  timeline?: TimelineEvent[];
}

export interface Aging {
  asOf: string;
  buckets: Array<{ bucket: string; loans: number; outstandingFen: number }>;
  totalOutstandingFen: number;
  portfolioAtRiskFen: number;
  portfolioAtRiskPercent: number;
}

interface ImportResult {
  id: string;
  fileName: string;
  status: 'running' | 'done' | 'failed';
  totalRows: number;
  processedRows: number;
  accepted: number;
  duplicate: number;
  rejected: number;
  rows: Array<{
    rowNo: number;
    employeeNo: string;
    loanNo: string;
    amountFen: number;
    reference: string;
    outcome: string;
    reason: string | null;
  }>;
}

const LOAN_STATUSES = [
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
const BUCKETS = ['current', '1-30', '31-60', '61-90', '90+'];
const BUCKET_COLORS = ['#52c41a', '#faad14', '#fa8c16', '#f5222d', '#a8071a'];

function ExportButtons({
  path,
  query,
  name,
}: {
  path: string;
  query?: Record<string, string | undefined>;
  name: string;
}) {
  const { t } = useI18n();
  const [error, setError] = useState<unknown>(null);
  const run = (format: 'xlsx' | 'csv') =>
    download(path, { ...query, format }, `${name}.${format}`).catch((e: unknown) => setError(e));
  return (
    <Space>
      <Button icon={<DownloadOutlined />} onClick={() => void run('xlsx')}>
        {t('common.exportXlsx')}
      </Button>
      <Button onClick={() => void run('csv')}>{t('common.exportCsv')}</Button>
      {error ? <ErrorAlert error={error} path={path} /> : null}
    </Space>
  );
}

// ---- outstanding loans -----------------------------------------------------------------------
export function LoansPage() {
  const { t, lang, label } = useI18n();
  const [status, setStatus] = useState<string>();
  const [q, setQ] = useState('');
  const [query, setQuery] = useState('');
  const { data, error, loading } = useLoad(
    () => get<Page<LoanRow>>('/api/loans', { status, q: query, limit: 200 }),
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
        <Form layout="inline" onFinish={() => setQuery(q)}>
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
        <Table<LoanRow>
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
              render: (v: string) => <StatusTag status={v} prefix="loan.status" />,
            },
          ]}
        />
      </Card>
    </div>
  );
}

function RepaymentForm({ loanId, onDone }: { loanId: string; onDone: () => void }) {
  const { t, lang } = useI18n();
  const [form] = Form.useForm<{ amount: string; paidOn: Dayjs; reference: string }>();
  const [key, setKey] = useState(() => newIdempotencyKey('web-repay'));
  const [error, setError] = useState<unknown>(null);
  const [ok, setOk] = useState(false);
  const submit = async (v: { amount: string; paidOn: Dayjs; reference: string }) => {
    setError(null);
    setOk(false);
    try {
      await post(
        `/api/loans/${loanId}/repayments`,
        { amountFen: parseYuan(v.amount), paidOn: v.paidOn.format('YYYY-MM-DD'), reference: v.reference },
        { 'Idempotency-Key': key },
      );
      setOk(true);
      setKey(newIdempotencyKey('web-repay'));
      form.resetFields();
      onDone();
    } catch (e) {
      setError(e);
    }
  };
  return (
    <Card size="small" title={t('loan.recordRepayment')}>
      {ok ? (
        <Alert
          type="success"
          showIcon
          role="status"
          title={t('loan.repaymentRecorded')}
          style={{ marginBottom: 12 }}
        />
      ) : null}
      <Form
        form={form}
        layout="vertical"
        initialValues={{ paidOn: dayjs() }}
        onFinish={(v) => void submit(v)}
      >
        <Form.Item
          label={t('common.amountYuan')}
          name="amount"
          rules={[
            { required: true, message: t('login.required', { field: t('common.amountYuan') }) },
            {
              validator: (_, v: string) =>
                !v || (parseYuan(v) ?? 0) > 0
                  ? Promise.resolve()
                  : Promise.reject(new Error(t('common.amountYuan'))),
            },
          ]}
        >
          <Input inputMode="decimal" />
        </Form.Item>
        <Form.Item label={t('loan.paidOn')} name="paidOn" rules={[{ required: true }]}>
          <DatePicker format={pickerFormat(lang)} />
        </Form.Item>
        <Form.Item
          label={t('loan.reference')}
          name="reference"
          rules={[
            {
              required: true,
              whitespace: true,
              message: t('login.required', { field: t('loan.reference') }),
            },
          ]}
        >
          <Input maxLength={100} />
        </Form.Item>
        <ErrorAlert error={error} path={`POST /api/loans/${loanId}/repayments`} />
        <Button type="primary" htmlType="submit" style={{ marginTop: 12 }}>
          {t('common.submit')}
        </Button>
      </Form>
    </Card>
  );
}

export function LoanDetailPage() {
  const { id } = useParams();
  const { t, lang } = useI18n();
  const { hasRole } = useAuth();
  const { data, error, reload } = useLoad(() => get<LoanDetail>(`/api/loans/${id}`), [id]);
  if (error) return <ErrorAlert error={error} path={`GET /api/loans/${id}`} />;
  if (!data) return <Card loading />;
  return (
    <div>
      <PageTitle extra={<Link to="/finance/loans">{t('common.back')}</Link>}>
        {t('loan.no')} {data.loanNo}
      </PageTitle>
      <Row gutter={16}>
        <Col xs={24} xl={16}>
          <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
            <Card size="small">
              <Descriptions size="small" column={{ xs: 1, md: 3 }} bordered>
                <Descriptions.Item label={t('common.worker')}>
                  <Link to={`/finance/statement/${data.workerId}`}>{data.workerName}</Link>
                </Descriptions.Item>
                <Descriptions.Item label={t('common.employeeNo')}>{data.employeeNo}</Descriptions.Item>
                <Descriptions.Item label={t('common.status')}>
                  <StatusTag status={data.status} prefix="loan.status" />
                </Descriptions.Item>
                <Descriptions.Item label={t('loan.amount')}>{yuan(data.amountFen, lang)}</Descriptions.Item>
                <Descriptions.Item label={t('loan.outstanding')}>
                  <Typography.Text strong>{yuan(data.outstandingFen, lang)}</Typography.Text>
                </Descriptions.Item>
                <Descriptions.Item label={t('loan.daysOverdue')}>{data.daysOverdue}</Descriptions.Item>
                {data.purpose ? (
                  <Descriptions.Item label={t('loan.purpose')} span={3}>
                    {data.purpose}
                  </Descriptions.Item>
                ) : null}
              </Descriptions>
            </Card>
            <Card size="small" title={t('loan.schedule')}>
              <Table
                size="small"
                rowKey="seq"
                pagination={false}
                dataSource={data.schedule}
                columns={[
                  { title: t('loan.seq'), dataIndex: 'seq' },
                  { title: t('loan.dueDate'), dataIndex: 'dueDate', render: (v: string) => fmtDate(v, lang) },
                  moneyColumn(t('common.amount'), 'amountFen', lang),
                  moneyColumn(t('loan.paid'), 'paidFen', lang),
                  {
                    title: t('common.status'),
                    dataIndex: 'status',
                    render: (v: string) => <StatusTag status={v} prefix="loan.status" />,
                  },
                ]}
              />
            </Card>
            <Card size="small" title={t('loan.ledger')}>
              <Table
                size="small"
                rowKey={(r) => r.id ?? r.reference ?? ''}
                pagination={false}
                dataSource={data.repayments}
                columns={[
                  {
                    title: t('loan.paidOn'),
                    key: 'paidOn',
                    render: (_, r) => fmtDate(r.paidOn ?? r.recordedAt, lang),
                  },
                  moneyColumn(t('common.amount'), 'amountFen', lang),
                  {
                    title: t('loan.reference'),
                    dataIndex: 'reference',
                    render: (v: string | null) => v ?? '—',
                  },
                  {
                    title: t('file.kind'),
                    key: 'kind',
                    render: (_, r) =>
                      r.kindLabel ? (lang === 'zh' ? r.kindLabel.zh : r.kindLabel.en) : (r.kind ?? '—'),
                  },
                ]}
              />
            </Card>
          </Space>
        </Col>
        <Col xs={24} xl={8}>
          <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
            {hasRole('finance') && !['repaid', 'written_off'].includes(data.status) ? (
              <RepaymentForm loanId={data.id} onDone={reload} />
            ) : null}
            <Card size="small" title={t('task.timeline')}>
              <EventTimeline events={data.timeline} />
            </Card>
          </Space>
        </Col>
      </Row>
    </div>
  );
}

// ---- aging -------------------------------------------------------------------------------------
export function AgingPage() {
  const { t, lang, label } = useI18n();
  const [asOf, setAsOf] = useState<Dayjs | null>(null);
  const asOfParam = asOf ? asOf.format('YYYY-MM-DD') : undefined;
  const { data, error, loading, reload } = useLoad(
    () => get<Aging>('/api/finance/aging', { asOf: asOfParam }),
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
      yAxis: { type: 'value', name: lang === 'zh' ? '元' : 'CNY' },
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
          <Row gutter={16}>
            <Col xs={24} md={8}>
              <Card>
                <Statistic title={t('aging.total')} value={yuan(data.totalOutstandingFen, lang)} />
              </Card>
            </Col>
            <Col xs={24} md={8}>
              <Card>
                <Statistic
                  title={t('aging.par')}
                  value={yuan(data.portfolioAtRiskFen, lang)}
                  styles={{ content: { color: '#cf1322' } }}
                />
              </Card>
            </Col>
            <Col xs={24} md={8}>
              <Card>
                <Statistic
                  title={t('aging.parPercent')}
                  value={percent(Number(data.portfolioAtRiskPercent))}
                />
              </Card>
            </Col>
          </Row>
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

// ---- borrower statement ------------------------------------------------------------------------
interface Statement {
  worker: { id: string; name: string; employeeNo: string; orgUnitName: string };
  asOf?: string;
  loans: Array<{
    id: string;
    loanNo: string;
    amountFen: number;
    outstandingFen: number;
    status: string;
    termMonths?: number;
    disbursedOn?: string | null;
  }>;
  entries: Array<{
    date: string;
    loanNo: string;
    kind: string;
    kindLabel?: { zh: string; en: string };
    amountFen: number;
    reference: string | null;
    balanceFen: number;
  }>;
  balanceFen: number;
}

export function StatementPage() {
  const { workerId } = useParams();
  const navigate = useNavigate();
  const { t, lang } = useI18n();
  const workers = useLoad(() => get<Page<WorkerView>>('/api/workers', { limit: 200 }), []);
  const { data, error, loading } = useLoad(
    () => (workerId ? get<Statement>(`/api/finance/statements/${workerId}`) : Promise.resolve(null)),
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
              <Table
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
            <Table
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

// ---- payroll-deduction import ------------------------------------------------------------------
export function ImportsPage() {
  const { t, lang } = useI18n();
  const [file, setFile] = useState<File | null>(null);
  const [importId, setImportId] = useState<string | null>(null);
  const [result, setResult] = useState<ImportResult | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const input = useRef<HTMLInputElement>(null);

  useEffect(() => {
    if (!importId) return;
    let live = true;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const poll = async () => {
      try {
        const r = await get<ImportResult>(`/api/repayment-imports/${importId}`);
        if (!live) return;
        setResult(r);
        if (r.status === 'running') timer = setTimeout(() => void poll(), 700);
      } catch (e) {
        if (live) setError(e);
      }
    };
    void poll();
    return () => {
      live = false;
      if (timer) clearTimeout(timer);
    };
  }, [importId]);

  const upload = async () => {
    if (!file) return;
    setBusy(true);
    setError(null);
    setResult(null);
    try {
      const form = new FormData();
      form.append('file', file, file.name);
      const r = await api<{ id: string }>('POST', '/api/repayment-imports', { form });
      setImportId(r.id);
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };

  const pct = result && result.totalRows ? Math.floor((100 * result.processedRows) / result.totalRows) : 0;
  return (
    <div>
      <PageTitle>{t('import.title')}</PageTitle>
      <Card style={{ marginBottom: 16 }}>
        <Form layout="inline" onFinish={() => void upload()}>
          <Form.Item label={t('import.file')} htmlFor="import-file">
            <Space>
              {/* the native file input stays (keyboard, screen readers); its browser-language text is hidden */}
              <input
                ref={input}
                id="import-file"
                type="file"
                className="visually-hidden"
                accept=".csv,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
                onChange={(e) => setFile(e.target.files?.[0] ?? null)}
              />
              <Button icon={<UploadOutlined />} onClick={() => input.current?.click()}>
                {t('import.choose')}
              </Button>
              <Typography.Text type={file ? undefined : 'secondary'}>
                {file ? file.name : t('import.noFile')}
              </Typography.Text>
            </Space>
          </Form.Item>
          <Form.Item>
            <Button
              type="primary"
              htmlType="submit"
              icon={<UploadOutlined />}
              disabled={!file}
              loading={busy}
            >
              {t('import.upload')}
            </Button>
          </Form.Item>
        </Form>
      </Card>
      <ErrorAlert error={error} path="POST /api/repayment-imports" />
      {result ? (
        <Card title={`${t('import.progress')} · ${result.fileName}`} data-testid="import-result">
          <Space orientation="vertical" style={{ width: '100%' }}>
            <Space>
              <StatusTag status={result.status} prefix="import.status" />
              <Typography.Text>
                {t('import.summary', {
                  total: result.totalRows,
                  accepted: result.accepted,
                  duplicate: result.duplicate,
                  rejected: result.rejected,
                })}
              </Typography.Text>
            </Space>
            <Progress
              percent={result.status === 'done' ? 100 : pct}
              status={
                result.status === 'failed' ? 'exception' : result.status === 'done' ? 'success' : 'active'
              }
              aria-label={t('import.progress')}
            />
            <Table
              size="small"
              rowKey="rowNo"
              title={() => t('import.rows')}
              pagination={{ pageSize: 50, hideOnSinglePage: true }}
              dataSource={result.rows}
              rowClassName={(r) => (r.outcome === 'rejected' ? 'row-overdue' : '')}
              columns={[
                { title: t('import.rowNo'), dataIndex: 'rowNo' },
                { title: t('common.employeeNo'), dataIndex: 'employeeNo' },
                { title: t('loan.no'), dataIndex: 'loanNo' },
                {
                  title: t('common.amount'),
                  dataIndex: 'amountFen',
                  align: 'right',
                  render: (v: number | null) => yuan(v, lang),
                },
                {
                  title: t('loan.paidOn'),
                  dataIndex: 'paidOn',
                  render: (v?: string | null) => fmtDate(v, lang),
                },
                { title: t('loan.reference'), dataIndex: 'reference' },
                {
                  title: t('import.outcome'),
                  dataIndex: 'outcome',
                  render: (v: string) => <StatusTag status={v} prefix="import" />,
                },
                { title: t('common.reason'), dataIndex: 'reason', render: (v: string | null) => v ?? '' },
              ]}
            />
            <Link to="/finance/aging">{t('menu.aging')}</Link>
          </Space>
        </Card>
      ) : null}
    </div>
  );
}

// ---- funds: balances and budget vs actual --------------------------------------------------------
interface Balance {
  code: string;
  nameZh: string;
  nameEn?: string;
  allocatedFen: number;
  reservedFen: number;
  paidFen: number;
  repaidFen?: number;
  availableFen: number;
}
interface BudgetRow {
  programCode: string;
  programNameZh?: string;
  month: number | string;
  budgetFen: number;
  actualFen: number;
}

export function FundsPage() {
  const { t, lang } = useI18n();
  const [year, setYear] = useState<number>(dayjs().year());
  const balances = useLoad(() => get<Balance[] | Page<Balance>>('/api/finance/balances'), []);
  const bva = useLoad(
    () =>
      get<BudgetRow[] | Page<BudgetRow> | { rows: BudgetRow[] }>('/api/finance/budget-vs-actual', { year }),
    [year],
  );
  const balanceRows: Balance[] = Array.isArray(balances.data) ? balances.data : (balances.data?.items ?? []);
  const bvaRows: BudgetRow[] = Array.isArray(bva.data)
    ? bva.data
    : bva.data && 'rows' in bva.data
      ? bva.data.rows
      : ((bva.data as Page<BudgetRow> | undefined)?.items ?? []);
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
          <Table<Balance>
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
          <Table<BudgetRow>
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
