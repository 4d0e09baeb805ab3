import {
  Button,
  Card,
  Col,
  DatePicker,
  Form,
  Input,
  InputNumber,
  Row,
  Select,
  Space,
  Table,
  Typography,
} from 'antd';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import { client, ok } from '../../api';
import { ErrorAlert, PageTitle, useLoad } from '../../components/common';
import { fmtDateTime, yuan } from '../../format';
import { useI18n } from '../../i18n';
import { diffPolicies, type PolicyChange } from './policy-diff';
import { PolicyEditor, PublishedAlert } from './PolicyEditor';

interface Locality {
  code: string;
  nameZh: string;
  dibaoFenPerPersonMonth: number;
}
interface PolicyVersion {
  version: number;
  effectiveFrom: string;
  data: Record<string, unknown> & { localities: Locality[] };
}
interface VersionRow {
  version: number;
  effectiveFrom: string;
  note: string;
  publishedAt: string;
}

const getVersion = async (version: number) =>
  (await ok(
    client.GET('/api/policy/versions/{version}', { params: { path: { version } } }),
  )) as unknown as PolicyVersion;

/** Two versions side by side: every figure that changed. */
function PolicyDiff({ versions }: { versions: VersionRow[] }) {
  const { t, lang } = useI18n();
  // amounts (…Fen) in yuan, like everywhere else in the console
  const shown = (path: string, v: string | undefined) =>
    v === undefined ? '—' : /Fen[^.[\]]*$/.test(path) && /^\d+$/.test(v) ? yuan(Number(v), lang) : v;
  const [a, setA] = useState<number | undefined>(versions[1]?.version);
  const [b, setB] = useState<number | undefined>(versions[0]?.version);
  const diff = useLoad(async () => {
    if (a === undefined || b === undefined) return [];
    const [x, y] = await Promise.all([getVersion(a), getVersion(b)]);
    return diffPolicies(x.data, y.data);
  }, [a, b]);
  const options = versions.map((v) => ({ value: v.version, label: `v${v.version} · ${v.note}` }));
  return (
    <Card size="small" title={t('policy.diff')} data-testid="policy-diff">
      <Space style={{ marginBottom: 12 }} wrap>
        <Select
          aria-label={t('policy.from')}
          style={{ width: 260 }}
          value={a}
          onChange={setA}
          options={options}
          placeholder={t('policy.from')}
        />
        <span>→</span>
        <Select
          aria-label={t('policy.to')}
          style={{ width: 260 }}
          value={b}
          onChange={setB}
          options={options}
          placeholder={t('policy.to')}
        />
      </Space>
      <ErrorAlert error={diff.error} />
      <Table
        size="small"
        rowKey="path"
        loading={diff.loading}
        pagination={false}
        dataSource={diff.data ?? []}
        locale={{ emptyText: t('policy.noChanges') }}
        columns={[
          {
            title: t('policy.field'),
            dataIndex: 'path',
            render: (v: string) => <Typography.Text code>{v}</Typography.Text>,
          },
          {
            title: t('policy.before'),
            key: 'before',
            render: (_, c: PolicyChange) => shown(c.path, c.before),
          },
          { title: t('policy.after'), key: 'after', render: (_, c: PolicyChange) => shown(c.path, c.after) },
        ]}
      />
    </Card>
  );
}

interface DibaoValues {
  locality: string;
  dibaoYuan: number;
  effectiveFrom?: Dayjs;
  note: string;
}

