import {
  Alert,
  Button,
  Card,
  Col,
  Descriptions,
  Form,
  Input,
  Progress,
  Row,
  Space,
  Statistic,
  Tag,
} from 'antd';
import { useEffect, useState } from 'react';
import { Link, useParams } from 'react-router-dom';
import { client, ok } from '../api';
import type { Campaign, CampaignDetail, ReportCategoryRow, ReportOrgUnitRow } from '../api/types';
import { useAuth } from '../auth';
import { EmptyNote, ErrorAlert, LoadingPage, PageTitle, StatusTag, useLoad } from '../components/common';
import { fmtDateTime } from '../format';
import { useI18n } from '../i18n';
import { ResponsiveTable } from '../components/responsive';
import { OverdueMeasuresCard } from '../components/help-plan';

/** A campaign in the list: its outcome counts once its detail has been loaded. */
type CampaignRow = Campaign & Partial<Pick<CampaignDetail, 'outcomes'>>;
type Outcome = keyof CampaignDetail['outcomes'];

const OUTCOMES: Outcome[] = ['unchanged', 'category_up', 'category_down', 'exit_proposed', 'stale', 'worse'];
const OUTCOME_COLORS: Record<string, string> = {
  unchanged: 'default',
  category_up: 'red',
  category_down: 'green',
  exit_proposed: 'cyan',
  stale: 'orange',
  worse: 'magenta',
};

function pct(c: Pick<Campaign, 'processed' | 'total' | 'status'>): number {
  if (c.status === 'completed') return 100;
  return c.total ? Math.floor((100 * c.processed) / c.total) : 0;
}

/** Polls while `running` is true (a campaign is in progress); stops by itself when it finishes. */
function usePolling(running: boolean, reload: () => void, ms = 1500) {
  useEffect(() => {
    if (!running) return;
    const timer = setInterval(reload, ms);
    return () => clearInterval(timer);
  }, [running, reload, ms]);
}

export function CampaignProgress({ c }: { c: Campaign }) {
  const { t } = useI18n();
  return (
    <div data-testid={`progress-${c.id}`}>
      <Progress
        percent={pct(c)}
        status={c.status === 'failed' ? 'exception' : c.status === 'completed' ? 'success' : 'active'}
        aria-label={t('ra.progress')}
      />
      <span>{t('ra.processed', { processed: c.processed, total: c.total })}</span>
    </div>
  );
}

function OutcomeTags({ outcomes }: { outcomes?: CampaignDetail['outcomes'] }) {
  const { label } = useI18n();
  if (!outcomes) return <span>—</span>;
  return (
    <Space size={[4, 4]} wrap>
      {OUTCOMES.map((o) => (
        <Tag key={o} color={OUTCOME_COLORS[o]}>
          {label('ra.outcome', o)} {outcomes[o] ?? 0}
        </Tag>
      ))}
    </Space>
  );
}

