import { Alert, Button, Card, Form, Input, Radio, Select, Space } from 'antd';
import { useMemo, useState } from 'react';
import { Link, useSearchParams } from 'react-router-dom';
import { client, newIdempotencyKey, ok } from '../api';
import type { CaseView } from '../api/types';
import { ErrorAlert, PageTitle, useLoad } from '../components/common';
import { parseYuan, yuan } from '../format';
import { useI18n } from '../i18n';

interface Values {
  workerId: string;
  program: string;
  amount: string;
  reason: string;
  applicantKind: 'worker' | 'relative';
  applicantName?: string;
}

export function NewCasePage() {
  const { t, lang } = useI18n();
  const [params] = useSearchParams();
  const [form] = Form.useForm<Values>();
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const [filed, setFiled] = useState<CaseView | null>(null);
  // one key per form shown: a double click or a retry never files a second case
  const [key, setKey] = useState(() => newIdempotencyKey('web-case'));
  const workers = useLoad(() => ok(client.GET('/api/workers', { params: { query: { limit: 200 } } })), []);
  const programs = useLoad(() => ok(client.GET('/api/programs')), []);
  const programCode = Form.useWatch('program', form);
  const applicantKind = Form.useWatch('applicantKind', form);
  const program = useMemo(
    () => programs.data?.items.find((p) => p.code === programCode),
    [programs.data, programCode],
  );
  // only workers who may apply: no file pending (investigating, in approval or notice); for a program
  // that needs an active file, only active files of an eligible category
  const eligibleWorkers = (workers.data?.items ?? []).filter((w) => {
    if (w.fileStatus !== null && w.fileStatus !== 'active') return false;
    if (!program) return true;
    if (program.requiresActiveFile && w.fileStatus !== 'active') return false;
    if (program.eligibleCategories.length && !program.eligibleCategories.some((c) => c === w.category))
      return false;
    return true;
  });

  const submit = async (v: Values) => {
    setBusy(true);
    setError(null);
    try {
      const c = await ok(
        client.POST('/api/cases', {
          params: { header: { 'idempotency-key': key } },
          body: {
            workerId: v.workerId,
            program: v.program,
            // the form's validator has checked the amount; the API refuses anything else
            amountFen: parseYuan(v.amount) as number,
            reason: v.reason,
            applicantKind: v.applicantKind,
            ...(v.applicantKind === 'relative' ? { applicantName: v.applicantName } : {}),
          },
        }),
      );
      setFiled(c);
      setKey(newIdempotencyKey('web-case'));
      form.resetFields();
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };

  return (
    <div>
      <PageTitle>{t('case.new.title')}</PageTitle>
      <Card>
        <Space orientation="vertical" style={{ width: '100%' }}>
          {filed ? (
            <Alert
              type="success"
              showIcon
              role="status"
              title={t('case.new.done', { no: filed.caseNo })}
              description={<Link to={`/cases/${filed.id}`}>{filed.caseNo}</Link>}
            />
          ) : null}
          <ErrorAlert error={error} />
          <Form<Values>
            form={form}
            layout="vertical"
            style={{ maxWidth: 640 }}
            initialValues={{ workerId: params.get('workerId') ?? undefined, applicantKind: 'worker' }}
            onFinish={(v) => void submit(v)}
          >
            <Form.Item
              label={t('common.worker')}
              name="workerId"
              rules={[{ required: true, message: t('form.choose', { field: t('common.worker') }) }]}
            >
              <Select
                placeholder={t('form.choosePlaceholder')}
                showSearch={{ optionFilterProp: 'label' }}
                loading={workers.loading}
                options={eligibleWorkers.map((w) => ({
                  value: w.id,
                  label: `${w.name}（${w.employeeNo}）`,
                }))}
              />
            </Form.Item>
            <Form.Item
              label={t('task.program')}
              name="program"
              rules={[{ required: true, message: t('form.choose', { field: t('task.program') }) }]}
            >
              <Select
                placeholder={t('form.choosePlaceholder')}
                // 金秋助学 has its own form (child, school year, window): not offered here
                options={(programs.data?.items ?? [])
                  .filter((p) => p.applicationRoute === null)
                  .map((p) => ({
                    value: p.code,
                    label: lang === 'zh' ? p.nameZh : p.nameEn,
                  }))}
              />
            </Form.Item>
            <Form.Item
              label={t('common.amountYuan')}
              name="amount"
              extra={
                program
                  ? t('case.amountRange', {
                      min: yuan(program.minAmountFen, lang),
                      max: yuan(program.maxAmountFen, lang),
                    })
                  : null
              }
              rules={[
                { required: true, message: t('login.required', { field: t('common.amountYuan') }) },
                {
                  // what is wrong and the allowed range, from the policy (the API checks it again)
                  validator: (_, v: string) => {
                    if (!v) return Promise.resolve();
                    const fen = parseYuan(v);
                    if (fen === null || fen <= 0)
                      return Promise.reject(new Error(t('form.amountFormat', { value: v })));
                    if (program && (fen < program.minAmountFen || fen > program.maxAmountFen))
                      return Promise.reject(
                        new Error(
                          t('form.amountRange', {
                            value: yuan(fen, lang),
                            min: yuan(program.minAmountFen, lang),
                            max: yuan(program.maxAmountFen, lang),
                          }),
                        ),
                      );
                    return Promise.resolve();
                  },
                },
              ]}
            >
              <Input inputMode="decimal" suffix={lang === 'zh' ? '元' : 'CNY'} />
            </Form.Item>
            <Form.Item
              label={t('common.reason')}
              name="reason"
              rules={[
                {
                  required: true,
                  whitespace: true,
                  message: t('login.required', { field: t('common.reason') }),
                },
              ]}
            >
              <Input.TextArea rows={3} maxLength={2000} />
            </Form.Item>
            <Form.Item label={t('case.applicantKind')} name="applicantKind">
              <Radio.Group>
                <Radio value="worker">{t('case.applicant.worker')}</Radio>
                <Radio value="relative">{t('case.applicant.relative')}</Radio>
              </Radio.Group>
            </Form.Item>
            {applicantKind === 'relative' ? (
              <Form.Item
                label={t('case.applicantName')}
                name="applicantName"
                rules={[
                  {
                    required: true,
                    whitespace: true,
                    message: t('login.required', { field: t('case.applicantName') }),
                  },
                ]}
              >
                <Input maxLength={100} />
              </Form.Item>
            ) : null}
            <Button type="primary" htmlType="submit" loading={busy}>
              {t('common.submit')}
            </Button>
          </Form>
        </Space>
      </Card>
    </div>
  );
}
