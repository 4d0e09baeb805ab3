import { Button, Checkbox, DatePicker, Form, Input, Select, Space, Table, Tag, Typography } from 'antd';
import type { Dayjs } from 'dayjs';
import { useCallback, useEffect, useState } from 'react';
import { client, download, ok } from '../api';
import type { AuditEntry, AuditQuery, LoginLogEntry, LoginLogQuery } from '../api/types';
import { ErrorAlert, PageTitle } from '../components/common';
import { fmtDateTime } from '../format';
import { useI18n } from '../i18n';

interface Filters {
  action?: string;
  entityType?: string;
  entityId?: string;
  range?: [Dayjs | null, Dayjs | null] | null;
  sensitive?: boolean;
}

/** Pages of a keyset list: the first page for these filters, then "load more" with nextCursor. */
function useKeyset<T, Q extends object>(
  fetchPage: (q: Q & { cursor?: string }) => Promise<{ items: T[]; nextCursor: string | null }>,
  query: Q,
) {
  const [items, setItems] = useState<T[]>([]);
  const [cursor, setCursor] = useState<string | null>(null);
  const [loading, setLoading] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const key = JSON.stringify(query);
  const load = useCallback(
    async (after?: string) => {
      setLoading(true);
      setError(null);
      try {
        const page = await fetchPage({ ...query, cursor: after });
        setItems((prev) => (after ? [...prev, ...page.items] : page.items));
        setCursor(page.nextCursor);
      } catch (e) {
        setError(e);
      } finally {
        setLoading(false);
      }
    },
    [key],
  );
  useEffect(() => {
    void load();
  }, [load]);
  return { items, loading, error, more: cursor ? () => void load(cursor) : null };
}

function toQuery(f: Filters): AuditQuery {
  return {
    action: f.action?.trim() || undefined,
    entityType: f.entityType?.trim() || undefined,
    entityId: f.entityId?.trim() || undefined,
    from: f.range?.[0]?.startOf('day').toISOString(),
    to: f.range?.[1]?.endOf('day').toISOString(),
    sensitive: f.sensitive ? true : undefined,
  };
}

/** The auditor's audit log: filters, newest first, load more, XLSX export of the filtered rows. */
export function AuditLogPage() {
  const { t, lang } = useI18n();
  const [filters, setFilters] = useState<Filters>({});
  const query = toQuery(filters);
  const list = useKeyset(
    (q: AuditQuery) => ok(client.GET('/api/audit', { params: { query: { ...q, limit: 50 } } })),
    query,
  );
  const [exportError, setExportError] = useState<unknown>(null);
  return (
    <>
      <PageTitle
        extra={
          <Button
            onClick={() =>
              void download('/api/audit/export', { ...query, format: 'xlsx' }, 'audit.xlsx').catch(
                setExportError,
              )
            }
          >
            {t('audit.export')}
          </Button>
        }
      >
        {t('audit.title')}
      </PageTitle>
      <Form layout="inline" onFinish={(v: Filters) => setFilters(v)} style={{ marginBottom: 16, rowGap: 8 }}>
        <Form.Item label={t('audit.action')} name="action">
          <Input placeholder={t('audit.actionHint')} style={{ width: 160 }} />
        </Form.Item>
        <Form.Item label={t('audit.entityType')} name="entityType">
          <Input style={{ width: 120 }} />
        </Form.Item>
        <Form.Item label={t('audit.entityId')} name="entityId">
          <Input style={{ width: 200 }} />
        </Form.Item>
        <Form.Item label={t('audit.range')} name="range">
          <DatePicker.RangePicker />
        </Form.Item>
        <Form.Item name="sensitive" valuePropName="checked">
          <Checkbox>{t('audit.sensitiveOnly')}</Checkbox>
        </Form.Item>
        <Button type="primary" htmlType="submit">
          {t('common.search')}
        </Button>
      </Form>
      <ErrorAlert error={list.error ?? exportError} />
      <Table<AuditEntry>
        rowKey="id"
        data-testid="audit-table"
        loading={list.loading}
        dataSource={list.items}
        pagination={false}
        columns={[
          { title: t('audit.at'), render: (_, r) => fmtDateTime(r.at, lang), width: 170 },
          { title: t('audit.actor'), render: (_, r) => r.actorName ?? '—' },
          {
            title: t('audit.action'),
            render: (_, r) => (
              <Space size={4}>
                <span>{lang === 'zh' ? r.actionLabel.zh : r.actionLabel.en}</span>
                {r.sensitive ? <Tag color="red">{t('audit.sensitive')}</Tag> : null}
              </Space>
            ),
          },
          {
            title: t('audit.subject'),
            render: (_, r) => (
              <Typography.Text code>
                {r.entityType}:{r.entityId.slice(0, 8)}
              </Typography.Text>
            ),
          },
          { title: t('audit.orgUnit'), render: (_, r) => r.orgUnitName ?? '—' },
          {
            title: t('audit.details'),
            render: (_, r) => (
              <Typography.Text type="secondary" ellipsis style={{ maxWidth: 280 }}>
                {JSON.stringify(r.details)}
              </Typography.Text>
            ),
          },
        ]}
      />
      {list.more ? (
        <Button style={{ marginTop: 16 }} onClick={list.more}>
          {t('audit.more')}
        </Button>
      ) : null}
    </>
  );
}

