import { UploadOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Form, Input, Select, Space, Typography, Upload } from 'antd';
import { useState } from 'react';
import { Link } from 'react-router-dom';
import { client, formData, ok } from '../api';
import { ATTACHMENT_ACCEPT } from '../components/attachments';
import { ErrorAlert, PageTitle, useLoad } from '../components/common';
import { fmtDate, yuan } from '../format';
import { useI18n } from '../i18n';

interface Values {
  workerId: string;
  householdMemberId: string;
  level: string;
  school: string;
}

/** 金秋助学: the caseworker applies for a member's child within the policy window; the admission letter is attached to the case. */
export function TuitionPage() {
  const { t, lang } = useI18n();
  const [form] = Form.useForm<Values>();
  const [file, setFile] = useState<File | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState<{ caseId: string; caseNo: string; amountFen: number } | null>(null);
  const options = useLoad(() => ok(client.GET('/api/tuition/options')), []);
  const workers = useLoad(() => ok(client.GET('/api/workers', { params: { query: { limit: 200 } } })), []);
  const workerId = Form.useWatch('workerId', form);
  const householdId = workers.data?.items.find((w) => w.id === workerId)?.householdId ?? null;
  const household = useLoad(
    () =>
      householdId
        ? ok(client.GET('/api/households/{id}', { params: { path: { id: householdId } } }))
        : Promise.resolve(null),
    [householdId],
  );
  const o = options.data;
  const submit = async (v: Values) => {
    setBusy(true);
    setError(null);
    setDone(null);
    try {
      const app = await ok(client.POST('/api/tuition/applications', { body: v }));
      if (file)
        await client.POST('/api/cases/{id}/attachments', {
          params: { path: { id: app.caseId } },
          body: { file },
          bodySerializer: formData,
        });
      setDone({ caseId: app.caseId, caseNo: app.caseNo, amountFen: app.amountFen });
      form.resetFields();
      setFile(null);
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };
  return (
    <div>
      <PageTitle>{t('tuition.title')}</PageTitle>
      <Card style={{ maxWidth: 640 }}>
        <ErrorAlert error={options.error ?? error} path="POST /api/tuition/applications" />
        {o ? (
          <Alert
            type={o.open ? 'info' : 'warning'}
            showIcon
            data-testid="tuition-window"
            style={{ marginBottom: 12 }}
            title={t(o.open ? 'tuition.windowOpen' : 'tuition.windowClosed', {
              from: fmtDate(o.from, lang),
              to: fmtDate(o.to, lang),
              year: o.schoolYear,
            })}
          />
        ) : null}
        {done ? (
          <Alert
            type="success"
            showIcon
            role="status"
            style={{ marginBottom: 12 }}
            title={
              <span>
                {t('tuition.filed', { amount: yuan(done.amountFen, lang) })}{' '}
                <Link to={`/cases/${done.caseId}`}>{done.caseNo}</Link>
              </span>
            }
          />
        ) : null}
        <Form<Values> form={form} layout="vertical" onFinish={(v) => void submit(v)} disabled={!o?.open}>
          <Form.Item
            label={t('common.worker')}
            name="workerId"
            rules={[{ required: true, message: t('login.required', { field: t('common.worker') }) }]}
          >
            <Select
              showSearch={{ optionFilterProp: 'label' }}
              options={(workers.data?.items ?? [])
                .filter((w) => w.householdId)
                .map((w) => ({ value: w.id, label: `${w.name}（${w.employeeNo}）` }))}
            />
          </Form.Item>
          <Form.Item
            label={t('tuition.child')}
            name="householdMemberId"
            rules={[{ required: true, message: t('login.required', { field: t('tuition.child') }) }]}
          >
            <Select
              options={(household.data?.members ?? []).map((m) => ({
                value: m.id,
                label: `${m.nameMasked}（${m.relation}${m.birthYear ? `，${m.birthYear}` : ''}）`,
              }))}
            />
          </Form.Item>
          <Form.Item
            label={t('tuition.level')}
            name="level"
            rules={[{ required: true, message: t('login.required', { field: t('tuition.level') }) }]}
          >
            <Select
              options={(o?.levels ?? []).map((l) => ({
                value: l.code,
                label: `${lang === 'zh' ? l.nameZh : l.nameEn} · ${yuan(l.amountFen, lang)}`,
              }))}
            />
          </Form.Item>
          <Form.Item
            label={t('tuition.school')}
            name="school"
            rules={[{ required: true, message: t('login.required', { field: t('tuition.school') }) }]}
          >
            <Input maxLength={200} />
          </Form.Item>
          <Form.Item label={t('tuition.letter')} htmlFor="tuition-letter">
            <Space wrap>
              <Upload
                id="tuition-letter"
                accept={ATTACHMENT_ACCEPT}
                showUploadList={false}
                multiple={false}
                beforeUpload={(f) => (setFile(f), false)}
              >
                <Button icon={<UploadOutlined />}>{t('attach.choose')}</Button>
              </Upload>
              {file ? <Typography.Text>{file.name}</Typography.Text> : null}
            </Space>
          </Form.Item>
          <Button type="primary" htmlType="submit" loading={busy}>
            {t('common.submit')}
          </Button>
        </Form>
      </Card>
    </div>
  );
}
