import { DownloadOutlined, UploadOutlined } from '@ant-design/icons';
import { App, Button, Card, Form, Progress, Select, Space, Table, Tag, Typography } from 'antd';
import { useCallback, useEffect, useRef, useState } from 'react';
import { client, download, formData, ok } from '../../api';
import type { components } from '../../api/schema';
import { ErrorAlert, PageTitle, StatusTag, useLoad } from '../../components/common';
import { fmtDateTime, fmtMonth, yuan } from '../../format';
import { useI18n } from '../../i18n';

type Kind = 'roster' | 'payroll';
type ImportView = components['schemas']['HrImportViewDto'];
type ImportRow = components['schemas']['HrImportRowDto'];
type Outcome = NonNullable<ImportRow['outcome']>;

const OUTCOME_COLORS: Record<Outcome, string> = {
  new: 'success',
  updated: 'processing',
  unchanged: 'default',
  refused: 'error',
};
const RUNNING = ['previewing', 'committing'];

function OutcomeCounts({ counts }: { counts: ImportView['counts'] }) {
  const { t } = useI18n();
  if (!counts) return null;
  return (
    <Space size={4} wrap>
      {(Object.keys(OUTCOME_COLORS) as Outcome[]).map((o) => (
        <Tag key={o} color={OUTCOME_COLORS[o]} data-testid={`count-${o}`}>
          {t(`hrImport.outcome.${o}`)} {counts[o]}
        </Tag>
      ))}
    </Space>
  );
}

/** The reason a row was refused, in the user's language, from its code and params. */
function useReason() {
  const { t, label } = useI18n();
  return (code: string | null, params: ImportRow['reasonParams']) => {
    if (!code) return '';
    const p = { ...(params ?? {}) } as Record<string, string | number>;
    if (typeof p.field === 'string') p.field = label('hrImport.field', p.field);
    if (typeof p.rule === 'string') p.rule = label('hrImport.idRule', p.rule);
    return label('hrImport.reason', code) === code ? code : t(`hrImport.reason.${code}`, p);
  };
}

function RowsTable({ imp }: { imp: ImportView }) {
  const { t, lang } = useI18n();
  const reason = useReason();
  const [outcome, setOutcome] = useState<Outcome | undefined>(undefined);
  const [rows, setRows] = useState<ImportRow[]>([]);
  const [cursor, setCursor] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  const load = useCallback(
    async (after: string | null) => {
      try {
        const page = await ok(
          client.GET('/api/hr-imports/{id}/rows', {
            params: { path: { id: imp.id }, query: { outcome, limit: 100, cursor: after ?? undefined } },
          }),
        );
        setRows((prev) => (after ? [...prev, ...page.items] : page.items));
        setCursor(page.nextCursor ?? null);
      } catch (e) {
        setError(e);
      }
    },
    [imp.id, outcome],
  );
  useEffect(() => {
    void load(null);
  }, [load, imp.status]);
  const payroll = imp.kind === 'payroll';
  return (
    <Space orientation="vertical" style={{ width: '100%' }}>
      <ErrorAlert error={error} />
      <Space>
        <Typography.Text>{t('hrImport.filter')}</Typography.Text>
        <Select
          aria-label={t('hrImport.filter')}
          allowClear
          style={{ width: 160 }}
          value={outcome}
          onChange={(v: Outcome | undefined) => setOutcome(v)}
          placeholder={t('hrImport.allRows')}
          options={(Object.keys(OUTCOME_COLORS) as Outcome[]).map((o) => ({
            value: o,
            label: t(`hrImport.outcome.${o}`),
          }))}
        />
      </Space>
      <Table<ImportRow>
        size="small"
        rowKey="rowNo"
        data-testid="import-rows"
        pagination={false}
        dataSource={rows}
        rowClassName={(r) => (r.outcome === 'refused' ? 'row-overdue' : '')}
        columns={[
          { title: t('hrImport.rowNo'), dataIndex: 'rowNo', width: 80 },
          { title: t('common.employeeNo'), dataIndex: 'employeeNo' },
          { title: t('hrImport.name'), dataIndex: 'name' },
          ...(payroll
            ? [
                {
                  title: t('hrImport.month'),
                  dataIndex: 'month',
                  render: (v: string | null) => fmtMonth(v, lang),
                },
                {
                  title: t('hrImport.amount'),
                  dataIndex: 'amountFen',
                  align: 'right' as const,
                  render: (v: number | null) => yuan(v, lang),
                },
              ]
            : [
                { title: t('hrImport.nationalId'), dataIndex: 'nationalIdMasked' },
                { title: t('hrImport.unit'), dataIndex: 'unit' },
              ]),
          {
            title: t('hrImport.outcome'),
            dataIndex: 'outcome',
            render: (v: Outcome | null) =>
              v ? <Tag color={OUTCOME_COLORS[v]}>{t(`hrImport.outcome.${v}`)}</Tag> : '—',
          },
          {
            title: t('common.reason'),
            key: 'reason',
            render: (_: unknown, r) => reason(r.reasonCode ?? null, r.reasonParams ?? null),
          },
        ]}
      />
      {cursor ? <Button onClick={() => void load(cursor)}>{t('hrImport.more')}</Button> : null}
    </Space>
  );
}

