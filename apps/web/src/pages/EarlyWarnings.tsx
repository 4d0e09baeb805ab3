import { Alert, Button, Card, Col, DatePicker, Form, Input, Row, Select } from 'antd';
import dayjs, { Dayjs } from 'dayjs';
import { useState } from 'react';
import { client, ok } from '../api';
import type { EarlyWarningKind, EarlyWarningView } from '../api/types';
import { useAuth } from '../auth';
import { EmptyNote, ErrorAlert, PageTitle, StatusTag, isMissingRoute, useLoad } from '../components/common';
import { ResponsiveTable } from '../components/responsive';
import { fmtDate, pickerFormat } from '../format';
import { useI18n } from '../i18n';

const KINDS: EarlyWarningKind[] = ['hospitalisation', 'injury', 'family_death', 'layoff', 'disaster'];

interface Values {
  workerId: string;
  kind: EarlyWarningKind;
  occurredOn: Dayjs;
  note?: string;
}

export function EarlyWarningsPage() {
  const { t, lang, label } = useI18n();
  const { hasRole } = useAuth();
  const [form] = Form.useForm<Values>();
  const [error, setError] = useState<unknown>(null);
  const [posted, setPosted] = useState(false);
  const [busy, setBusy] = useState(false);
  const workers = useLoad(() => ok(client.GET('/api/workers', { params: { query: { limit: 200 } } })), []);
  const list = useLoad(
    () => ok(client.GET('/api/early-warnings', { params: { query: { status: 'open' } } })),
    [],
  );
  const names = new Map((workers.data?.items ?? []).map((w) => [w.id, w.name]));
  const submit = async (v: Values) => {
    setError(null);
    setPosted(false);
    setBusy(true);
    try {
      await client.POST('/api/early-warnings', {
        body: {
          workerId: v.workerId,
          kind: v.kind,
          occurredOn: v.occurredOn.format('YYYY-MM-DD'),
          ...(v.note ? { note: v.note } : {}),
        },
      });
      setPosted(true);
      form.resetFields();
      list.reload();
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };
  return (
    <div>
      <PageTitle>{t('ew.title')}</PageTitle>
      <Row gutter={16}>
        <Col xs={24} xl={14}>
          <Card>
            {list.error ? (
              <ErrorAlert error={list.error} path="GET /api/early-warnings" />
            ) : (
              <ResponsiveTable<EarlyWarningView>
                rowKey="id"
                loading={list.loading}
                dataSource={list.data?.items ?? []}
                locale={{ emptyText: <EmptyNote text={t('ew.empty')} /> }}
                pagination={{ pageSize: 20, hideOnSinglePage: true }}
                columns={[
                  {
                    title: t('common.worker'),
                    key: 'w',
                    render: (_, r) => r.workerName ?? names.get(r.workerId) ?? r.workerId,
                  },
                  { title: t('ew.kind'), dataIndex: 'kind', render: (v: string) => label('ew.kind', v) },
                  {
                    title: t('ew.occurredOn'),
                    dataIndex: 'occurredOn',
                    render: (v: string) => fmtDate(v, lang),
                  },
                  {
                    title: t('common.note'),
                    dataIndex: 'noteRecorded',
                    render: (v?: boolean) => (v ? t('ew.noteRecorded') : '—'),
                  },
                  {
                    title: t('ew.outreach'),
                    key: 'outreach',
                    render: (_, r) =>
                      r.outreachDoneAt
                        ? `${t('common.done')} ${fmtDate(r.outreachDoneAt, lang)}`
                        : fmtDate(r.outreachDueAt, lang),
                  },
                  {
                    title: t('common.status'),
                    dataIndex: 'status',
                    render: (v: string) => <StatusTag status={v} />,
                  },
                ]}
              />
            )}
          </Card>
        </Col>
        <Col xs={24} xl={10}>
          {hasRole('caseworker', 'branch_chair', 'union_chair', 'admin') ? (
            <Card title={t('ew.post')}>
              {posted ? (
                <Alert
                  type="success"
                  showIcon
                  role="status"
                  title={t('ew.posted')}
                  style={{ marginBottom: 12 }}
                />
              ) : null}
              <ErrorAlert error={error} path="POST /api/early-warnings" />
              <Form<Values>
                form={form}
                layout="vertical"
                initialValues={{ occurredOn: dayjs() }}
                onFinish={(v) => void submit(v)}
                disabled={isMissingRoute(list.error)}
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
                    options={(workers.data?.items ?? []).map((w) => ({
                      value: w.id,
                      label: `${w.name}（${w.employeeNo}）`,
                    }))}
                  />
                </Form.Item>
                <Form.Item
                  label={t('ew.kind')}
                  name="kind"
                  rules={[{ required: true, message: t('form.choose', { field: t('ew.kind') }) }]}
                >
                  <Select
                    placeholder={t('form.choosePlaceholder')}
                    options={KINDS.map((k) => ({ value: k, label: label('ew.kind', k) }))}
                  />
                </Form.Item>
                <Form.Item
                  label={t('ew.occurredOn')}
                  name="occurredOn"
                  rules={[{ required: true, message: t('form.choose', { field: t('ew.occurredOn') }) }]}
                >
                  <DatePicker format={pickerFormat(lang)} />
                </Form.Item>
                <Form.Item label={t('common.note')} name="note">
                  <Input.TextArea rows={3} maxLength={2000} />
                </Form.Item>
                <Button type="primary" htmlType="submit" loading={busy}>
                  {t('common.submit')}
                </Button>
              </Form>
            </Card>
          ) : null}
        </Col>
      </Row>
    </div>
  );
}
