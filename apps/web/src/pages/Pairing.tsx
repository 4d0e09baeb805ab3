import {
  Alert,
  Button,
  Card,
  DatePicker,
  Descriptions,
  Form,
  Input,
  List,
  Modal,
  Progress,
  Segmented,
  Select,
  Space,
  Table,
  Tabs,
  Tag,
  Typography,
} from 'antd';
import dayjs, { Dayjs } from 'dayjs';
import { useState } from 'react';
import { Link } from 'react-router-dom';
import { client, ok } from '../api';
import type { components } from '../api/schema';
import { useAuth } from '../auth';
import { ErrorAlert, PageTitle, useLoad } from '../components/common';
import { fmtDate, pickerFormat } from '../format';
import { useI18n } from '../i18n';

type PairingView = components['schemas']['PairingViewDto'];
type PairingVisit = components['schemas']['PairingVisitDto'];
type CoverageUnit = components['schemas']['PairingCoverageUnitDto'];

const ASSIGN_ROLES = ['admin', 'union_chair', 'branch_chair'];
const COVERAGE_ROLES = ['admin', 'union_chair', 'branch_chair', 'auditor'];
const FORMS = ['home', 'phone', 'hospital'] as const;
const STATE_COLOR: Record<string, string> = {
  on_time: 'green',
  due_soon: 'gold',
  overdue: 'orange',
  escalated: 'red',
};

/** The visit state of a pairing as a coloured tag (按时 / 即将到期 / 逾期 / 已上报). */
export function VisitStateTag({ state }: { state: string | null | undefined }) {
  const { label } = useI18n();
  if (!state) return null;
  return (
    <Tag color={STATE_COLOR[state]} data-testid="visit-state">
      {label('pairing.state', state)}
    </Tag>
  );
}

interface VisitValues {
  visitedOn: Dayjs;
  form: (typeof FORMS)[number];
  findings: string;
  helpGiven?: string;
}