export function ReassessmentsPage() {
  const { t, lang, label } = useI18n();
  const { hasRole } = useAuth();
  const [error, setError] = useState<unknown>(null);
  const [started, setStarted] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const {
    data,
    error: loadError,
    loading,
    reload,
  } = useLoad(async () => {
    const page = await ok(client.GET('/api/reassessments'));
    // outcome counts live on each campaign's detail
    const items = await Promise.all(
      page.items.map((c): Promise<CampaignRow> =>
        ok(client.GET('/api/reassessments/{id}', { params: { path: { id: c.id } } })).catch(() => c),
      ),
    );
    return { ...page, items };
  }, []);
  usePolling(!!data?.items.some((c) => c.status === 'running'), reload);
  const start = async (v: { quarter: string }) => {
    setError(null);
    setBusy(true);
    try {
      const r = await ok(client.POST('/api/reassessments', { body: { quarter: v.quarter.trim() } }));
      setStarted(r.id);
      reload();
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };
  return (
    <div>
      <PageTitle
        extra={
          <Button onClick={reload} loading={loading && !!data}>
            {t('common.refresh')}
          </Button>
        }
      >
        {t('ra.title')}
      </PageTitle>
      {hasRole('admin') ? (
        <Card style={{ marginBottom: 16 }}>
          <Form layout="inline" onFinish={(v: { quarter: string }) => void start(v)}>
            <Form.Item
              label={t('ra.quarter')}
              name="quarter"
              rules={[
                { required: true, message: t('login.required', { field: t('ra.quarter') }) },
                { pattern: /^\s*\d{4}Q[1-4]\s*$/, message: t('form.quarterFormat') },
              ]}
            >
              {/* an example, not a value: an empty box must not look filled in */}
              <Input placeholder={t('ra.quarterExample')} style={{ width: 160 }} />
            </Form.Item>
            <Form.Item>
              <Button type="primary" htmlType="submit" loading={busy}>
                {t('ra.start')}
              </Button>
            </Form.Item>
          </Form>
          {started ? (
            <Alert
              style={{ marginTop: 12 }}
              type="success"
              showIcon
              role="status"
              title={`${t('ra.started')}${lang === 'zh' ? '：' : ': '}${started}`}
            />
          ) : null}
          <ErrorAlert error={error} path="POST /api/reassessments" />
        </Card>
      ) : null}
      <ErrorAlert error={loadError} path="GET /api/reassessments" />
      <Card>
        <ResponsiveTable<CampaignRow>
          rowKey="id"
          loading={loading && !data}
          dataSource={data?.items ?? []}
          locale={{ emptyText: <EmptyNote text={t('ra.empty')} /> }}
          pagination={{ pageSize: 20, hideOnSinglePage: true }}
          columns={[
            {
              title: t('ra.quarter'),
              dataIndex: 'quarter',
              render: (v: string, r) => <Link to={`/reassessments/${encodeURIComponent(r.id)}`}>{v}</Link>,
            },
            {
              title: t('ra.kind'),
              dataIndex: 'kind',
              render: (v: string) => <span style={{ whiteSpace: 'nowrap' }}>{label('ra.kind', v)}</span>,
            },
            {
              title: t('common.status'),
              dataIndex: 'status',
              render: (v: string) => <StatusTag status={v} prefix="ra.status" />,
            },
            { title: t('ra.progress'), key: 'p', width: 260, render: (_, r) => <CampaignProgress c={r} /> },
            { title: t('ra.outcomes'), key: 'o', render: (_, r) => <OutcomeTags outcomes={r.outcomes} /> },
            {
              title: t('ra.startedAt'),
              dataIndex: 'startedAt',
              render: (v: string) => <span style={{ whiteSpace: 'nowrap' }}>{fmtDateTime(v, lang)}</span>,
            },
            {
              title: t('ra.finishedAt'),
              dataIndex: 'finishedAt',
              render: (v: string | null) => (
                <span style={{ whiteSpace: 'nowrap' }}>{fmtDateTime(v, lang)}</span>
              ),
            },
          ]}
        />
      </Card>
    </div>
  );
}

type ReportRow = Partial<ReportOrgUnitRow> & Partial<ReportCategoryRow>;

/** A stored report table: one row per org unit or per category, the files re-checked and each outcome. */
function ReportTable({ rows, title, by }: { rows?: ReportRow[]; title: string; by: 'orgUnit' | 'category' }) {
  const { t, lang, label } = useI18n();
  if (!rows?.length) return null;
  return (
    <Card size="small" title={title}>
      <ResponsiveTable<ReportRow>
        size="small"
        rowKey={(r) => String(r.orgUnitId ?? r.category)}
        pagination={false}
        dataSource={rows}
        columns={[
          {
            title: by === 'orgUnit' ? t('common.orgUnit') : t('file.category'),
            key: 'name',
            render: (_, r) =>
              by === 'orgUnit'
                ? r.orgUnitName
                : ((lang === 'zh' ? r.labelZh : r.labelEn) ?? label('category', r.category)),
          },
          { title: t('ra.total'), dataIndex: 'total', align: 'right' },
          ...OUTCOMES.map((o) => ({
            title: label('ra.outcome', o),
            dataIndex: o,
            align: 'right' as const,
            render: (v: unknown) => String(v ?? 0),
          })),
        ]}
      />
    </Card>
  );
}

export function ReassessmentDetailPage() {
  const { id } = useParams();
  const { t, lang, label } = useI18n();
  const { data, error, reload } = useLoad(
    () => ok(client.GET('/api/reassessments/{id}', { params: { path: { id: id! } } })),
    [id],
  );
  usePolling(data?.status === 'running', reload);
  if (error) return <ErrorAlert error={error} path={`GET /api/reassessments/${id}`} />;
  if (!data) return <LoadingPage />;
  return (
    <div>
      <PageTitle extra={<Link to="/reassessments">{t('common.back')}</Link>}>
        {t('ra.title')} · {data.quarter}
      </PageTitle>
      <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
        <Card>
          <Descriptions size="small" column={{ xs: 1, md: 3 }} bordered>
            <Descriptions.Item label={t('ra.kind')}>{label('ra.kind', data.kind)}</Descriptions.Item>
            <Descriptions.Item label={t('common.status')}>
              <StatusTag status={data.status} prefix="ra.status" />
            </Descriptions.Item>
            <Descriptions.Item label={t('ra.startedAt')}>
              {fmtDateTime(data.startedAt, lang)}
            </Descriptions.Item>
          </Descriptions>
          <div style={{ marginTop: 16 }}>
            <CampaignProgress c={data} />
          </div>
        </Card>
        <Row gutter={16}>
          {OUTCOMES.map((o) => (
            <Col key={o} xs={12} md={8} xl={4}>
              <Card>
                <Statistic title={label('ra.outcome', o)} value={data.outcomes?.[o] ?? 0} />
              </Card>
            </Col>
          ))}
        </Row>
        <ReportTable
          by="orgUnit"
          rows={data.report?.byOrgUnit}
          title={`${t('ra.report')} · ${t('ra.byOrgUnit')}`}
        />
        <ReportTable
          by="category"
          rows={data.report?.byCategory}
          title={`${t('ra.report')} · ${t('ra.byCategory')}`}
        />
        {data.kind === 'quarterly' && data.quarter ? <OverdueMeasuresCard quarter={data.quarter} /> : null}
      </Space>
    </div>
  );
}
