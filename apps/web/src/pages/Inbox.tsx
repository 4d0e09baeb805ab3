import { App, Button, Card, Checkbox, Form, Select, Space, Table, Tag, Typography } from 'antd';
import dayjs from 'dayjs';
import { useEffect, useState } from 'react';
import { Link } from 'react-router-dom';
import { client, ok } from '../api';
import type { TaskView } from '../api/types';
import { useAuth } from '../auth';
import { ErrorAlert, PageTitle, useLoad } from '../components/common';
import { fmtDateTime, yuan } from '../format';
import { useI18n } from '../i18n';

const TYPES = [
  'approval',
  'investigation',
  'rework',
  'funds',
  'payment',
  'follow_up',
  'outreach',
  'recheck_visit',
];
const STAGES = ['grassroots', 'union', 'leader', 'investigation', 'payment', 'funds', 'follow_up'];

/** Due within 24 hours and not yet overdue. */
export function dueSoon(t: Pick<TaskView, 'dueAt' | 'overdue'>): boolean {
  if (!t.dueAt || t.overdue) return false;
  const ms = dayjs(t.dueAt).diff(dayjs());
  return ms >= 0 && ms < 24 * 3600 * 1000;
}

export function stageName(
  t: Pick<TaskView, 'stage' | 'payload'>,
  lang: string,
  label: (p: string, c: string) => string,
): string {
  const zh = t.payload?.stageNameZh;
  const en = t.payload?.stageNameEn;
  if (lang === 'zh' && typeof zh === 'string') return zh;
  if (lang === 'en' && typeof en === 'string') return en;
  return label('stage', t.stage);
}

interface Filters {
  type?: string;
  stage?: string;
  orgUnitId?: string;
  overdue?: boolean;
  dueSoon?: boolean;
}

