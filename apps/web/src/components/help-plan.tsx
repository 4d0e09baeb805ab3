import { Button, Card, DatePicker, Form, Input, Modal, Select, Space, Table, Tag, Typography } from 'antd';
import dayjs from 'dayjs';
import { useState } from 'react';
import { Link } from 'react-router-dom';
import { client, ok } from '../api';
import type { HelpPlanView, MeasureSuggestion, OverdueMeasure, PlanMeasure } from '../api/types';
import { fmtDate, pickerFormat } from '../format';
import { useI18n } from '../i18n';
import { ErrorAlert, useLoad } from './common';

const MEASURE_TYPES = [
  'medical',
  'schooling',
  'employment',
  'training',
  'counselling',
  'legal_aid',
  'mutual_aid',
  'housing',
  'food',
  'money',
  'other',
];

type Draft = MeasureSuggestion & { key: number; ownerId: string; include: boolean };

/** 帮扶计划 of a file: created from the suggestions for its causes; measures edited, outcomes recorded. */
export function HelpPlanCard({ fileId, active }: { fileId: string; active: boolean }) {
  const { t, label, lang } = useI18n();
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const [drafts, setDrafts] = useState<Draft[] | null>(null);
  const [outcomeOf, setOutcomeOf] = useState<PlanMeasure | null>(null);
  const [editOf, setEditOf] = useState<PlanMeasure | 'new' | null>(null);
  const plan = useLoad(async () => {
    const p = await ok(client.GET('/api/files/{id}/help-plan', { params: { path: { id: fileId } } }));
    setDrafts(p.suggestions.map((s, i) => ({ ...s, key: i, ownerId: p.defaultOwnerId, include: true })));
    return p;
  }, [fileId]);
  const p: HelpPlanView | undefined = plan.data;
  const ownerOptions = (p?.owners ?? []).map((o) => ({
    value: o.id,
    label: `${o.displayName}（${o.roles.map((r) => label('role', r)).join('、')}）`,
  }));
  const run = async (f: () => Promise<unknown>) => {
    setBusy(true);
    setError(null);
    try {
      await f();
      plan.reload();
      return true;
    } catch (e) {
      setError(e);
      return false;
    } finally {
      setBusy(false);
    }
  };
  const createPlan = () =>
    run(() =>
      ok(
        client.POST('/api/files/{id}/help-plan', {
          params: { path: { id: fileId } },
          body: {
            measures: (drafts ?? [])
              .filter((d) => d.include)
              .map((d) => ({
                cause: d.cause as never,
                type: d.type as never,
                ownerId: d.ownerId,
                dueOn: d.dueOn,
                target: d.target,
              })),
          },
        }),
      ),
    );
  const patchDraft = (key: number, change: Partial<Draft>) =>
    setDrafts((ds) => (ds ?? []).map((d) => (d.key === key ? { ...d, ...change } : d)));

  const statusTag = (m: PlanMeasure) => (
    <Space size={4}>
      <Tag color={m.status === 'done' ? 'green' : m.status === 'dropped' ? 'default' : 'blue'}>
        {t(`helpPlan.status.${m.status}`)}
      </Tag>
      {m.overdue ? <Tag color="red">{t('helpPlan.overdue')}</Tag> : null}
    </Space>
  );

  return (
    <Card size="small" title={t('helpPlan.title')} data-testid="help-plan">
      <ErrorAlert error={plan.error ?? error} path="GET /api/files/{id}/help-plan" />
      {p && !p.planId ? (
        <div data-testid="help-plan-suggestions">
          <Typography.Paragraph type="secondary">
            {p.suggestions.length
              ? t('helpPlan.suggestedFrom', {
                  causes: p.causes.map((c) => label('cause', c)).join('、'),
                  version: '',
                })
              : t('helpPlan.noSuggestions')}
          </Typography.Paragraph>
          <Table<Draft>
            size="small"
            rowKey="key"
            pagination={false}
            scroll={{ x: 'max-content' }}
            dataSource={drafts ?? []}
            rowSelection={{
              selectedRowKeys: (drafts ?? []).filter((d) => d.include).map((d) => d.key),
              onChange: (keys) =>
                setDrafts((ds) => (ds ?? []).map((d) => ({ ...d, include: keys.includes(d.key) }))),
            }}
            columns={[
              { title: t('helpPlan.cause'), render: (_, d) => label('cause', d.cause) },
              { title: t('helpPlan.type'), render: (_, d) => label('measureType', d.type) },
              {
                title: t('helpPlan.target'),
                render: (_, d) => (
                  <Input
                    aria-label={t('helpPlan.target')}
                    value={d.target}
                    onChange={(e) => patchDraft(d.key, { target: e.target.value })}
                  />
                ),
              },
              {
                title: t('helpPlan.owner'),
                render: (_, d) => (
                  <Select
                    aria-label={t('helpPlan.owner')}
                    style={{ minWidth: 180 }}
                    value={d.ownerId}
                    options={ownerOptions}
                    onChange={(v) => patchDraft(d.key, { ownerId: v })}
                  />
                ),
              },
              {
                title: t('helpPlan.dueOn'),
                render: (_, d) => (
                  <DatePicker
                    aria-label={t('helpPlan.dueOn')}
                    allowClear={false}
                    format={pickerFormat(lang)}
                    value={dayjs(d.dueOn)}
                    onChange={(v) => v && patchDraft(d.key, { dueOn: v.format('YYYY-MM-DD') })}
                  />
                ),
              },
            ]}
          />
          <Space style={{ marginTop: 12 }}>
            <Button
              type="primary"
              loading={busy}
              disabled={!active || !(drafts ?? []).some((d) => d.include)}
              onClick={() => void createPlan()}
            >
              {t('helpPlan.create')}
            </Button>
            {active ? <Button onClick={() => setEditOf('new')}>{t('helpPlan.addMeasure')}</Button> : null}
            {!active ? <Typography.Text type="secondary">{t('helpPlan.activeOnly')}</Typography.Text> : null}
          </Space>
        </div>
      ) : null}
      {p?.planId ? (
        <>
          <Table<PlanMeasure>
            size="small"
            rowKey="id"
            pagination={false}
            scroll={{ x: 'max-content' }}
            data-testid="help-plan-measures"
            dataSource={p.measures}
            columns={[
              { title: t('helpPlan.type'), render: (_, m) => label('measureType', m.type) },
              { title: t('helpPlan.cause'), render: (_, m) => label('cause', m.cause) },
              { title: t('helpPlan.target'), dataIndex: 'target' },
              { title: t('helpPlan.owner'), dataIndex: 'ownerName' },
              { title: t('helpPlan.dueOn'), render: (_, m) => fmtDate(m.dueOn, lang) },
              { title: t('helpPlan.statusCol'), render: (_, m) => statusTag(m) },
              {
                title: t('helpPlan.outcome'),
                render: (_, m) =>
                  m.outcome ? (
                    <span>
                      {label('measureOutcome', m.outcome)}
                      {m.outcomeNote ? (
                        <Typography.Text type="secondary">（{m.outcomeNote}）</Typography.Text>
                      ) : null}
                    </span>
                  ) : (
                    '—'
                  ),
              },
              {
                title: t('common.actions'),
                render: (_, m) =>
                  m.status === 'planned' || m.status === 'in_progress' ? (
                    <Space>
                      <Button size="small" type="primary" onClick={() => setOutcomeOf(m)}>
                        {t('helpPlan.recordOutcome')}
                      </Button>
                      <Button size="small" onClick={() => setEditOf(m)}>
                        {t('helpPlan.edit')}
                      </Button>
                    </Space>
                  ) : null,
              },
            ]}
          />
          {active ? (
            <Button style={{ marginTop: 12 }} onClick={() => setEditOf('new')}>
              {t('helpPlan.addMeasure')}
            </Button>
          ) : null}
        </>
      ) : null}
      {outcomeOf ? (
        <OutcomeModal
          measure={outcomeOf}
          busy={busy}
          onCancel={() => setOutcomeOf(null)}
          onOk={async (v) => {
            if (
              await run(() =>
                ok(
                  client.POST('/api/help-measures/{id}/outcome', {
                    params: { path: { id: outcomeOf.id } },
                    body: { outcome: v.outcome as never, ...(v.note ? { note: v.note } : {}) },
                  }),
                ),
              )
            )
              setOutcomeOf(null);
          }}
        />
      ) : null}
      {editOf && p ? (
        <MeasureModal
          measure={editOf === 'new' ? null : editOf}
          defaultOwnerId={p.defaultOwnerId}
          ownerOptions={ownerOptions}
          busy={busy}
          onCancel={() => setEditOf(null)}
          onOk={async (v) => {
            const done = await run(() =>
              editOf === 'new' && !p.planId
                ? // no plan yet (no suggestion fits): the plan is made with this one measure
                  ok(
                    client.POST('/api/files/{id}/help-plan', {
                      params: { path: { id: fileId } },
                      body: {
                        measures: [
                          { type: v.type as never, ownerId: v.ownerId, dueOn: v.dueOn, target: v.target },
                        ],
                      },
                    }),
                  )
                : editOf === 'new'
                  ? ok(
                      client.POST('/api/files/{id}/help-plan/measures', {
                        params: { path: { id: fileId } },
                        body: { type: v.type as never, ownerId: v.ownerId, dueOn: v.dueOn, target: v.target },
                      }),
                    )
                  : ok(
                      client.PATCH('/api/help-measures/{id}', {
                        params: { path: { id: editOf.id } },
                        body: { ownerId: v.ownerId, dueOn: v.dueOn, target: v.target, status: v.status },
                      }),
                    ),
            );
            if (done) setEditOf(null);
          }}
        />
      ) : null}
    </Card>
  );
}

