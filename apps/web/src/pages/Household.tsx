import {
  App as AntApp,
  Button,
  Card,
  Descriptions,
  Form,
  Input,
  InputNumber,
  Modal,
  Select,
  Space,
  Table,
  Tag,
  Typography,
} from 'antd';
import { useState } from 'react';
import { useParams } from 'react-router-dom';
import { client, ok } from '../api';
import type { CategoryPreview, HouseholdExpense, HouseholdIncome, HouseholdMember } from '../api/types';
import { useAuth } from '../auth';
import { ErrorAlert, PageTitle, useLoad } from '../components/common';
import { bilingual, parseYuan, yuan } from '../format';
import { useI18n } from '../i18n';

const RELATIONS = ['spouse', 'child', 'parent', 'sibling', 'grandparent', 'grandchild', 'other'] as const;
const EXPENSE_KINDS = ['medical', 'tuition', 'elder_care', 'hardship', 'other'] as const;

type Dialog =
  | { kind: 'member'; member?: HouseholdMember }
  | { kind: 'remove'; member: HouseholdMember }
  | { kind: 'income' }
  | { kind: 'expense' }
  | { kind: 'correct'; table: 'incomes' | 'expenses'; entry: HouseholdIncome | HouseholdExpense }
  | { kind: 'household' }
  | null;

/** The category the data gives today: window, per-capita income, 低保, rule, and missing evidence. */
export function CategoryPreviewCard({ preview }: { preview: CategoryPreview | undefined }) {
  const { t, lang, label } = useI18n();
  if (!preview) return null;
  return (
    <Card title={t('preview.title')} size="small" data-testid="category-preview">
      <Descriptions column={1} size="small" bordered>
        <Descriptions.Item label={t('preview.category')}>
          <Tag color={preview.category ? 'red' : 'default'} data-testid="preview-category">
            {preview.category ? label('category', preview.category) : t('preview.none')}
          </Tag>
        </Descriptions.Item>
        <Descriptions.Item label={t('preview.window', { from: preview.windowFrom, to: preview.windowTo })}>
          {yuan(preview.annualIncomeFen, lang)}
        </Descriptions.Item>
        <Descriptions.Item label={t('preview.rigid', { year: preview.expenseYear })}>
          {yuan(preview.annualRigidExpensesFen, lang)}
        </Descriptions.Item>
        <Descriptions.Item label={t('preview.members')}>{preview.members}</Descriptions.Item>
        <Descriptions.Item label={t('preview.perCapita')}>
          <span data-testid="preview-per-capita">{yuan(preview.perCapitaMonthlyFen, lang)}</span>
        </Descriptions.Item>
        <Descriptions.Item label={t('preview.dibao')}>
          {yuan(preview.dibaoFen, lang)}（{preview.localityCode}）
        </Descriptions.Item>
        <Descriptions.Item label={t('preview.rule')}>{bilingual(preview.reason, lang)}</Descriptions.Item>
      </Descriptions>
      {preview.evidenceGaps.length ? (
        <Typography.Paragraph type="warning" style={{ marginTop: 8 }} data-testid="preview-gaps">
          {preview.evidenceGaps.map((g) => t(`preview.gap.${g}`)).join('；')}。{t('preview.gapsHelp')}
        </Typography.Paragraph>
      ) : null}
    </Card>
  );
}

