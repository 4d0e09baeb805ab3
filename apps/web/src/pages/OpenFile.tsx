import { Alert, Button, Card, Checkbox, DatePicker, Form, Input, Select, Space, Typography } from 'antd';
import type { Dayjs } from 'dayjs';
import { useEffect, useState } from 'react';
import { Link } from 'react-router-dom';
import { client, ok } from '../api';
import type { CategoryPreview, FileCause, FileView, TaskView } from '../api/types';
import { ErrorAlert, PageTitle, useLoad } from '../components/common';
import { pickerFormat } from '../format';
import { CategoryPreviewCard } from './Household';
import { useI18n } from '../i18n';

const CAUSES: FileCause[] = [
  'illness',
  'disability',
  'disaster',
  'accident',
  'education',
  'unemployment',
  'dependency_burden',
  'enterprise_difficulty',
  'other',
];
const CLEARS = ['address', 'family', 'income', 'cause', 'urgentNeed'] as const;

interface Values {
  workerId: string;
  causes: FileCause[];
  address: string;
  family: string;
  income: string;
  cause: string;
  urgentNeed: string;
  visitDate: Dayjs;
  visitors: string;
  visitNotes: string;
  evidenceNote?: string;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** The investigation task appears once the workflow has recorded the file; wait for it briefly. */
async function investigationTask(fileId: string): Promise<TaskView> {
  for (let i = 0; i < 40; i++) {
    const page = await ok(
      client.GET('/api/tasks', { params: { query: { status: 'open', type: 'investigation', limit: 200 } } }),
    );
    const task = page.items.find((x) => x.subjectId === fileId);
    if (task) return task;
    await sleep(500);
  }
  throw new Error(`the investigation task of file ${fileId} did not appear`);
}

export function OpenFilePage() {
  const { t, lang, label } = useI18n();
  const [form] = Form.useForm<Values>();
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const [opened, setOpened] = useState<FileView | null>(null);
  const workers = useLoad(() => ok(client.GET('/api/workers', { params: { query: { limit: 200 } } })), []);
  const eligible = (workers.data?.items ?? []).filter(
    (w) => !w.fileId && w.householdId && w.employmentStatus === 'active',
  );
  // the category the household's data gives, before submission (members, income window, 低保, rule)
  const workerId = Form.useWatch('workerId', form);
  const causes = Form.useWatch('causes', form);
  const [preview, setPreview] = useState<CategoryPreview | undefined>(undefined);
  const householdId = eligible.find((w) => w.id === workerId)?.householdId;
  const causeKey = (causes ?? []).join(',');
  useEffect(() => {
    setPreview(undefined);
    if (!householdId) return;
    let live = true;
    ok(
      client.GET('/api/households/{id}/category-preview', {
        params: { path: { id: householdId }, query: { causes: causeKey || undefined } },
      }),
    ).then(
      (p) => live && setPreview(p),
      (e: unknown) => live && setError(e),
    );
    return () => {
      live = false;
    };
  }, [householdId, causeKey, opened]);
  const gaps = preview?.evidenceGaps.length ?? 0;
  const required = (field: string) => [
    { required: true, whitespace: true, message: t('login.required', { field }) },
  ];

  const submit = async (v: Values) => {
    setBusy(true);
    setError(null);
    try {
      const file = await ok(client.POST('/api/files', { body: { workerId: v.workerId, causes: v.causes } }));
      await client.PUT('/api/files/{id}/investigation', {
        params: { path: { id: file.id } },
        body: {
          fiveClears: {
            address: v.address,
            family: v.family,
            income: v.income,
            cause: v.cause,
            urgentNeed: v.urgentNeed,
          },
          visit: {
            date: v.visitDate.format('YYYY-MM-DD'),
            visitors: v.visitors.split(/[,，、\s]+/).filter(Boolean),
            notes: v.visitNotes,
          },
          ...(v.evidenceNote?.trim() ? { evidenceNote: v.evidenceNote.trim() } : {}),
        },
      });
      const task = await investigationTask(file.id);
      await client.POST('/api/tasks/{id}/decision', {
        params: { path: { id: task.id } },
        body: { decision: 'done' },
      });
      setOpened(file);
      form.resetFields();
      workers.reload();
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };

  return (
    <div>
      <PageTitle>{t('file.open.title')}</PageTitle>
      <Card>
        <Space orientation="vertical" style={{ width: '100%' }}>
          <Typography.Paragraph type="secondary">{t('file.open.help')}</Typography.Paragraph>
          {opened ? (
            <Alert
              type="success"
              showIcon
              role="status"
              title={t('file.open.done', { no: opened.fileNo })}
              description={<Link to={`/files/${opened.id}`}>{opened.fileNo}</Link>}
            />
          ) : null}
          <ErrorAlert error={error} />
          <Form<Values>
            form={form}
            layout="vertical"
            onFinish={(v) => void submit(v)}
            style={{ maxWidth: 760 }}
          >
            <Form.Item
              label={t('common.worker')}
              name="workerId"
              rules={[{ required: true, message: t('form.choose', { field: t('common.worker') }) }]}
            >
              <Select
                showSearch={{ optionFilterProp: 'label' }}
                placeholder={t('form.choosePlaceholder')}
                loading={workers.loading}
                options={eligible.map((w) => ({
                  value: w.id,
                  label: `${w.name}（${w.employeeNo}，${w.orgUnitName}）`,
                }))}
              />
            </Form.Item>
            {preview ? (
              <div style={{ marginBottom: 24 }}>
                <CategoryPreviewCard preview={preview} />
              </div>
            ) : null}
            {gaps ? (
              <Form.Item
                label={t('file.evidenceNote')}
                name="evidenceNote"
                rules={required(t('file.evidenceNote'))}
                extra={t('preview.gapsHelp')}
              >
                <Input.TextArea rows={2} maxLength={2000} />
              </Form.Item>
            ) : null}
            <Form.Item
              label={t('file.causes')}
              name="causes"
              rules={[{ required: true, message: t('form.choose', { field: t('file.causes') }) }]}
            >
              <Checkbox.Group options={CAUSES.map((c) => ({ value: c, label: label('cause', c) }))} />
            </Form.Item>
            <Typography.Title level={5}>{t('file.fiveClears')}</Typography.Title>
            {CLEARS.map((k) => (
              <Form.Item key={k} label={t(`file.${k}`)} name={k} rules={required(t(`file.${k}`))}>
                <Input.TextArea rows={2} maxLength={2000} />
              </Form.Item>
            ))}
            <Typography.Title level={5}>{t('file.visit')}</Typography.Title>
            <Form.Item
              label={t('file.visitDate')}
              name="visitDate"
              rules={[{ required: true, message: t('form.choose', { field: t('file.visitDate') }) }]}
            >
              <DatePicker format={pickerFormat(lang)} />
            </Form.Item>
            <Form.Item
              label={t('file.visitors')}
              name="visitors"
              extra={t('file.visitorsHelp')}
              rules={required(t('file.visitors'))}
            >
              <Input />
            </Form.Item>
            <Form.Item label={t('file.visitNotes')} name="visitNotes" rules={required(t('file.visitNotes'))}>
              <Input.TextArea rows={3} maxLength={4000} />
            </Form.Item>
            <Button type="primary" htmlType="submit" loading={busy}>
              {t('common.submit')}
            </Button>
          </Form>
        </Space>
      </Card>
    </div>
  );
}
