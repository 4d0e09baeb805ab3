import {
  App,
  Button,
  Card,
  Checkbox,
  Collapse,
  Form,
  List,
  Select,
  Space,
  Table,
  Tabs,
  Tag,
  Typography,
} from 'antd';
import dayjs from 'dayjs';
import { useEffect, useMemo, useState } from 'react';
import { Link } from 'react-router-dom';
import { client, ok } from '../api';
import type { TaskView } from '../api/types';
import { useAuth } from '../auth';
import { ErrorAlert, PageTitle, useLoad } from '../components/common';
import { fmtDateTime, yuan } from '../format';
import { useIsPhone } from '../layout';
import { useI18n } from '../i18n';
import { DueVisitsCard } from './Pairing';

const TYPES = [
  'approval',
  'investigation',
  'rework',
  'funds',
  'payment',
  'follow_up',
  'outreach',
  'recheck_visit',
  'help_measure',
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

/** "HF-2026-000004 郑海涛": the subject's number and the worker's name. */
export function subjectTitle(
  r: Pick<TaskView, 'subjectNo' | 'subjectName' | 'subjectType' | 'subjectId'>,
  label: (p: string, c: string) => string,
): string {
  const no = r.subjectNo ?? `${label('subject', r.subjectType)} ${r.subjectId.slice(0, 8)}`;
  return r.subjectName ? `${no} ${r.subjectName}` : no;
}

type Tab = 'all' | 'overdue' | 'dueSoon' | 'mine';

function byDue(a: TaskView, b: TaskView): number {
  return (a.dueAt ? Date.parse(a.dueAt) : Infinity) - (b.dueAt ? Date.parse(b.dueAt) : Infinity);
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
  const [tab, setTab] = useState<Tab>('all');
  const phone = useIsPhone();
  const [actionError, setActionError] = useState<unknown>(null);
  // the task whose claim or release is on its way (its button spins, the others wait)
  const [acting, setActing] = useState<string | null>(null);
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
    setActing(task.id);
    try {
      await client.POST('/api/tasks/{id}/action', { params: { path: { id: task.id } }, body: { action } });
      void message.success(t(action === 'claim' ? 'inbox.claimed' : 'common.success'));
      reload();
    } catch (e) {
      setActionError(e);
    } finally {
      setActing(null);
    }
  };

  const me = session?.user.userId;
  const items = useMemo(() => [...(data?.items ?? [])].sort(byDue), [data]);
  const tabs: Record<Tab, TaskView[]> = {
    all: items,
    overdue: items.filter((r) => r.overdue),
    dueSoon: items.filter((r) => dueSoon(r)),
    mine: items.filter((r) => r.assigneeId === me),
  };
  const shown = tabs[tab];
  const dueTags = (r: TaskView) => (
    <>
      {r.overdue ? <Tag color="error">{t('inbox.overdue')}</Tag> : null}
      {dueSoon(r) ? <Tag color="warning">{t('inbox.dueSoon')}</Tag> : null}
      {r.escalatedRole ? <Tag color="purple">{t('inbox.escalated')}</Tag> : null}
    </>
  );
  const claimButton = (r: TaskView) =>
    r.assigneeId === null ? (
      <Button
        size="small"
        loading={acting === r.id}
        disabled={!!acting && acting !== r.id}
        onClick={() => void act(r, 'claim')}
      >
        {t('inbox.claim')}
      </Button>
    ) : r.assigneeId === me ? (
      <Button
        size="small"
        loading={acting === r.id}
        disabled={!!acting && acting !== r.id}
        onClick={() => void act(r, 'release')}
      >
        {t('inbox.release')}
      </Button>
    ) : null;
  const filtersForm = (
    <Form layout={phone ? 'vertical' : 'inline'} aria-label={t('common.filter')}>
      <Form.Item label={t('inbox.type')} htmlFor="f-type">
        <Select
          id="f-type"
          allowClear
          style={{ width: phone ? '100%' : 160, minWidth: 140 }}
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
          style={{ width: phone ? '100%' : 180, minWidth: 140 }}
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
          style={{ width: phone ? '100%' : 180, minWidth: 140 }}
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
  );
  return (
    <div>
      <PageTitle
        extra={
          <Button onClick={reload} loading={loading}>
            {t('common.refresh')}
          </Button>
        }
      >
        {t('inbox.title')}
      </PageTitle>
      {phone ? (
        <Collapse
          style={{ marginBottom: 12, background: '#fff' }}
          items={[{ key: 'f', label: t('common.filter'), children: filtersForm }]}
        />
      ) : (
        <Card style={{ marginBottom: 16 }}>{filtersForm}</Card>
      )}
      <ErrorAlert error={error ?? actionError} />
      <DueVisitsCard />
      <Card>
        <Tabs
          activeKey={tab}
          onChange={(k) => setTab(k as Tab)}
          data-testid="inbox-tabs"
          items={(['all', 'overdue', 'dueSoon', 'mine'] as Tab[]).map((k) => ({
            key: k,
            label: `${t(`inbox.tab.${k}`)} (${tabs[k].length})`,
          }))}
        />
        <Typography.Paragraph type="secondary">{t('inbox.count', { n: shown.length })}</Typography.Paragraph>
        {phone ? (
          <List<TaskView>
            loading={loading}
            dataSource={shown}
            locale={{ emptyText: t('inbox.empty') }}
            data-testid="inbox-cards"
            renderItem={(r) => (
              <List.Item style={{ paddingInline: 0 }}>
                <Card
                  size="small"
                  style={{ width: '100%' }}
                  className={r.overdue ? 'row-overdue' : dueSoon(r) ? 'row-due-soon' : ''}
                  title={<Link to={`/tasks/${r.id}`}>{subjectTitle(r, label)}</Link>}
                >
                  <Space orientation="vertical" size={2} style={{ width: '100%' }}>
                    <span>
                      {label('taskType', r.type)} · {stageName(r, lang, label)}
                      {r.program ? ` · ${label('program', r.program)}` : ''}
                    </span>
                    {r.amountFen !== null ? (
                      <Typography.Text strong>{yuan(r.amountFen, lang)}</Typography.Text>
                    ) : null}
                    <span>
                      {t('inbox.due')}: {fmtDateTime(r.dueAt, lang)} {dueTags(r)}
                    </span>
                    <Typography.Text type="secondary">{r.orgUnitName}</Typography.Text>
                    <Space>
                      <Link to={`/tasks/${r.id}`}>{t('common.open')}</Link>
                      {claimButton(r)}
                    </Space>
                  </Space>
                </Card>
              </List.Item>
            )}
          />
        ) : (
          <Table<TaskView>
            rowKey="id"
            loading={loading}
            dataSource={shown}
            pagination={{ pageSize: 20, hideOnSinglePage: true }}
            locale={{ emptyText: t('inbox.empty') }}
            rowClassName={(r) => (r.overdue ? 'row-overdue' : dueSoon(r) ? 'row-due-soon' : '')}
            columns={[
              {
                title: t('inbox.subject'),
                key: 'subject',
                render: (_, r) => <Link to={`/tasks/${r.id}`}>{subjectTitle(r, label)}</Link>,
              },
              {
                title: t('task.program'),
                key: 'program',
                render: (_, r) => (r.program ? label('program', r.program) : label('subject', r.subjectType)),
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
                sorter: byDue,
                defaultSortOrder: 'ascend',
                render: (_, r) => (
                  <Space size={4} wrap>
                    <span>{fmtDateTime(r.dueAt, lang)}</span>
                    {dueTags(r)}
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
                    {claimButton(r)}
                  </Space>
                ),
              },
            ]}
          />
        )}
      </Card>
    </div>
  );
}