/** A household: members (the size follows), incomes and expenses with corrections, the category preview. */
export function HouseholdPage() {
  const { id = '' } = useParams();
  const { t, lang, label } = useI18n();
  const { message } = AntApp.useApp();
  const { hasRole } = useAuth();
  const canEdit = hasRole('caseworker');
  const household = useLoad(() => ok(client.GET('/api/households/{id}', { params: { path: { id } } })), [id]);
  const preview = useLoad(
    () => ok(client.GET('/api/households/{id}/category-preview', { params: { path: { id }, query: {} } })),
    [id],
  );
  const policy = useLoad(() => ok(client.GET('/api/policy')), []);
  const localities = (
    policy.data as { data?: { localities?: Array<{ code: string; nameZh: string }> } } | undefined
  )?.data?.localities;
  const [dialog, setDialog] = useState<Dialog>(null);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const [form] = Form.useForm();
  const h = household.data;
  const required = (field: string) => [{ required: true, message: t('login.required', { field }) }];

  const close = () => {
    setDialog(null);
    setError(null);
    form.resetFields();
  };
  const open = (d: NonNullable<Dialog>) => {
    setError(null);
    form.resetFields();
    if (d.kind === 'household' && h)
      form.setFieldsValue({ localityCode: h.localityCode, address: h.address });
    if (d.kind === 'member' && d.member) {
      form.setFieldsValue({
        relation: d.member.relation,
        birthYear: d.member.birthYear ?? undefined,
        workStatus: d.member.workStatus ?? '',
        schoolStatus: d.member.schoolStatus ?? '',
      });
    }
    setDialog(d);
  };

  const submit = async (v: Record<string, string | number | undefined>) => {
    if (!dialog) return;
    setBusy(true);
    setError(null);
    const text = (k: string) =>
      typeof v[k] === 'string' && (v[k] as string).trim() ? (v[k] as string) : undefined;
    try {
      if (dialog.kind === 'member' && dialog.member) {
        await ok(
          client.PATCH('/api/households/{id}/members/{memberId}', {
            params: { path: { id, memberId: dialog.member.id } },
            body: {
              relation: v.relation as (typeof RELATIONS)[number],
              birthYear: (v.birthYear as number | undefined) ?? undefined,
              health: text('health'),
              disability: text('disability'),
              workStatus: (v.workStatus as string | undefined) ?? undefined,
              schoolStatus: (v.schoolStatus as string | undefined) ?? undefined,
            },
          }),
        );
      } else if (dialog.kind === 'member') {
        await ok(
          client.POST('/api/households/{id}/members', {
            params: { path: { id } },
            body: {
              name: v.name as string,
              relation: v.relation as (typeof RELATIONS)[number],
              birthYear: (v.birthYear as number | undefined) ?? undefined,
              nationalId: text('nationalId'),
              health: text('health'),
              disability: text('disability'),
              workStatus: text('workStatus'),
              schoolStatus: text('schoolStatus'),
            },
          }),
        );
      } else if (dialog.kind === 'remove') {
        await ok(
          client.POST('/api/households/{id}/members/{memberId}/remove', {
            params: { path: { id, memberId: dialog.member.id } },
            body: { reason: v.reason as string },
          }),
        );
      } else if (dialog.kind === 'income') {
        await ok(
          client.POST('/api/households/{id}/incomes', {
            params: { path: { id } },
            body: {
              month: v.month as string,
              source: v.source as string,
              amountFen: parseYuan(v.amount as string)!,
            },
          }),
        );
      } else if (dialog.kind === 'expense') {
        await ok(
          client.POST('/api/households/{id}/expenses', {
            params: { path: { id } },
            body: {
              year: v.year as number,
              kind: v.kind as (typeof EXPENSE_KINDS)[number],
              amountFen: parseYuan(v.amount as string)!,
              note: text('note'),
            },
          }),
        );
      } else if (dialog.kind === 'household') {
        await ok(
          client.PATCH('/api/households/{id}', {
            params: { path: { id } },
            body: { localityCode: v.localityCode as string, address: v.address as string },
          }),
        );
      } else if (dialog.kind === 'correct') {
        const corrected = text('correctedAmount');
        const body = {
          reason: v.reason as string,
          correctedAmountFen: corrected === undefined ? undefined : parseYuan(corrected)!,
        };
        const path = { id, entryId: dialog.entry.id };
        if (dialog.table === 'incomes')
          await ok(
            client.POST('/api/households/{id}/incomes/{entryId}/reversal', { params: { path }, body }),
          );
        else
          await ok(
            client.POST('/api/households/{id}/expenses/{entryId}/reversal', { params: { path }, body }),
          );
      }
      close();
      message.success(t('common.saved'));
      household.reload();
      preview.reload();
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };

  const entryState = (e: HouseholdIncome | HouseholdExpense) =>
    e.reversesId ? (
      <Tag color="orange">
        {t('household.reversal')}：{e.reason}
      </Tag>
    ) : e.reversed ? (
      <Tag>{t('household.reversed')}</Tag>
    ) : null;
  const correctButton = (table: 'incomes' | 'expenses', e: HouseholdIncome | HouseholdExpense) =>
    canEdit && !e.reversesId && !e.reversed ? (
      <Button size="small" onClick={() => open({ kind: 'correct', table, entry: e })}>
        {t('household.correct')}
      </Button>
    ) : null;

  const dialogTitle = !dialog
    ? ''
    : dialog.kind === 'member'
      ? dialog.member
        ? `${t('members.edit')}：${dialog.member.nameMasked}`
        : t('household.addMember')
      : dialog.kind === 'remove'
        ? `${t('household.remove')}：${dialog.member.nameMasked}`
        : dialog.kind === 'income'
          ? t('household.addIncome')
          : dialog.kind === 'expense'
            ? t('household.addExpense')
            : dialog.kind === 'household'
              ? t('members.openHousehold')
              : t('household.correctTitle');

  return (
    <div>
      <PageTitle>{h ? t('household.title', { code: h.code }) : ''}</PageTitle>
      <ErrorAlert error={household.error ?? preview.error} />
      {h ? (
        <Space orientation="vertical" style={{ width: '100%' }} size="large">
          <Typography.Text strong data-testid="household-size">
            {t('household.size', { n: h.memberCount })}
          </Typography.Text>
          <Space>
            <Typography.Text type="secondary">
              {h.address}（{localities?.find((l) => l.code === h.localityCode)?.nameZh ?? h.localityCode}）
            </Typography.Text>
            {canEdit ? (
              <Button size="small" onClick={() => open({ kind: 'household' })}>
                {t('members.edit')}
              </Button>
            ) : null}
          </Space>
          <CategoryPreviewCard preview={preview.data} />
          <Card
            title={t('household.members')}
            extra={
              canEdit ? (
                <Button type="primary" onClick={() => open({ kind: 'member' })}>
                  {t('household.addMember')}
                </Button>
              ) : null
            }
          >
            <Table<HouseholdMember>
              rowKey="id"
              size="small"
              pagination={false}
              dataSource={h.members}
              rowClassName={(m) => (m.removedAt ? 'removed' : '')}
              columns={[
                { title: t('members.name'), dataIndex: 'nameMasked' },
                {
                  title: t('household.relation'),
                  dataIndex: 'relation',
                  render: (r: string) => label('relation', r),
                },
                { title: t('household.birthYear'), dataIndex: 'birthYear' },
                { title: t('members.nationalId'), dataIndex: 'nationalIdMasked' },
                {
                  title: t('household.health'),
                  dataIndex: 'healthRecorded',
                  render: (x: boolean) => (x ? t('household.recorded') : '—'),
                },
                {
                  title: t('household.disability'),
                  dataIndex: 'disabilityRecorded',
                  render: (x: boolean) => (x ? t('household.recorded') : '—'),
                },
                { title: t('household.workStatus'), dataIndex: 'workStatus' },
                { title: t('household.schoolStatus'), dataIndex: 'schoolStatus' },
                {
                  title: '',
                  render: (_: unknown, m) =>
                    m.removedAt ? (
                      <Tag>
                        {t('household.removed')}：{m.removalReason}
                      </Tag>
                    ) : canEdit ? (
                      <Space size="small">
                        <Button size="small" onClick={() => open({ kind: 'member', member: m })}>
                          {t('members.edit')}
                        </Button>
                        <Button size="small" danger onClick={() => open({ kind: 'remove', member: m })}>
                          {t('household.remove')}
                        </Button>
                      </Space>
                    ) : null,
                },
              ]}
            />
          </Card>
          <Card
            title={t('household.incomes')}
            extra={
              canEdit ? (
                <Button onClick={() => open({ kind: 'income' })}>{t('household.addIncome')}</Button>
              ) : null
            }
          >
            <Table<HouseholdIncome>
              rowKey="id"
              size="small"
              pagination={{ pageSize: 24, hideOnSinglePage: true }}
              dataSource={h.incomes}
              columns={[
                { title: t('household.month'), dataIndex: 'month' },
                { title: t('household.source'), dataIndex: 'source' },
                {
                  title: t('household.amount'),
                  dataIndex: 'amountFen',
                  render: (f: number) => yuan(f, lang),
                },
                { title: '', render: (_: unknown, e) => entryState(e) },
                { title: '', render: (_: unknown, e) => correctButton('incomes', e) },
              ]}
            />
          </Card>
          <Card
            title={t('household.expenses')}
            extra={
              canEdit ? (
                <Button onClick={() => open({ kind: 'expense' })}>{t('household.addExpense')}</Button>
              ) : null
            }
          >
            <Table<HouseholdExpense>
              rowKey="id"
              size="small"
              pagination={false}
              dataSource={h.expenses}
              data-testid="expenses"
              columns={[
                { title: t('household.year'), dataIndex: 'year' },
                { title: t('household.kind'), dataIndex: 'kind', render: (k: string) => label('expense', k) },
                {
                  title: t('household.amount'),
                  dataIndex: 'amountFen',
                  render: (f: number) => yuan(f, lang),
                },
                { title: t('household.note'), dataIndex: 'note' },
                { title: '', render: (_: unknown, e) => entryState(e) },
                { title: '', render: (_: unknown, e) => correctButton('expenses', e) },
              ]}
            />
          </Card>
        </Space>
      ) : (
        <Card loading={household.loading} />
      )}
      <Modal
        open={dialog !== null}
        title={dialogTitle}
        okText={t('common.submit')}
        confirmLoading={busy}
        onOk={() => form.submit()}
        onCancel={close}
        destroyOnHidden
      >
        <ErrorAlert error={error} />
        <Form
          form={form}
          layout="vertical"
          onFinish={(v) => void submit(v as Record<string, string | number>)}
        >
          {dialog?.kind === 'member' ? (
            <>
              {dialog.member ? null : (
                <Form.Item label={t('members.name')} name="name" rules={required(t('members.name'))}>
                  <Input maxLength={50} />
                </Form.Item>
              )}
              <Form.Item
                label={t('household.relation')}
                name="relation"
                rules={required(t('household.relation'))}
              >
                <Select options={RELATIONS.map((r) => ({ value: r, label: label('relation', r) }))} />
              </Form.Item>
              <Form.Item label={t('household.birthYear')} name="birthYear">
                <InputNumber min={1900} max={2100} precision={0} style={{ width: '100%' }} />
              </Form.Item>
              {dialog.member ? null : (
                <Form.Item label={t('members.nationalId')} name="nationalId">
                  <Input maxLength={30} autoComplete="off" />
                </Form.Item>
              )}
              <Form.Item label={t('household.health')} name="health">
                <Input.TextArea rows={2} maxLength={2000} />
              </Form.Item>
              <Form.Item label={t('household.disability')} name="disability">
                <Input maxLength={2000} />
              </Form.Item>
              <Form.Item label={t('household.workStatus')} name="workStatus">
                <Input maxLength={100} />
              </Form.Item>
              <Form.Item label={t('household.schoolStatus')} name="schoolStatus">
                <Input maxLength={100} />
              </Form.Item>
            </>
          ) : null}
          {dialog?.kind === 'household' ? (
            <>
              <Form.Item
                label={t('members.locality')}
                name="localityCode"
                rules={required(t('members.locality'))}
              >
                <Select
                  options={(localities ?? []).map((l) => ({
                    value: l.code,
                    label: `${l.nameZh}（${l.code}）`,
                  }))}
                />
              </Form.Item>
              <Form.Item label={t('members.address')} name="address" rules={required(t('members.address'))}>
                <Input maxLength={500} />
              </Form.Item>
            </>
          ) : null}
          {dialog?.kind === 'remove' || dialog?.kind === 'correct' ? (
            <Form.Item
              label={t('members.reason')}
              name="reason"
              rules={[...required(t('members.reason')), { whitespace: true }]}
            >
              <Input.TextArea rows={2} maxLength={500} />
            </Form.Item>
          ) : null}
          {dialog?.kind === 'correct' ? (
            <>
              <Typography.Paragraph type="secondary">
                {'month' in dialog.entry ? dialog.entry.month : dialog.entry.year} ·{' '}
                {'source' in dialog.entry ? dialog.entry.source : label('expense', dialog.entry.kind)} ·{' '}
                {yuan(dialog.entry.amountFen, lang)}
              </Typography.Paragraph>
              <Form.Item label={t('household.correctedAmount')} name="correctedAmount">
                <Input inputMode="decimal" />
              </Form.Item>
            </>
          ) : null}
          {dialog?.kind === 'income' ? (
            <>
              <Form.Item
                label={t('household.month')}
                name="month"
                rules={[
                  ...required(t('household.month')),
                  { pattern: /^\d{4}-(0[1-9]|1[0-2])$/, message: 'YYYY-MM' },
                ]}
              >
                <Input placeholder="2026-10" maxLength={7} />
              </Form.Item>
              <Form.Item label={t('household.source')} name="source" rules={required(t('household.source'))}>
                <Input maxLength={50} />
              </Form.Item>
            </>
          ) : null}
          {dialog?.kind === 'expense' ? (
            <>
              <Form.Item label={t('household.year')} name="year" rules={required(t('household.year'))}>
                <InputNumber min={2000} max={2100} precision={0} style={{ width: '100%' }} />
              </Form.Item>
              <Form.Item label={t('household.kind')} name="kind" rules={required(t('household.kind'))}>
                <Select options={EXPENSE_KINDS.map((k) => ({ value: k, label: label('expense', k) }))} />
              </Form.Item>
              <Form.Item label={t('household.note')} name="note">
                <Input maxLength={500} />
              </Form.Item>
            </>
          ) : null}
          {dialog?.kind === 'income' || dialog?.kind === 'expense' ? (
            <Form.Item
              label={t('household.amount')}
              name="amount"
              rules={[
                ...required(t('household.amount')),
                {
                  validator: (_: unknown, x: string) =>
                    parseYuan(x) === null
                      ? Promise.reject(new Error(t('household.amount')))
                      : Promise.resolve(),
                },
              ]}
            >
              <Input inputMode="decimal" />
            </Form.Item>
          ) : null}
        </Form>
      </Modal>
    </div>
  );
}