/** The leader logs a visit: date, form, what was found, help given (a phone screen fits it). */
function VisitForm({
  pairing,
  onDone,
  onCancel,
}: {
  pairing: PairingView;
  onDone: () => void;
  onCancel: () => void;
}) {
  const { t, lang } = useI18n();
  const [form] = Form.useForm<VisitValues>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const submit = async (v: VisitValues) => {
    setBusy(true);
    setError(null);
    try {
      await ok(
        client.POST('/api/pairings/{id}/visits', {
          params: { path: { id: pairing.id } },
          body: {
            visitedOn: v.visitedOn.format('YYYY-MM-DD'),
            form: v.form,
            findings: v.findings,
            helpGiven: v.helpGiven?.trim() || null,
          },
        }),
      );
      onDone();
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Modal
      open
      title={`${t('pairing.logVisit')} · ${pairing.householdCode}`}
      onCancel={onCancel}
      footer={null}
      width="min(560px, 100vw)"
      style={{ top: 12, maxWidth: '100vw', paddingInline: 0 }}
      destroyOnHidden
    >
      <ErrorAlert error={error} path="POST /api/pairings/{id}/visits" />
      <Form<VisitValues>
        form={form}
        layout="vertical"
        initialValues={{ visitedOn: dayjs(), form: 'home' }}
        onFinish={(v) => void submit(v)}
      >
        <Form.Item label={t('pairing.visitedOn')} name="visitedOn" rules={[{ required: true }]}>
          <DatePicker
            format={pickerFormat(lang)}
            inputReadOnly
            style={{ width: '100%' }}
            disabledDate={(d) => d.isAfter(dayjs(), 'day') || d.isBefore(dayjs(pairing.startDate), 'day')}
          />
        </Form.Item>
        <Form.Item label={t('pairing.form')} name="form" rules={[{ required: true }]}>
          <Segmented block options={FORMS.map((f) => ({ value: f, label: t(`pairing.form.${f}`) }))} />
        </Form.Item>
        <Form.Item
          label={t('pairing.findings')}
          name="findings"
          extra={t('pairing.encrypted')}
          rules={[
            {
              required: true,
              whitespace: true,
              message: t('login.required', { field: t('pairing.findings') }),
            },
          ]}
        >
          <Input.TextArea rows={3} maxLength={2000} />
        </Form.Item>
        <Form.Item label={t('pairing.helpGiven')} name="helpGiven">
          <Input.TextArea rows={2} maxLength={2000} />
        </Form.Item>
        <Button type="primary" htmlType="submit" block loading={busy} size="large">
          {t('pairing.saveVisit')}
        </Button>
      </Form>
    </Modal>
  );
}

/** A pairing's visit logs (a sensitive read: the API audits it). */
function Visits({ pairingId }: { pairingId: string }) {
  const { t, lang } = useI18n();
  const visits = useLoad(
    () => ok(client.GET('/api/pairings/{id}/visits', { params: { path: { id: pairingId } } })),
    [pairingId],
  );
  return (
    <>
      <ErrorAlert error={visits.error} />
      <List<PairingVisit>
        size="small"
        loading={visits.loading}
        dataSource={visits.data?.items ?? []}
        locale={{ emptyText: t('pairing.noVisits') }}
        renderItem={(v) => (
          <List.Item data-testid="visit-row">
            <Space direction="vertical" size={2} style={{ minWidth: 0 }}>
              <Typography.Text strong>
                {fmtDate(v.visitedOn, lang)} · {t(`pairing.form.${v.form}`)} · {v.loggedByName}
              </Typography.Text>
              <Typography.Text style={{ overflowWrap: 'anywhere' }}>{v.findings}</Typography.Text>
              {v.helpGiven ? (
                <Typography.Text type="secondary" style={{ overflowWrap: 'anywhere' }}>
                  {t('pairing.helpGiven')}: {v.helpGiven}
                </Typography.Text>
              ) : null}
            </Space>
          </List.Item>
        )}
      />
    </>
  );
}

/** 我的结对: the caller's pairings as a leader, next due date first, with the visit form. */
function MyPairings() {
  const { t, lang, label } = useI18n();
  const mine = useLoad(() => ok(client.GET('/api/pairings/mine')), []);
  const [visiting, setVisiting] = useState<PairingView | null>(null);
  const [open, setOpen] = useState<string | null>(null);
  const [saved, setSaved] = useState<string | null>(null);
  return (
    <>
      <ErrorAlert error={mine.error} path="GET /api/pairings/mine" />
      {saved ? (
        <Alert type="success" showIcon title={saved} style={{ marginBottom: 12 }} role="status" />
      ) : null}
      <List<PairingView>
        loading={mine.loading}
        dataSource={mine.data?.items ?? []}
        locale={{ emptyText: t('pairing.noneMine') }}
        renderItem={(p) => (
          <List.Item key={p.id} data-testid="my-pairing" style={{ display: 'block' }}>
            <Card size="small" style={{ width: '100%' }}>
              <Space direction="vertical" style={{ width: '100%' }} size={6}>
                <Space wrap>
                  <Typography.Text strong>
                    {p.householdCode} {p.workerNames.join('、')}
                  </Typography.Text>
                  <VisitStateTag state={p.state} />
                </Space>
                <Descriptions size="small" column={1}>
                  <Descriptions.Item label={t('pairing.unit')}>{p.orgUnitName}</Descriptions.Item>
                  <Descriptions.Item label={t('pairing.category')}>
                    {p.categories.map((c) => label('category', c)).join('、') || '—'}
                  </Descriptions.Item>
                  <Descriptions.Item label={t('pairing.nextDue')}>
                    <span data-testid="next-due">{fmtDate(p.nextDueOn, lang)}</span>
                  </Descriptions.Item>
                  <Descriptions.Item label={t('pairing.lastVisit')}>
                    {fmtDate(p.lastVisitOn, lang)}
                  </Descriptions.Item>
                </Descriptions>
                <Space wrap>
                  <Button type="primary" onClick={() => setVisiting(p)} disabled={p.status !== 'live'}>
                    {t('pairing.logVisit')}
                  </Button>
                  <Button onClick={() => setOpen(open === p.id ? null : p.id)}>
                    {t('pairing.visits')} ({p.visits})
                  </Button>
                </Space>
                {open === p.id ? <Visits pairingId={p.id} /> : null}
              </Space>
            </Card>
          </List.Item>
        )}
      />
      {visiting ? (
        <VisitForm
          pairing={visiting}
          onCancel={() => setVisiting(null)}
          onDone={() => {
            setSaved(t('pairing.visitSaved', { household: visiting.householdCode }));
            setOpen(visiting.id);
            setVisiting(null);
            mine.reload();
          }}
        />
      ) : null}
    </>
  );
}

interface AssignValues {
  householdId: string;
  leaderId: string;
  startDate: Dayjs;
  endDate?: Dayjs | null;
}

/** 结对管理: pairings of my subtree, the assign form, ending a pairing. */
function ManagePairings() {
  const { t, lang } = useI18n();
  const [form] = Form.useForm<AssignValues>();
  const list = useLoad(() => ok(client.GET('/api/pairings')), []);
  const options = useLoad(() => ok(client.GET('/api/pairings/options')), []);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const assign = async (v: AssignValues) => {
    setBusy(true);
    setError(null);
    try {
      await ok(
        client.POST('/api/pairings', {
          body: {
            householdId: v.householdId,
            leaderId: v.leaderId,
            startDate: v.startDate.format('YYYY-MM-DD'),
            endDate: v.endDate ? v.endDate.format('YYYY-MM-DD') : null,
          },
        }),
      );
      form.resetFields(['householdId', 'leaderId', 'endDate']);
      list.reload();
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };
  const end = async (p: PairingView) => {
    setError(null);
    try {
      await ok(
        client.POST('/api/pairings/{id}/end', {
          params: { path: { id: p.id } },
          body: { reason: t('pairing.endedByChair') },
        }),
      );
      list.reload();
    } catch (e) {
      setError(e);
    }
  };
  return (
    <>
      <Card size="small" title={t('pairing.assign')} style={{ marginBottom: 16 }}>
        <ErrorAlert error={error ?? options.error} path="GET /api/pairings/options" />
        <Form<AssignValues>
          form={form}
          layout="vertical"
          initialValues={{ startDate: dayjs() }}
          onFinish={(v) => void assign(v)}
        >
          <Form.Item label={t('pairing.household')} name="householdId" rules={[{ required: true }]}>
            <Select
              showSearch
              optionFilterProp="label"
              data-testid="assign-household"
              options={(options.data?.households ?? []).map((h) => ({
                value: h.id,
                label: `${h.code} ${h.workerNames.join('、')}（${h.orgUnitName}）`,
              }))}
            />
          </Form.Item>
          <Form.Item label={t('pairing.leader')} name="leaderId" rules={[{ required: true }]}>
            <Select
              showSearch
              optionFilterProp="label"
              data-testid="assign-leader"
              options={(options.data?.leaders ?? []).map((u) => ({
                value: u.id,
                label: `${u.displayName}（${u.orgUnitName}）`,
              }))}
            />
          </Form.Item>
          <Space wrap>
            <Form.Item label={t('pairing.startDate')} name="startDate" rules={[{ required: true }]}>
              <DatePicker format={pickerFormat(lang)} inputReadOnly />
            </Form.Item>
            <Form.Item label={t('pairing.endDate')} name="endDate">
              <DatePicker format={pickerFormat(lang)} inputReadOnly allowClear />
            </Form.Item>
          </Space>
          <Button type="primary" htmlType="submit" loading={busy}>
            {t('pairing.assignButton')}
          </Button>
        </Form>
      </Card>
      <ErrorAlert error={list.error} path="GET /api/pairings" />
      <Table<PairingView>
        rowKey="id"
        size="small"
        loading={list.loading}
        dataSource={list.data?.items ?? []}
        scroll={{ x: 'max-content' }}
        pagination={{ pageSize: 20, hideOnSinglePage: true }}
        columns={[
          {
            title: t('pairing.household'),
            key: 'h',
            render: (_, p) => `${p.householdCode} ${p.workerNames.join('、')}`,
          },
          { title: t('pairing.unit'), dataIndex: 'orgUnitName' },
          { title: t('pairing.leader'), dataIndex: 'leaderName' },
          {
            title: t('pairing.period'),
            key: 'period',
            render: (_, p) => `${fmtDate(p.startDate, lang)} – ${p.endDate ? fmtDate(p.endDate, lang) : '…'}`,
          },
          {
            title: t('pairing.nextDue'),
            dataIndex: 'nextDueOn',
            render: (v: string | null) => fmtDate(v, lang),
          },
          { title: t('common.status'), key: 's', render: (_, p) => <VisitStateTag state={p.state} /> },
          {
            title: '',
            key: 'end',
            render: (_, p) =>
              p.status !== 'ended' ? (
                <Button size="small" danger onClick={() => void end(p)}>
                  {t('pairing.end')}
                </Button>
              ) : null,
          },
        ]}
      />
    </>
  );
}

/** Coverage per unit: households paired, visited on time, overdue, escalated. */
function Coverage() {
  const { t, lang } = useI18n();
  const cov = useLoad(() => ok(client.GET('/api/pairings/coverage')), []);
  const total = cov.data?.total;
  const pct = (n: number, of: number) => (of === 0 ? 0 : Math.round((n / of) * 100));
  const name = (u: CoverageUnit) => (lang === 'zh' ? u.orgUnitName : u.orgUnitNameEn);
  return (
    <>
      <ErrorAlert error={cov.error} path="GET /api/pairings/coverage" />
      {total ? (
        <Space wrap style={{ marginBottom: 16 }} data-testid="coverage-total">
          <Progress type="circle" size={88} percent={pct(total.onTime, total.households)} />
          <Descriptions size="small" column={1}>
            <Descriptions.Item label={t('pairing.households')}>{total.households}</Descriptions.Item>
            <Descriptions.Item label={t('pairing.onTime')}>{total.onTime}</Descriptions.Item>
            <Descriptions.Item label={t('pairing.overdue')}>{total.overdue}</Descriptions.Item>
            <Descriptions.Item label={t('pairing.escalated')}>{total.escalated}</Descriptions.Item>
          </Descriptions>
        </Space>
      ) : null}
      <Table<CoverageUnit>
        rowKey="orgUnitId"
        size="small"
        loading={cov.loading}
        dataSource={cov.data?.units ?? []}
        scroll={{ x: 'max-content' }}
        pagination={false}
        columns={[
          { title: t('pairing.unit'), key: 'u', render: (_, u) => name(u) },
          { title: t('pairing.households'), dataIndex: 'households' },
          { title: t('pairing.onTime'), dataIndex: 'onTime' },
          { title: t('pairing.overdue'), dataIndex: 'overdue' },
          { title: t('pairing.escalated'), dataIndex: 'escalated' },
          {
            title: t('pairing.onTimeRate'),
            key: 'r',
            render: (_, u) => (
              <Progress percent={pct(u.onTime, u.households)} size="small" style={{ width: 120 }} />
            ),
          },
        ]}
      />
      {cov.data ? (
        <Typography.Paragraph type="secondary" style={{ marginTop: 8 }}>
          {t('pairing.coverageNote', {
            today: fmtDate(cov.data.today, lang),
            grace: cov.data.escalationGraceDays,
          })}
        </Typography.Paragraph>
      ) : null}
    </>
  );
}

/** 结对帮扶: my pairings (log a visit), pairing management, coverage per unit. */
export function PairingPage() {
  const { t } = useI18n();
  const { hasRole } = useAuth();
  const tabs = [
    { key: 'mine', label: t('pairing.mine'), children: <MyPairings /> },
    hasRole(...ASSIGN_ROLES)
      ? { key: 'manage', label: t('pairing.manage'), children: <ManagePairings /> }
      : null,
    hasRole(...COVERAGE_ROLES)
      ? { key: 'coverage', label: t('pairing.coverage'), children: <Coverage /> }
      : null,
  ].filter((x): x is NonNullable<typeof x> => x !== null);
  return (
    <div>
      <PageTitle>{t('pairing.title')}</PageTitle>
      <Card>
        <Tabs items={tabs} destroyOnHidden />
      </Card>
    </div>
  );
}

/** On the inbox: my pairings whose visit is due soon or overdue (我的结对), linking to the pairing page. */
export function DueVisitsCard() {
  const { t, lang } = useI18n();
  const mine = useLoad(() => ok(client.GET('/api/pairings/mine')).catch(() => ({ items: [] })), []);
  const due = (mine.data?.items ?? []).filter((p) => p.state && p.state !== 'on_time');
  if (due.length === 0) return null;
  return (
    <Card size="small" title={t('pairing.dueVisits')} style={{ marginBottom: 16 }} data-testid="due-visits">
      <List<PairingView>
        size="small"
        dataSource={due}
        renderItem={(p) => (
          <List.Item>
            <Space wrap>
              <Link to="/pairing">
                {p.householdCode} {p.workerNames.join('、')}
              </Link>
              <span>
                {t('pairing.nextDue')}: {fmtDate(p.nextDueOn, lang)}
              </span>
              <VisitStateTag state={p.state} />
            </Space>
          </List.Item>
        )}
      />
    </Card>
  );
}
