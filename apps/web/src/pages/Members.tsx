import { App as AntApp, Button, Card, Form, Input, Modal, Select, Space, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { Link, useNavigate } from 'react-router-dom';
import { client, ok } from '../api';
import type { WorkerView } from '../api/types';
import { useAuth } from '../auth';
import { ErrorAlert, PageTitle, StatusTag, useLoad } from '../components/common';
import { useI18n } from '../i18n';

type Dialog =
  | { kind: 'register' }
  | { kind: 'edit'; worker: WorkerView }
  | { kind: 'transfer'; worker: WorkerView }
  | { kind: 'status'; worker: WorkerView }
  | { kind: 'household'; worker: WorkerView }
  | null;

/** Members (职工): register, edit, transfer, left/retired, and the way to each household. */
export function MembersPage() {
  const { t, label } = useI18n();
  const { message } = AntApp.useApp();
  const { hasRole } = useAuth();
  const navigate = useNavigate();
  const workers = useLoad(() => ok(client.GET('/api/workers', { params: { query: { limit: 200 } } })), []);
  const units = useLoad(() => ok(client.GET('/api/org-units')), []);
  const policy = useLoad(() => ok(client.GET('/api/policy')), []);
  const [dialog, setDialog] = useState<Dialog>(null);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const [form] = Form.useForm();
  const activeUnits = (units.data?.items ?? []).filter((u) => u.active);
  const unitOptions = activeUnits.map((u) => ({ value: u.id, label: `${'　'.repeat(u.depth)}${u.nameZh}` }));
  const localities = (
    policy.data as { data?: { localities?: Array<{ code: string; nameZh: string }> } } | undefined
  )?.data?.localities;
  const canEdit = hasRole('caseworker', 'union_chair', 'admin');
  const required = (field: string) => [
    { required: true, whitespace: true, message: t('login.required', { field }) },
  ];

  const close = () => {
    setDialog(null);
    setError(null);
    form.resetFields();
  };

  const submit = async (v: Record<string, string>) => {
    if (!dialog) return;
    setBusy(true);
    setError(null);
    try {
      if (dialog.kind === 'register') {
        const w = await ok(
          client.POST('/api/workers', {
            body: {
              employeeNo: v.employeeNo!,
              name: v.name!,
              orgUnitId: v.orgUnitId!,
              nationalId: v.nationalId!,
              gender: (v.gender as 'male' | 'female' | undefined) || undefined,
            },
          }),
        );
        message.success(t('members.registered', { name: w.name }));
      } else if (dialog.kind === 'edit') {
        await ok(
          client.PATCH('/api/workers/{id}', {
            params: { path: { id: dialog.worker.id } },
            body: {
              name: v.name,
              employeeNo: v.employeeNo,
              gender: (v.gender as 'male' | 'female') || undefined,
              nationalId: v.nationalId?.trim() || undefined,
            },
          }),
        );
      } else if (dialog.kind === 'transfer') {
        await ok(
          client.POST('/api/workers/{id}/transfer', {
            params: { path: { id: dialog.worker.id } },
            body: { orgUnitId: v.orgUnitId!, reason: v.reason! },
          }),
        );
      } else if (dialog.kind === 'status') {
        await ok(
          client.POST('/api/workers/{id}/status', {
            params: { path: { id: dialog.worker.id } },
            body: { status: v.status as 'active' | 'left' | 'retired', reason: v.reason! },
          }),
        );
      } else if (dialog.kind === 'household') {
        const h = await ok(
          client.POST('/api/households', {
            body: { workerId: dialog.worker.id, localityCode: v.localityCode!, address: v.address! },
          }),
        );
        close();
        void navigate(`/households/${h.id}`);
        return;
      }
      close();
      message.success(t('common.success'));
      workers.reload();
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };

  const open = (d: NonNullable<Dialog>) => {
    setError(null);
    form.resetFields();
    if (d.kind === 'edit')
      form.setFieldsValue({ name: d.worker.name, employeeNo: d.worker.employeeNo, gender: d.worker.gender });
    if (d.kind === 'status') form.setFieldsValue({ status: d.worker.employmentStatus });
    setDialog(d);
  };

  const title = !dialog
    ? ''
    : dialog.kind === 'register'
      ? t('members.register')
      : dialog.kind === 'household'
        ? `${t('members.createHousehold')}：${dialog.worker.name}`
        : `${t(dialog.kind === 'status' ? 'members.setStatus' : `members.${dialog.kind}`)}：${dialog.worker.name}`;

  return (
    <div>
      <PageTitle
        extra={
          canEdit ? (
            <Button type="primary" onClick={() => open({ kind: 'register' })}>
              {t('members.register')}
            </Button>
          ) : null
        }
      >
        {t('members.title')}
      </PageTitle>
      <Typography.Paragraph type="secondary">{t('members.help')}</Typography.Paragraph>
      <ErrorAlert error={workers.error} />
      <Card>
        <Table<WorkerView>
          rowKey="id"
          loading={workers.loading}
          dataSource={workers.data?.items ?? []}
          pagination={{ pageSize: 20 }}
          columns={[
            { title: t('members.employeeNo'), dataIndex: 'employeeNo' },
            { title: t('members.name'), dataIndex: 'name' },
            { title: t('members.unit'), dataIndex: 'orgUnitName' },
            { title: t('members.nationalId'), dataIndex: 'nationalIdMasked' },
            {
              title: t('members.status'),
              dataIndex: 'employmentStatus',
              render: (s: string) => (
                <Tag color={s === 'active' ? 'green' : 'default'}>{label('members.status', s)}</Tag>
              ),
            },
            {
              title: t('common.status'),
              dataIndex: 'fileStatus',
              render: (s: string | null, w) =>
                w.fileId ? (
                  <Link to={`/files/${w.fileId}`}>
                    <StatusTag status={s ?? ''} />
                  </Link>
                ) : (
                  '—'
                ),
            },
            {
              title: t('members.household'),
              render: (_: unknown, w) =>
                w.householdId ? (
                  <Link to={`/households/${w.householdId}`}>{t('members.openHousehold')}</Link>
                ) : hasRole('caseworker') ? (
                  <Button size="small" onClick={() => open({ kind: 'household', worker: w })}>
                    {t('members.createHousehold')}
                  </Button>
                ) : (
                  '—'
                ),
            },
            {
              title: '',
              render: (_: unknown, w) =>
                canEdit ? (
                  <Space size="small" wrap>
                    <Button size="small" onClick={() => open({ kind: 'edit', worker: w })}>
                      {t('members.edit')}
                    </Button>
                    <Button size="small" onClick={() => open({ kind: 'transfer', worker: w })}>
                      {t('members.transfer')}
                    </Button>
                    <Button size="small" onClick={() => open({ kind: 'status', worker: w })}>
                      {t('members.setStatus')}
                    </Button>
                  </Space>
                ) : null,
            },
          ]}
        />
      </Card>
      <Modal
        open={dialog !== null}
        title={title}
        okText={t('common.submit')}
        confirmLoading={busy}
        onOk={() => form.submit()}
        onCancel={close}
        destroyOnHidden
      >
        <ErrorAlert error={error} />
        <Form form={form} layout="vertical" onFinish={(v) => void submit(v as Record<string, string>)}>
          {dialog?.kind === 'register' || dialog?.kind === 'edit' ? (
            <>
              <Form.Item
                label={t('members.employeeNo')}
                name="employeeNo"
                rules={required(t('members.employeeNo'))}
              >
                <Input maxLength={40} />
              </Form.Item>
              <Form.Item label={t('members.name')} name="name" rules={required(t('members.name'))}>
                <Input maxLength={50} />
              </Form.Item>
              <Form.Item label={t('members.gender')} name="gender">
                <Select
                  allowClear
                  options={['male', 'female'].map((g) => ({ value: g, label: label('members.gender', g) }))}
                />
              </Form.Item>
            </>
          ) : null}
          {dialog?.kind === 'edit' ? (
            <Form.Item label={t('members.nationalIdCorrect')} name="nationalId">
              <Input maxLength={30} autoComplete="off" />
            </Form.Item>
          ) : null}
          {dialog?.kind === 'register' ? (
            <>
              <Form.Item label={t('members.unit')} name="orgUnitId" rules={required(t('members.unit'))}>
                <Select showSearch={{ optionFilterProp: 'label' }} options={unitOptions} />
              </Form.Item>
              <Form.Item
                label={t('members.nationalId')}
                name="nationalId"
                rules={required(t('members.nationalId'))}
              >
                <Input maxLength={30} autoComplete="off" />
              </Form.Item>
            </>
          ) : null}
          {dialog?.kind === 'transfer' ? (
            <Form.Item label={t('members.newUnit')} name="orgUnitId" rules={required(t('members.newUnit'))}>
              <Select showSearch={{ optionFilterProp: 'label' }} options={unitOptions} />
            </Form.Item>
          ) : null}
          {dialog?.kind === 'status' ? (
            <Form.Item label={t('members.status')} name="status" rules={required(t('members.status'))}>
              <Select
                options={['active', 'left', 'retired'].map((s) => ({
                  value: s,
                  label: label('members.status', s),
                }))}
              />
            </Form.Item>
          ) : null}
          {dialog?.kind === 'transfer' || dialog?.kind === 'status' ? (
            <Form.Item label={t('members.reason')} name="reason" rules={required(t('members.reason'))}>
              <Input.TextArea rows={2} maxLength={500} />
            </Form.Item>
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
        </Form>
      </Modal>
    </div>
  );
}
