import { Alert, Button, Card, Col, DatePicker, Form, Input, Radio, Row } from 'antd';
import dayjs, { Dayjs } from 'dayjs';
import { useState } from 'react';
import { Link } from 'react-router-dom';
import { client, ok } from '../api';
import type { TaskView } from '../api/types';
import { EmptyNote, ErrorAlert, PageTitle, useLoad } from '../components/common';
import { fmtDateTime, yuan, pickerFormat } from '../format';
import { useI18n } from '../i18n';
import { ResponsiveTable } from '../components/responsive';

interface Values {
  visitedOn: Dayjs;
  situation: string;
  effect: 'improved' | 'same' | 'worse';
}

/** Follow-up visits are the `follow_up` tasks the aid-case workflow opens after payment. */
export function FollowUpsPage() {
  const { t, lang } = useI18n();
  const [form] = Form.useForm<Values>();
  const [selected, setSelected] = useState<TaskView | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [done, setDone] = useState(false);
  const [busy, setBusy] = useState(false);
  const {
    data,
    loading,
    error: loadError,
    reload,
  } = useLoad(
    () =>
      ok(client.GET('/api/tasks', { params: { query: { status: 'open', type: 'follow_up', limit: 200 } } })),
    [],
  );
  const submit = async (v: Values) => {
    if (!selected) return;
    setError(null);
    setBusy(true);
    try {
      await client.POST('/api/tasks/{id}/decision', {
        params: { path: { id: selected.id } },
        body: {
          decision: 'done',
          comment: v.situation,
          outcome: { visitedOn: v.visitedOn.format('YYYY-MM-DD'), situation: v.situation, effect: v.effect },
        },
      });
      setDone(true);
      setSelected(null);
      form.resetFields();
      reload();
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };
  return (
    <div>
      <PageTitle>{t('followUp.title')}</PageTitle>
      <ErrorAlert error={loadError} />
      {done ? (
        <Alert
          type="success"
          showIcon
          role="status"
          title={t('followUp.done')}
          style={{ marginBottom: 16 }}
        />
      ) : null}
      <Row gutter={16}>
        <Col xs={24} xl={14}>
          <Card>
            <ResponsiveTable<TaskView>
              rowKey="id"
              loading={loading}
              dataSource={data?.items ?? []}
              locale={{ emptyText: <EmptyNote text={t('followUp.empty')} /> }}
              pagination={false}
              columns={[
                {
                  title: t('case.no'),
                  key: 'c',
                  render: (_, r) => <Link to={`/cases/${r.subjectId}`}>{r.caseNo}</Link>,
                },
                { title: t('common.orgUnit'), dataIndex: 'orgUnitName' },
                {
                  title: t('common.amount'),
                  dataIndex: 'amountFen',
                  render: (v: number | null) => yuan(v, lang),
                },
                {
                  title: t('common.createdAt'),
                  dataIndex: 'createdAt',
                  render: (v: string) => fmtDateTime(v, lang),
                },
                {
                  title: t('common.actions'),
                  key: 'a',
                  render: (_, r) => (
                    <Button
                      size="small"
                      onClick={() => {
                        setSelected(r);
                        setDone(false);
                      }}
                    >
                      {t('followUp.record')}
                    </Button>
                  ),
                },
              ]}
            />
          </Card>
        </Col>
        <Col xs={24} xl={10}>
          {selected ? (
            <Card title={`${t('followUp.record')} · ${selected.caseNo ?? ''}`}>
              <Form<Values>
                form={form}
                layout="vertical"
                initialValues={{ visitedOn: dayjs(), effect: 'improved' }}
                onFinish={(v) => void submit(v)}
              >
                <Form.Item label={t('followUp.visitedOn')} name="visitedOn" rules={[{ required: true }]}>
                  <DatePicker format={pickerFormat(lang)} />
                </Form.Item>
                <Form.Item
                  label={t('followUp.situation')}
                  name="situation"
                  rules={[
                    {
                      required: true,
                      whitespace: true,
                      message: t('login.required', { field: t('followUp.situation') }),
                    },
                  ]}
                >
                  <Input.TextArea rows={4} maxLength={2000} />
                </Form.Item>
                <Form.Item label={t('followUp.effect')} name="effect">
                  <Radio.Group>
                    <Radio value="improved">{t('followUp.effect.improved')}</Radio>
                    <Radio value="same">{t('followUp.effect.same')}</Radio>
                    <Radio value="worse">{t('followUp.effect.worse')}</Radio>
                  </Radio.Group>
                </Form.Item>
                <ErrorAlert error={error} />
                <Button type="primary" htmlType="submit" style={{ marginTop: 12 }} loading={busy}>
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
