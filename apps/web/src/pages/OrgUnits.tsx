import {
  App as AntApp,
  Button,
  Card,
  Col,
  Descriptions,
  Empty,
  Form,
  Input,
  Modal,
  Popconfirm,
  Row,
  Select,
  Space,
  Tag,
  Tree,
  Typography,
} from 'antd';
import type { DataNode } from 'antd/es/tree';
import { useMemo, useState } from 'react';
import { client, ok } from '../api';
import type { OrgUnitKind, OrgUnitView } from '../api/types';
import { ErrorAlert, PageTitle, useLoad } from '../components/common';
import { useI18n } from '../i18n';

const KINDS: OrgUnitKind[] = [
  'township_union',
  'industry_union',
  'enterprise_union',
  'grassroots_unit',
  'team',
];

type Dialog = 'add' | 'rename' | 'move' | null;

/** The units as a tree (parents come before children in the API's list). */
function toTree(units: OrgUnitView[], label: (u: OrgUnitView) => React.ReactNode): DataNode[] {
  const nodes = new Map<string, DataNode & { children: DataNode[] }>();
  const roots: DataNode[] = [];
  for (const u of units) {
    const node = { key: u.id, title: label(u), children: [] as DataNode[] };
    nodes.set(u.id, node);
    const parent = u.parentId ? nodes.get(u.parentId) : undefined;
    if (parent) parent.children.push(node);
    else roots.push(node);
  }
  return roots;
}