/** Publishes a new 低保 for one locality: a new policy version; the API starts its re-evaluation campaign. */
function PublishDibao({ current, onPublished }: { current: PolicyVersion; onPublished: () => void }) {
  const { t, lang } = useI18n();
  const [form] = Form.useForm<DibaoValues>();
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<{ version: number; reassessmentId?: string } | null>(null);
  const submit = async (v: DibaoValues) => {
    setBusy(true);
    setError(null);
    setResult(null);
    try {
      const data = structuredClone(current.data);
      data.localities = data.localities.map((l) =>
        l.code === v.locality ? { ...l, dibaoFenPerPersonMonth: Math.round(v.dibaoYuan * 100) } : l,
      );
      const r = (await ok(
        client.POST('/api/policy', {
          body: { data, note: v.note, effectiveFrom: v.effectiveFrom?.startOf('day').toISOString() },
        }),
      )) as unknown as { version: number; reassessmentId?: string };
      setResult(r);
      onPublished();
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Card size="small" title={t('policy.publishDibao')} data-testid="publish-dibao">
      <Form form={form} layout="vertical" onFinish={(v) => void submit(v)}>
        <Form.Item
          name="locality"
          label={t('policy.locality')}
          rules={[{ required: true, message: t('policy.required') }]}
        >
          <Select
            options={current.data.localities.map((l) => ({
              value: l.code,
              label: `${l.nameZh} (${l.code}) · ${yuan(l.dibaoFenPerPersonMonth, lang)}`,
            }))}
          />
        </Form.Item>
        <Form.Item
          name="dibaoYuan"
          label={t('policy.newDibao')}
          rules={[{ required: true, message: t('policy.required') }]}
        >
          <InputNumber
            min={0}
            step={1}
            precision={2}
            style={{ width: '100%' }}
            addonAfter={t('policy.perPersonMonth')}
          />
        </Form.Item>
        <Form.Item name="effectiveFrom" label={t('policy.effectiveFrom')}>
          <DatePicker style={{ width: '100%' }} />
        </Form.Item>
        <Form.Item
          name="note"
          label={t('policy.note')}
          rules={[{ required: true, message: t('policy.required') }]}
        >
          <Input maxLength={500} />
        </Form.Item>
        <Button type="primary" htmlType="submit" loading={busy}>
          {t('policy.publish')}
        </Button>
      </Form>
      <div style={{ marginTop: 12 }}>
        <ErrorAlert error={error} path="POST /api/policy" />
        {result ? (
          <PublishedAlert result={result} testId="published" noCampaign={t('policy.noCampaign')} />
        ) : null}
      </div>
    </Card>
  );
}

/** Policy versions (政策版本), a diff between two, publishing a new 低保, and every other figure (PolicyEditor). */
export function PolicyPage() {
  const { t, lang } = useI18n();
  const versions = useLoad(
    async () => (await ok(client.GET('/api/policy/versions'))) as unknown as { items: VersionRow[] },
    [],
  );
  const current = useLoad(async () => (await ok(client.GET('/api/policy'))) as unknown as PolicyVersion, []);
  const reload = () => {
    versions.reload();
    current.reload();
  };
  const items = versions.data?.items ?? [];
  return (
    <div>
      <PageTitle>{t('policy.title')}</PageTitle>
      <ErrorAlert error={versions.error ?? current.error} />
      <Row gutter={16}>
        <Col xs={24} xl={14}>
          <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
            <Card size="small" title={t('policy.versions')}>
              <Table<VersionRow>
                size="small"
                rowKey="version"
                data-testid="policy-versions"
                loading={versions.loading}
                pagination={false}
                dataSource={items}
                columns={[
                  { title: t('policy.version'), dataIndex: 'version', render: (v: number) => `v${v}` },
                  { title: t('policy.note'), dataIndex: 'note' },
                  {
                    title: t('policy.effectiveFrom'),
                    dataIndex: 'effectiveFrom',
                    render: (v: string) => fmtDateTime(v, lang),
                  },
                  {
                    title: t('policy.publishedAt'),
                    dataIndex: 'publishedAt',
                    render: (v: string) => fmtDateTime(v, lang),
                  },
                ]}
              />
            </Card>
            {items.length ? <PolicyDiff key={items[0]!.version} versions={items} /> : null}
          </Space>
        </Col>
        <Col xs={24} xl={10}>
          {current.data ? <PublishDibao current={current.data} onPublished={reload} /> : null}
        </Col>
      </Row>
      {current.data ? (
        <div style={{ marginTop: 16 }}>
          <PolicyEditor key={current.data.version} current={current.data} onPublished={reload} />
        </div>
      ) : null}
    </div>
  );
}