function OutcomeModal({
  measure,
  busy,
  onCancel,
  onOk,
}: {
  measure: PlanMeasure;
  busy: boolean;
  onCancel: () => void;
  onOk: (v: { outcome: string; note?: string }) => Promise<void>;
}) {
  const { t, label } = useI18n();
  const [form] = Form.useForm<{ outcome: string; note?: string }>();
  return (
    <Modal
      open
      title={`${t('helpPlan.recordOutcome')}：${label('measureType', measure.type)}`}
      okText={t('common.save')}
      cancelText={t('common.cancel')}
      confirmLoading={busy}
      onCancel={onCancel}
      onOk={() => void form.validateFields().then(onOk)}
    >
      <Form form={form} layout="vertical" initialValues={{ outcome: measure.outcomes[0] }}>
        <Form.Item name="outcome" label={t('helpPlan.outcome')} rules={[{ required: true }]}>
          <Select options={measure.outcomes.map((o) => ({ value: o, label: label('measureOutcome', o) }))} />
        </Form.Item>
        <Form.Item name="note" label={t('helpPlan.note')} extra={t('helpPlan.noteEncrypted')}>
          <Input.TextArea rows={3} maxLength={2000} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

interface MeasureValues {
  type: string;
  ownerId: string;
  dueOn: string;
  target: string;
  status: 'planned' | 'in_progress' | 'dropped';
}

function MeasureModal({
  measure,
  defaultOwnerId,
  ownerOptions,
  busy,
  onCancel,
  onOk,
}: {
  measure: PlanMeasure | null;
  defaultOwnerId: string;
  ownerOptions: Array<{ value: string; label: string }>;
  busy: boolean;
  onCancel: () => void;
  onOk: (v: MeasureValues) => Promise<void>;
}) {
  const { t, label, lang } = useI18n();
  const [form] = Form.useForm();
  return (
    <Modal
      open
      title={measure ? t('helpPlan.edit') : t('helpPlan.addMeasure')}
      okText={t('common.save')}
      cancelText={t('common.cancel')}
      confirmLoading={busy}
      onCancel={onCancel}
      onOk={() =>
        void form
          .validateFields()
          .then((v: Omit<MeasureValues, 'dueOn'> & { dueOn: dayjs.Dayjs }) =>
            onOk({ ...v, dueOn: v.dueOn.format('YYYY-MM-DD') }),
          )
      }
    >
      <Form
        form={form}
        layout="vertical"
        initialValues={{
          type: measure?.type ?? 'employment',
          ownerId: measure?.ownerId ?? defaultOwnerId,
          dueOn: dayjs(measure?.dueOn ?? dayjs().add(30, 'day').format('YYYY-MM-DD')),
          target: measure?.target ?? '',
          status: measure?.status ?? 'planned',
        }}
      >
        <Form.Item name="type" label={t('helpPlan.type')}>
          <Select
            disabled={!!measure}
            options={MEASURE_TYPES.map((m) => ({ value: m, label: label('measureType', m) }))}
          />
        </Form.Item>
        <Form.Item name="target" label={t('helpPlan.target')} rules={[{ required: true, max: 500 }]}>
          <Input />
        </Form.Item>
        <Form.Item name="ownerId" label={t('helpPlan.owner')} rules={[{ required: true }]}>
          <Select options={ownerOptions} />
        </Form.Item>
        <Form.Item name="dueOn" label={t('helpPlan.dueOn')} rules={[{ required: true }]}>
          <DatePicker format={pickerFormat(lang)} allowClear={false} />
        </Form.Item>
        {measure ? (
          <Form.Item name="status" label={t('helpPlan.statusCol')}>
            <Select
              options={['planned', 'in_progress', 'dropped'].map((s) => ({
                value: s,
                label: t(`helpPlan.status.${s}`),
              }))}
            />
          </Form.Item>
        ) : null}
      </Form>
    </Modal>
  );
}

/** The quarterly re-check's review of help plans: measures overdue at the re-assessment's date. */
export function OverdueMeasuresCard({ quarter }: { quarter: string }) {
  const { t, label, lang } = useI18n();
  const { data, error, loading } = useLoad(
    () => ok(client.GET('/api/reassessments/{quarter}/overdue-measures', { params: { path: { quarter } } })),
    [quarter],
  );
  return (
    <Card size="small" title={t('helpPlan.overdueTitle')} data-testid="overdue-measures">
      <ErrorAlert error={error} path="GET /api/reassessments/{quarter}/overdue-measures" />
      {data ? (
        <Typography.Paragraph>
          {t('helpPlan.overdueAsOf', { date: fmtDate(data.asOf, lang), files: data.files })}
        </Typography.Paragraph>
      ) : null}
      <Table<OverdueMeasure>
        size="small"
        rowKey="measureId"
        loading={loading}
        dataSource={data?.rows ?? []}
        pagination={{ pageSize: 20, hideOnSinglePage: true }}
        scroll={{ x: 'max-content' }}
        columns={[
          {
            title: t('task.file'),
            render: (_, r) => <Link to={`/files/${r.fileId}`}>{r.fileNo}</Link>,
          },
          { title: t('common.worker'), dataIndex: 'workerName' },
          { title: t('common.orgUnit'), dataIndex: 'orgUnitName' },
          { title: t('helpPlan.type'), render: (_, r) => label('measureType', r.type) },
          { title: t('helpPlan.target'), dataIndex: 'target' },
          { title: t('helpPlan.owner'), dataIndex: 'ownerName' },
          { title: t('helpPlan.dueOn'), render: (_, r) => fmtDate(r.dueOn, lang) },
          { title: t('helpPlan.daysOverdue'), dataIndex: 'daysOverdue' },
        ]}
      />
    </Card>
  );
}