/** Org tree administration (admin): add, rename, move, deactivate. */
export function OrgUnitsPage() {
  const { t, label } = useI18n();
  const { message } = AntApp.useApp();
  const units = useLoad(() => ok(client.GET('/api/org-units')), []);
  const [selectedId, setSelectedId] = useState<string | null>(null);
  const [dialog, setDialog] = useState<Dialog>(null);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const [form] = Form.useForm();
  const items = units.data?.items ?? [];
  const selected = items.find((u) => u.id === selectedId) ?? null;
  const tree = useMemo(
    () =>
      toTree(items, (u) => (
        <span data-testid={`org-${u.code}`}>
          {u.nameZh} <Typography.Text type="secondary">{u.code}</Typography.Text>{' '}
          {u.active ? null : <Tag color="default">{t('org.inactive')}</Tag>}
        </span>
      )),
    [items, t],
  );

  const run = async (action: () => Promise<unknown>) => {
    setBusy(true);
    setError(null);
    try {
      await action();
      setDialog(null);
      form.resetFields();
      message.success(t('common.success'));
      units.reload();
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };

  const submitDialog = (v: Record<string, string>) =>
    run(async () => {
      if (!selected) return;
      if (dialog === 'add') {
        await ok(
          client.POST('/api/org-units', {
            body: {
              parentId: selected.id,
              code: v.code!,
              nameZh: v.nameZh!,
              nameEn: v.nameEn || undefined,
              kind: v.kind as OrgUnitKind,
            },
          }),
        );
      } else if (dialog === 'rename') {
        await ok(
          client.PATCH('/api/org-units/{id}', {
            params: { path: { id: selected.id } },
            body: { nameZh: v.nameZh, nameEn: v.nameEn || undefined },
          }),
        );
      } else if (dialog === 'move') {
        await ok(
          client.POST('/api/org-units/{id}/move', {
            params: { path: { id: selected.id } },
            body: { parentId: v.parentId! },
          }),
        );
      }
    });

  const required = (field: string) => [
    { required: true, whitespace: true, message: t('login.required', { field }) },
  ];

  return (
    <div>
      <PageTitle>{t('org.title')}</PageTitle>
      <Typography.Paragraph type="secondary">{t('org.help')}</Typography.Paragraph>
      <ErrorAlert error={error ?? units.error} />
      <Row gutter={16}>
        <Col xs={24} md={12}>
          <Card loading={units.loading}>
            {tree.length ? (
              <Tree
                treeData={tree}
                defaultExpandAll
                showLine
                selectedKeys={selectedId ? [selectedId] : []}
                onSelect={(_keys, info) => setSelectedId(String(info.node.key))}
              />
            ) : (
              <Empty />
            )}
          </Card>
        </Col>
        <Col xs={24} md={12}>
          <Card title={selected ? selected.nameZh : t('org.selectHint')}>
            {selected ? (
              <Space orientation="vertical" style={{ width: '100%' }}>
                <Descriptions column={1} size="small" bordered>
                  <Descriptions.Item label={t('org.code')}>{selected.code}</Descriptions.Item>
                  <Descriptions.Item label={t('org.kind')}>
                    {label('org.kind', selected.kind)}
                  </Descriptions.Item>
                  <Descriptions.Item label={t('org.nameEn')}>{selected.nameEn}</Descriptions.Item>
                  <Descriptions.Item label={t('org.parent')}>
                    {items.find((u) => u.id === selected.parentId)?.nameZh ?? '—'}
                  </Descriptions.Item>
                </Descriptions>
                <Space wrap>
                  <Button type="primary" disabled={!selected.active} onClick={() => setDialog('add')}>
                    {t('org.add')}
                  </Button>
                  <Button
                    onClick={() => {
                      form.setFieldsValue({ nameZh: selected.nameZh, nameEn: selected.nameEn });
                      setDialog('rename');
                    }}
                  >
                    {t('org.rename')}
                  </Button>
                  <Button disabled={!selected.parentId} onClick={() => setDialog('move')}>
                    {t('org.move')}
                  </Button>
                  {selected.active ? (
                    <Popconfirm
                      title={t('org.deactivateConfirm')}
                      onConfirm={() =>
                        void run(() =>
                          ok(
                            client.POST('/api/org-units/{id}/deactivate', {
                              params: { path: { id: selected.id } },
                            }),
                          ),
                        )
                      }
                    >
                      <Button danger disabled={!selected.parentId}>
                        {t('org.deactivate')}
                      </Button>
                    </Popconfirm>
                  ) : (
                    <Button
                      onClick={() =>
                        void run(() =>
                          ok(
                            client.POST('/api/org-units/{id}/reactivate', {
                              params: { path: { id: selected.id } },
                            }),
                          ),
                        )
                      }
                    >
                      {t('org.reactivate')}
                    </Button>
                  )}
                </Space>
              </Space>
            ) : null}
          </Card>
        </Col>
      </Row>
      <Modal
        open={dialog !== null}
        title={dialog ? t(`org.${dialog}`) : ''}
        okText={t('common.submit')}
        confirmLoading={busy}
        onOk={() => form.submit()}
        onCancel={() => {
          setDialog(null);
          form.resetFields();
        }}
        destroyOnHidden
      >
        <Form form={form} layout="vertical" onFinish={(v) => void submitDialog(v as Record<string, string>)}>
          {dialog === 'add' ? (
            <>
              <Form.Item
                label={t('org.kind')}
                name="kind"
                rules={[{ required: true, message: t('login.required', { field: t('org.kind') }) }]}
              >
                <Select options={KINDS.map((k) => ({ value: k, label: label('org.kind', k) }))} />
              </Form.Item>
              <Form.Item label={t('org.code')} name="code" rules={required(t('org.code'))}>
                <Input maxLength={40} />
              </Form.Item>
            </>
          ) : null}
          {dialog === 'add' || dialog === 'rename' ? (
            <>
              <Form.Item label={t('org.nameZh')} name="nameZh" rules={required(t('org.nameZh'))}>
                <Input maxLength={100} />
              </Form.Item>
              <Form.Item label={t('org.nameEn')} name="nameEn">
                <Input maxLength={100} />
              </Form.Item>
            </>
          ) : null}
          {dialog === 'move' ? (
            <Form.Item
              label={t('org.newParent')}
              name="parentId"
              rules={[{ required: true, message: t('login.required', { field: t('org.newParent') }) }]}
            >
              <Select
                showSearch={{ optionFilterProp: 'label' }}
                options={items
                  .filter((u) => u.active && selected && u.id !== selected.id)
                  .map((u) => ({ value: u.id, label: `${'　'.repeat(u.depth)}${u.nameZh}（${u.code}）` }))}
              />
            </Form.Item>
          ) : null}
        </Form>
      </Modal>
    </div>
  );
}
