import { App, Button, Form, Input, Modal, Select, Space, Table, Tag } from 'antd';
import { useState } from 'react';
import { client, ok } from '../api';
import type { AssignableUnit, UserView } from '../api/types';
import { useAuth } from '../auth';
import { ErrorAlert, PageTitle, useLoad } from '../components/common';
import { fmtDateTime } from '../format';
import { useI18n } from '../i18n';

const ROLES = ['caseworker', 'branch_chair', 'union_chair', 'leader', 'finance', 'auditor', 'admin'] as const;
type Role = (typeof ROLES)[number];

interface UserForm {
  username: string;
  displayName: string;
  password: string;
  orgUnitId: string;
  roles: Role[];
  /** roles in other units (a chair of one plant who is also a caseworker of another) */
  extra?: Array<{ orgUnitId?: string; role?: Role }>;
}

/** The roles at the primary unit plus the extra grants, as the API's `grants`. */
function grantsOf(v: UserForm): Array<{ role: Role; orgUnitId: string }> {
  const out = v.roles.map((role) => ({ role, orgUnitId: v.orgUnitId }));
  for (const g of v.extra ?? [])
    if (g.role && g.orgUnitId) out.push({ role: g.role, orgUnitId: g.orgUnitId });
  return out;
}

type Dialog =
  | { kind: 'create' }
  | { kind: 'edit'; user: UserView }
  | { kind: 'disable'; user: UserView }
  | { kind: 'reset'; user: UserView }
  | null;