/** Roster (花名册) or payroll (工资收入) import: template, upload, dry run, progress, commit. */
export function HrImportPage({ kind }: { kind: Kind }) {
  const { t, lang } = useI18n();
  const { message } = App.useApp();
  const [file, setFile] = useState<File | null>(null);
  const [imp, setImp] = useState<ImportView | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const input = useRef<HTMLInputElement>(null);
  const recent = useLoad(
    () => ok(client.GET('/api/hr-imports', { params: { query: { kind, limit: 10 } } })),
    [kind],
  );

  const importId = imp?.id;
  const running = imp ? RUNNING.includes(imp.status) : false;
  useEffect(() => {
    if (!importId || !running) return;
    let live = true;
    const timer = setTimeout(() => {
      ok(client.GET('/api/hr-imports/{id}', { params: { path: { id: importId } } })).then(
        (r) => live && setImp(r),
        (e: unknown) => live && setError(e),
      );
    }, 700);
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [importId, running, imp]);

  // the list shows the import's new status once it rests (previewed, done, cancelled)
  const { reload: reloadRecent } = recent;
  useEffect(() => {
    if (importId && !running) reloadRecent();
  }, [importId, running, reloadRecent]);

  const upload = async () => {
    if (!file) return;
    setBusy(true);
    setError(null);
    setImp(null);
    try {
      const r = await ok(client.POST('/api/hr-imports', { body: { file, kind }, bodySerializer: formData }));
      setImp(r);
      recent.reload();
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };

  const decide = async (decision: 'commit' | 'cancel') => {
    if (!imp) return;
    setBusy(true);
    setError(null);
    try {
      await ok(
        client.POST('/api/hr-imports/{id}/decision', {
          params: { path: { id: imp.id } },
          body: { decision },
        }),
      );
      void message.success(t(decision === 'commit' ? 'hrImport.committing' : 'hrImport.cancelled'));
      setImp(await ok(client.GET('/api/hr-imports/{id}', { params: { path: { id: imp.id } } })));
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };

  const total = imp?.totalRows ?? 0;
  const done = imp ? (imp.status === 'previewing' ? imp.previewedRows : imp.appliedRows) : 0;
  const pct = !imp ? 0 : running ? (total ? Math.floor((100 * done) / total) : 0) : 100;
  return (
    <div>
      <PageTitle
        extra={
          <Button
            icon={<DownloadOutlined />}
            onClick={() => void download('/api/hr-imports/template', { kind }, `${kind}-template.xlsx`)}
          >
            {t('hrImport.template')}
          </Button>
        }
      >
        {t(`hrImport.title.${kind}`)}
      </PageTitle>
      <Card style={{ marginBottom: 16 }}>
        <Typography.Paragraph type="secondary">{t(`hrImport.help.${kind}`)}</Typography.Paragraph>
        <Form layout="inline" onFinish={() => void upload()}>
          <Form.Item label={t('hrImport.file')} htmlFor="hr-import-file">
            <Space>
              <input
                ref={input}
                id="hr-import-file"
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
              {t('hrImport.upload')}
            </Button>
          </Form.Item>
        </Form>
      </Card>
      <ErrorAlert error={error} path="POST /api/hr-imports" />
      {imp ? (
        <Card
          title={`${imp.fileName} · ${imp.orgUnitName}`}
          data-testid="hr-import"
          style={{ marginBottom: 16 }}
        >
          <Space orientation="vertical" style={{ width: '100%' }}>
            <Space wrap>
              <StatusTag status={imp.status} prefix="hrImport.status" />
              <Typography.Text>{t('hrImport.total', { total })}</Typography.Text>
              <OutcomeCounts counts={imp.counts ?? imp.previewCounts} />
              {imp.kind === 'payroll' && imp.status === 'done' ? (
                <Tag color={imp.flaggedFiles ? 'warning' : 'default'} data-testid="flagged-files">
                  {t('hrImport.flagged', { n: imp.flaggedFiles })}
                </Tag>
              ) : null}
            </Space>
            <Progress
              percent={pct}
              status={imp.status === 'failed' ? 'exception' : running ? 'active' : 'success'}
              aria-label={t('hrImport.progress')}
              data-testid="hr-import-progress"
              format={(p) => `${p}% · ${t(`hrImport.status.${imp.status}`)}`}
            />
            {imp.status === 'previewed' ? (
              <Space>
                <Button type="primary" loading={busy} onClick={() => void decide('commit')}>
                  {t('hrImport.commit')}
                </Button>
                <Button loading={busy} onClick={() => void decide('cancel')}>
                  {t('hrImport.cancel')}
                </Button>
                <Typography.Text type="secondary">{t('hrImport.previewHint')}</Typography.Text>
              </Space>
            ) : null}
            {running ? null : <RowsTable imp={imp} />}
          </Space>
        </Card>
      ) : null}
      <Card size="small" title={t('hrImport.recent')}>
        <ErrorAlert error={recent.error} path="GET /api/hr-imports" />
        <Table<ImportView>
          size="small"
          rowKey="id"
          pagination={false}
          locale={{ emptyText: t('hrImport.empty') }}
          dataSource={recent.data?.items ?? []}
          columns={[
            {
              title: t('hrImport.fileName'),
              dataIndex: 'fileName',
              render: (v: string, r) => <a onClick={() => setImp(r)}>{v}</a>,
            },
            { title: t('common.orgUnit'), dataIndex: 'orgUnitName' },
            {
              title: t('common.status'),
              dataIndex: 'status',
              render: (v: string) => <StatusTag status={v} prefix="hrImport.status" />,
            },
            { title: t('hrImport.rows'), dataIndex: 'totalRows' },
            {
              title: t('hrImport.createdAt'),
              dataIndex: 'createdAt',
              render: (v: string) => fmtDateTime(v, lang),
            },
          ]}
        />
      </Card>
    </div>
  );
}

export function RosterImportPage() {
  return <HrImportPage kind="roster" />;
}

export function PayrollImportPage() {
  return <HrImportPage kind="payroll" />;
}