const OUTCOMES = ['success', 'failure', 'locked', 'lockout', 'unlock', 'rate_limited'] as const;
const OUTCOME_COLORS: Record<string, string> = {
  success: 'green',
  failure: 'orange',
  locked: 'red',
  lockout: 'red',
  unlock: 'blue',
};

/** Logins: successes, failures, lockouts and unlocks. */
export function LoginLogPage() {
  const { t, lang, label } = useI18n();
  const [filters, setFilters] = useState<LoginLogQuery>({});
  const list = useKeyset(
    (q: LoginLogQuery) => ok(client.GET('/api/audit/logins', { params: { query: { ...q, limit: 50 } } })),
    filters,
  );
  return (
    <>
      <PageTitle>{t('logins.title')}</PageTitle>
      <Form
        layout="inline"
        onFinish={(v: LoginLogQuery) =>
          setFilters({ username: v.username?.trim() || undefined, outcome: v.outcome || undefined })
        }
        style={{ marginBottom: 16 }}
      >
        <Form.Item label={t('logins.username')} name="username">
          <Input style={{ width: 160 }} />
        </Form.Item>
        <Form.Item label={t('logins.outcome')} name="outcome">
          <Select
            allowClear
            aria-label={t('logins.outcome')}
            style={{ width: 160 }}
            options={OUTCOMES.map((o) => ({ value: o, label: label('logins.outcome', o) }))}
          />
        </Form.Item>
        <Button type="primary" htmlType="submit">
          {t('common.search')}
        </Button>
      </Form>
      <ErrorAlert error={list.error} />
      <Table<LoginLogEntry>
        rowKey="id"
        data-testid="login-table"
        loading={list.loading}
        dataSource={list.items}
        pagination={false}
        columns={[
          { title: t('audit.at'), render: (_, r) => fmtDateTime(r.at, lang), width: 170 },
          { title: t('logins.username'), dataIndex: 'username' },
          { title: t('users.displayName'), render: (_, r) => r.displayName ?? '—' },
          {
            title: t('logins.outcome'),
            render: (_, r) => (
              <Tag color={OUTCOME_COLORS[r.outcome]}>{label('logins.outcome', r.outcome)}</Tag>
            ),
          },
          { title: t('logins.client'), dataIndex: 'clientIp' },
        ]}
      />
      {list.more ? (
        <Button style={{ marginTop: 16 }} onClick={list.more}>
          {t('audit.more')}
        </Button>
      ) : null}
    </>
  );
}