/** Accounts (admin; a union chair for their own subtree): create, edit roles and unit, disable, reset, unlock. */
export function UsersPage() {
  const { t, lang, label } = useI18n();
  const { hasRole } = useAuth();
  const { message } = App.useApp();
  const [q, setQ] = useState('');
  const [dialog, setDialog] = useState<Dialog>(null);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const [form] = Form.useForm();
  const users = useLoad(
    () => ok(client.GET('/api/users', { params: { query: { q: q || undefined, limit: 200 } } })),
    [q],
  );
  const units = useLoad(() => ok(client.GET('/api/users/assignable-units')), []);
  const roles = hasRole('admin') ? ROLES : ROLES.filter((r) => r !== 'admin' && r !== 'auditor');
  const unitName = (u: AssignableUnit) => (lang === 'zh' ? u.nameZh : u.nameEn);
  const unitOptions = (units.data ?? []).map((u) => ({
    value: u.id,
    label: `${'　'.repeat(u.depth)}${unitName(u)}`,
  }));
  const unitNames = new Map((units.data ?? []).map((u) => [u.id, unitName(u)]));

  const act = async (work: () => Promise<unknown>, done?: string) => {
    setBusy(true);
    setError(null);
    try {
      await work();
      setDialog(null);
      form.resetFields();
      users.reload();
      if (done) void message.success(done);
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };
  const path = (id: string) => ({ params: { path: { id } } });

  const submit = (v: UserForm & { reason?: string }) => {
    if (!dialog) return;
    if (dialog.kind === 'create') {
      void act(
        () =>
          ok(
            client.POST('/api/users', {
              body: {
                username: v.username,
                displayName: v.displayName,
                password: v.password,
                orgUnitId: v.orgUnitId,
                grants: grantsOf(v),
              },
            }),
          ),
        t('users.created'),
      );
    } else if (dialog.kind === 'edit') {
      void act(
        () =>
          ok(
            client.PATCH('/api/users/{id}', {
              ...path(dialog.user.id),
              body: { displayName: v.displayName, orgUnitId: v.orgUnitId, grants: grantsOf(v) },
            }),
          ),
        t('common.saved'),
      );
    } else if (dialog.kind === 'disable') {
      void act(() =>
        ok(client.POST('/api/users/{id}/disable', { ...path(dialog.user.id), body: { reason: v.reason! } })),
      );
    } else if (dialog.kind === 'reset') {
      void act(
        () =>
          ok(
            client.POST('/api/users/{id}/reset-password', {
              ...path(dialog.user.id),
              body: { password: v.password },
            }),
          ),
        t('common.success'),
      );
    }
  };

  const open = (d: NonNullable<Dialog>) => {
    setError(null);
    form.resetFields();
    if (d.kind === 'edit')
      form.setFieldsValue({
        displayName: d.user.displayName,
        orgUnitId: d.user.orgUnitId,
        roles: d.user.roles,
      });
    setDialog(d);
  };

  const title =
    dialog?.kind === 'create'
      ? t('users.new')
      : dialog?.kind === 'edit'
        ? `${t('users.edit')} · ${dialog.user.username}`
        : dialog?.kind === 'disable'
          ? `${t('users.disable')} · ${dialog.user.username}`
          : dialog?.kind === 'reset'
            ? `${t('users.reset')} · ${dialog.user.username}`
            : '';

  return (
    <>
      <PageTitle
        extra={
          <Button type="primary" onClick={() => open({ kind: 'create' })}>
            {t('users.new')}
          </Button>
        }
      >
        {t('users.title')}
      </PageTitle>
      <Space style={{ marginBottom: 16 }}>
        <Input.Search
          aria-label={t('users.search')}
          placeholder={t('users.search')}
          allowClear
          onSearch={(v) => setQ(v.trim())}
          style={{ width: 280 }}
        />
      </Space>
      <ErrorAlert error={users.error ?? (dialog ? null : error)} />
      <Table<UserView>
        rowKey="id"
        loading={users.loading}
        dataSource={users.data?.items ?? []}
        pagination={{ pageSize: 50, hideOnSinglePage: true }}
        columns={[
          { title: t('users.username'), dataIndex: 'username' },
          { title: t('users.displayName'), dataIndex: 'displayName' },
          { title: t('users.orgUnit'), dataIndex: 'orgUnitName' },
          {
            title: t('users.roles'),
            render: (_, u) => (
              <Space size={[4, 4]} wrap>
                {u.grants.map((g) => (
                  <Tag key={`${g.role}-${g.orgUnitId}`} color="blue">
                    {label('role', g.role)}
                    {g.orgUnitId !== u.orgUnitId ? ` @ ${unitNames.get(g.orgUnitId) ?? '…'}` : ''}
                  </Tag>
                ))}
              </Space>
            ),
          },
          {
            title: t('users.status'),
            render: (_, u) => (
              <Space size={[4, 4]} wrap>
                {u.active ? <Tag color="green">{t('users.active')}</Tag> : <Tag>{t('users.disabled')}</Tag>}
                {u.locked ? <Tag color="red">{t('users.locked')}</Tag> : null}
                {u.mustChangePassword ? <Tag color="orange">{t('users.mustChange')}</Tag> : null}
              </Space>
            ),
          },
          { title: t('users.updatedAt'), render: (_, u) => fmtDateTime(u.updatedAt, lang) },
          {
            title: t('users.actions'),
            render: (_, u) => (
              <Space size={4} wrap>
                <Button size="small" onClick={() => open({ kind: 'edit', user: u })}>
                  {t('users.edit')}
                </Button>
                <Button size="small" onClick={() => open({ kind: 'reset', user: u })}>
                  {t('users.reset')}
                </Button>
                {u.locked ? (
                  <Button
                    size="small"
                    onClick={() =>
                      void act(
                        () => ok(client.POST('/api/users/{id}/unlock', path(u.id))),
                        t('common.success'),
                      )
                    }
                  >
                    {t('users.unlock')}
                  </Button>
                ) : null}
                {u.active ? (
                  <Button size="small" danger onClick={() => open({ kind: 'disable', user: u })}>
                    {t('users.disable')}
                  </Button>
                ) : (
                  <Button
                    size="small"
                    onClick={() =>
                      void act(
                        () => ok(client.POST('/api/users/{id}/enable', path(u.id))),
                        t('common.success'),
                      )
                    }
                  >
                    {t('users.enable')}
                  </Button>
                )}
              </Space>
            ),
          },
        ]}
      />
      <Modal
        open={!!dialog}
        title={title}
        onCancel={() => setDialog(null)}
        onOk={() => form.submit()}
        okText={t('common.save')}
        cancelText={t('common.cancel')}
        confirmLoading={busy}
        destroyOnHidden
      >
        <ErrorAlert error={error} />
        <Form form={form} layout="vertical" onFinish={submit} requiredMark={false} preserve={false}>
          {dialog?.kind === 'create' ? (
            <Form.Item label={t('users.username')} name="username" rules={[{ required: true }]}>
              <Input autoComplete="off" />
            </Form.Item>
          ) : null}
          {dialog?.kind === 'create' || dialog?.kind === 'edit' ? (
            <>
              <Form.Item label={t('users.displayName')} name="displayName" rules={[{ required: true }]}>
                <Input />
              </Form.Item>
              <Form.Item label={t('users.orgUnit')} name="orgUnitId" rules={[{ required: true }]}>
                <Select
                  showSearch
                  optionFilterProp="label"
                  aria-label={t('users.orgUnit')}
                  options={unitOptions}
                />
              </Form.Item>
              <Form.Item label={t('users.roles')} name="roles" rules={[{ required: true }]}>
                <Select
                  mode="multiple"
                  aria-label={t('users.roles')}
                  options={roles.map((r) => ({ value: r, label: label('role', r) }))}
                />
              </Form.Item>
              <Form.List name="extra">
                {(fields, { add, remove }) => (
                  <Form.Item label={t('users.extraGrants')} extra={t('users.extraHint')}>
                    <Space orientation="vertical" style={{ width: '100%' }}>
                      {fields.map((f, i) => (
                        <Space key={f.key} align="start">
                          <Form.Item name={[f.name, 'orgUnitId']} rules={[{ required: true }]} noStyle>
                            <Select
                              showSearch
                              optionFilterProp="label"
                              aria-label={`${t('users.orgUnit')} ${i + 1}`}
                              style={{ width: 220 }}
                              options={unitOptions}
                            />
                          </Form.Item>
                          <Form.Item name={[f.name, 'role']} rules={[{ required: true }]} noStyle>
                            <Select
                              aria-label={`${t('users.roles')} ${i + 1}`}
                              style={{ width: 160 }}
                              options={roles.map((r) => ({ value: r, label: label('role', r) }))}
                            />
                          </Form.Item>
                          <Button onClick={() => remove(f.name)}>{t('users.removeGrant')}</Button>
                        </Space>
                      ))}
                      <Button type="dashed" onClick={() => add()}>
                        {t('users.addGrant')}
                      </Button>
                    </Space>
                  </Form.Item>
                )}
              </Form.List>
            </>
          ) : null}
          {dialog?.kind === 'create' || dialog?.kind === 'reset' ? (
            <Form.Item
              label={dialog.kind === 'create' ? t('users.password') : t('users.tempPassword')}
              name="password"
              rules={[{ required: true }]}
              extra={t('pw.rules')}
            >
              <Input.Password autoComplete="new-password" />
            </Form.Item>
          ) : null}
          {dialog?.kind === 'disable' ? (
            <Form.Item label={t('users.reason')} name="reason" rules={[{ required: true }]}>
              <Input.TextArea rows={2} />
            </Form.Item>
          ) : null}
        </Form>
      </Modal>
    </>
  );
}
