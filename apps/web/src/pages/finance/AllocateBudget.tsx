import { PlusOutlined } from '@ant-design/icons';
import { Alert, App, Button, Form, Input, InputNumber, Modal, Select } from 'antd';
import dayjs from 'dayjs';
import { useState } from 'react';
import { client, newIdempotencyKey, ok } from '../../api';
import type { FundBalance } from '../../api/types';
import { useAuth } from '../../auth';
import { ErrorAlert, useLoad } from '../../components/common';
import { parseYuan, yuan } from '../../format';
import { useI18n } from '../../i18n';

interface Values {
  fundSource: string;
  program: string;
  year: number;
  amount: string;
}

/**
 * Finance adds money to a budget (fund source × program × year) from the console: restated before
 * it is posted, posted once whatever double clicks happen (one Idempotency-Key per dialog).
 */
export function AllocateBudget({ sources, onDone }: { sources: FundBalance[]; onDone: () => void }) {
  const { t, lang } = useI18n();
  const { hasRole } = useAuth();
  const { modal } = App.useApp();
  const [open, setOpen] = useState(false);
  const [key, setKey] = useState(() => newIdempotencyKey('web-allocate'));
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [done, setDone] = useState<string | null>(null);
  const [form] = Form.useForm<Values>();
  const programs = useLoad(() => (open ? ok(client.GET('/api/programs')) : Promise.resolve(null)), [open]);
  if (!hasRole('finance')) return null;

  const post = async (v: Values) => {
    setBusy(true);
    setError(null);
    try {
      await ok(
        client.POST('/api/funds/allocations', {
          params: { header: { 'idempotency-key': key } },
          body: {
            fundSource: v.fundSource,
            program: v.program,
            year: v.year,
            amountFen: parseYuan(v.amount)!,
          },
        }),
      );
      setDone(t('allocate.done', { amount: yuan(parseYuan(v.amount)!, lang) }));
      setKey(newIdempotencyKey('web-allocate'));
      form.resetFields(['amount']);
      onDone();
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };
  const source = (code: string) => {
    const s = sources.find((x) => x.code === code);
    return s ? (lang === 'zh' ? s.nameZh : s.nameEn) : code;
  };
  const program = (code: string) => {
    const p = programs.data?.items.find((x) => x.code === code);
    return p ? (lang === 'zh' ? p.nameZh : p.nameEn) : code;
  };
  const confirm = (v: Values) =>
    void modal.confirm({
      title: t('allocate.confirmTitle'),
      okText: t('task.confirmOk'),
      cancelText: t('common.cancel'),
      content: (
        <div data-testid="confirm-allocation">
          {t('allocate.confirm', {
            amount: yuan(parseYuan(v.amount) ?? 0, lang),
            source: source(v.fundSource),
            program: program(v.program),
            year: v.year,
          })}
        </div>
      ),
      onOk: () => post(v),
    });

  return (
    <>
      <Button
        icon={<PlusOutlined />}
        onClick={() => {
          setDone(null);
          setError(null);
          setOpen(true);
        }}
      >
        {t('allocate.open')}
      </Button>
      <Modal
        open={open}
        title={t('allocate.title')}
        onCancel={() => setOpen(false)}
        footer={null}
        width="min(520px, 100vw)"
        destroyOnHidden
      >
        <ErrorAlert error={error} path="POST /api/funds/allocations" />
        <ErrorAlert error={programs.error} path="GET /api/programs" />
        {done ? (
          <Alert type="success" showIcon role="status" title={done} style={{ marginBottom: 12 }} />
        ) : null}
        <Form<Values>
          form={form}
          layout="vertical"
          initialValues={{ year: dayjs().year(), fundSource: sources[0]?.code }}
          onFinish={confirm}
        >
          <Form.Item
            label={t('funds.source')}
            name="fundSource"
            rules={[{ required: true, message: t('form.choose', { field: t('funds.source') }) }]}
          >
            <Select
              placeholder={t('form.choosePlaceholder')}
              options={sources.map((s) => ({ value: s.code, label: lang === 'zh' ? s.nameZh : s.nameEn }))}
            />
          </Form.Item>
          <Form.Item
            label={t('task.program')}
            name="program"
            rules={[{ required: true, message: t('form.choose', { field: t('task.program') }) }]}
          >
            <Select
              loading={programs.loading}
              placeholder={t('form.choosePlaceholder')}
              options={(programs.data?.items ?? []).map((p) => ({
                value: p.code,
                label: lang === 'zh' ? p.nameZh : p.nameEn,
              }))}
            />
          </Form.Item>
          <Form.Item label={t('allocate.year')} name="year" rules={[{ required: true }]}>
            <InputNumber min={2000} max={2100} precision={0} style={{ width: 140 }} />
          </Form.Item>
          <Form.Item
            label={t('allocate.amount')}
            name="amount"
            rules={[
              { required: true, message: t('login.required', { field: t('allocate.amount') }) },
              {
                validator: async (_: unknown, v: string | undefined) => {
                  if (!v || !v.trim()) return;
                  const fen = parseYuan(v);
                  if (fen === null) throw new Error(t('form.amountFormat', { value: v }));
                  if (fen <= 0) throw new Error(t('campaignNew.positive'));
                },
              },
            ]}
          >
            <Input inputMode="decimal" suffix={lang === 'zh' ? '元' : 'yuan'} />
          </Form.Item>
          <Button type="primary" htmlType="submit" loading={busy} block data-testid="allocate-submit">
            {t('allocate.submit')}
          </Button>
        </Form>
      </Modal>
    </>
  );
}