export function InboxPage() {
  const { t, lang, label } = useI18n();
  const { session } = useAuth();
  const { message } = App.useApp();
  const [filters, setFilters] = useState<Filters>({});
  const [actionError, setActionError] = useState<unknown>(null);
  const { data, error, loading, reload } = useLoad(
    () =>
      ok(
        client.GET('/api/tasks', {
          params: {
            query: {
              status: 'open',
              limit: 200,
              type: filters.type,
              stage: filters.stage,
              orgUnitId: filters.orgUnitId,
              overdue: filters.overdue || undefined,
              dueSoon: filters.dueSoon || undefined,
            },
          },
        }),
      ),
    [filters],
  );
  // org units seen in the inbox without filters, so the filter keeps its choices while filtering
  const [units, setUnits] = useState<Map<string, string>>(new Map());
  useEffect(() => {
    if (!data) return;
    setUnits((prev) => {
      const next = new Map(prev);
      for (const task of data.items) next.set(task.orgUnitId, task.orgUnitName);
      return next.size === prev.size ? prev : next;
    });
  }, [data]);

  const act = async (task: TaskView, action: 'claim' | 'release') => {
    setActionError(null);
    try {
      await client.POST('/api/tasks/{id}/action', { params: { path: { id: task.id } }, body: { action } });
      void message.success(t(action === 'claim' ? 'inbox.claimed' : 'common.success'));
      reload();
    } catch (e) {
      setActionError(e);
    }
  };

  const me = session?.user.userId;
  return (
    <div>
      <PageTitle extra={<Button onClick={reload}>{t('common.refresh')}</Button>}>
        {t('inbox.title')}
      </PageTitle>
      <Card style={{ marginBottom: 16 }}>
        <Form layout="inline" aria-label={t('common.filter')}>
          <Form.Item label={t('inbox.type')} htmlFor="f-type">
            <Select
              id="f-type"
              allowClear
              style={{ width: 160 }}
              placeholder={t('common.all')}
              value={filters.type}
              onChange={(v?: string) => setFilters({ ...filters, type: v })}
              options={TYPES.map((x) => ({ value: x, label: label('taskType', x) }))}
            />
          </Form.Item>
          <Form.Item label={t('inbox.stage')} htmlFor="f-stage">
            <Select
              id="f-stage"
              allowClear
              style={{ width: 180 }}
              placeholder={t('common.all')}
              value={filters.stage}
              onChange={(v?: string) => setFilters({ ...filters, stage: v })}
              options={STAGES.map((x) => ({ value: x, label: label('stage', x) }))}
            />
          </Form.Item>
          <Form.Item label={t('common.orgUnit')} htmlFor="f-org">
            <Select
              id="f-org"
              allowClear
              style={{ width: 180 }}
              placeholder={t('common.all')}
              value={filters.orgUnitId}
              onChange={(v?: string) => setFilters({ ...filters, orgUnitId: v })}
              options={[...units.entries()].map(([value, name]) => ({ value, label: name }))}
            />
          </Form.Item>
          <Form.Item>
            <Checkbox
              checked={!!filters.overdue}
              onChange={(e) => setFilters({ ...filters, overdue: e.target.checked })}
            >
              {t('inbox.onlyOverdue')}
            </Checkbox>
          </Form.Item>
          <Form.Item>
            <Checkbox
              checked={!!filters.dueSoon}
              onChange={(e) => setFilters({ ...filters, dueSoon: e.target.checked })}
            >
              {t('inbox.onlyDueSoon')}
            </Checkbox>
          </Form.Item>
          <Form.Item>
            <Button onClick={() => setFilters({})}>{t('common.reset')}</Button>
          </Form.Item>
        </Form>
      </Card>
      <ErrorAlert error={error ?? actionError} />
      <Card>
        <Typography.Paragraph type="secondary">
          {t('inbox.count', { n: data?.items.length ?? 0 })}
        </Typography.Paragraph>
        <Table<TaskView>
          rowKey="id"
          loading={loading}
          dataSource={data?.items ?? []}
          pagination={{ pageSize: 20, hideOnSinglePage: true }}
          locale={{ emptyText: t('inbox.empty') }}
          rowClassName={(r) => (r.overdue ? 'row-overdue' : dueSoon(r) ? 'row-due-soon' : '')}
          columns={[
            {
              title: t('inbox.subject'),
              key: 'subject',
              render: (_, r) => (
                <Link to={`/tasks/${r.id}`}>
                  {label('subject', r.subjectType)} {r.caseNo ?? r.subjectId.slice(0, 8)}
                </Link>
              ),
            },
            { title: t('inbox.type'), dataIndex: 'type', render: (v: string) => label('taskType', v) },
            { title: t('inbox.stage'), key: 'stage', render: (_, r) => stageName(r, lang, label) },
            { title: t('common.orgUnit'), dataIndex: 'orgUnitName' },
            {
              title: t('common.amount'),
              dataIndex: 'amountFen',
              align: 'right',
              render: (v: number | null) => (v === null ? '—' : yuan(v, lang)),
            },
            {
              title: t('inbox.due'),
              key: 'due',
              render: (_, r) => (
                <Space size={4} wrap>
                  <span>{fmtDateTime(r.dueAt, lang)}</span>
                  {r.overdue ? <Tag color="error">{t('inbox.overdue')}</Tag> : null}
                  {dueSoon(r) ? <Tag color="warning">{t('inbox.dueSoon')}</Tag> : null}
                  {r.escalatedRole ? <Tag color="purple">{t('inbox.escalated')}</Tag> : null}
                </Space>
              ),
            },
            {
              title: t('inbox.assignee'),
              key: 'assignee',
              render: (_, r) =>
                r.assigneeId === null ? (
                  '—'
                ) : r.assigneeId === me ? (
                  <Tag color="blue">{t('inbox.claimedByMe')}</Tag>
                ) : (
                  <Tag>{t('inbox.claimedByOther')}</Tag>
                ),
            },
            {
              title: t('common.actions'),
              key: 'actions',
              render: (_, r) => (
                <Space>
                  <Link to={`/tasks/${r.id}`}>{t('common.open')}</Link>
                  {r.assigneeId === null ? (
                    <Button size="small" onClick={() => void act(r, 'claim')}>
                      {t('inbox.claim')}
                    </Button>
                  ) : r.assigneeId === me ? (
                    <Button size="small" onClick={() => void act(r, 'release')}>
                      {t('inbox.release')}
                    </Button>
                  ) : null}
                </Space>
              ),
            },
          ]}
        />
      </Card>
    </div>
  );
}
