import { MinusCircleOutlined, PlusOutlined } from '@ant-design/icons';
import {
  App,
  Button,
  Card,
  Checkbox,
  DatePicker,
  Form,
  Input,
  InputNumber,
  Select,
  Space,
  Table,
  Typography,
} from 'antd';
import type { Dayjs } from 'dayjs';
import dayjs from 'dayjs';
import { useMemo, useState } from 'react';
import { useNavigate } from 'react-router-dom';
import { client, ok } from '../api';
import { ErrorAlert, PageTitle, useLoad } from '../components/common';
import { fmtDate, parseYuan, pickerFormat, yuan } from '../format';
import { useI18n } from '../i18n';

const OCCASIONS = [
  'new_year',
  'spring_festival',
  'labour_day',
  'national_day',
  'mid_autumn',
  'summer',
] as const;
const CATEGORIES = ['deep', 'relative', 'accident'] as const;
/** A standard per file category, and one for members a unit names (hospitalised, front-line). */
const STANDARD_ROWS = [...CATEGORIES, 'named'] as const;
type StandardCategory = (typeof STANDARD_ROWS)[number];

interface Values {
  code: string;
  occasion: (typeof OCCASIONS)[number];
  name: string;
  period: [Dayjs, Dayjs];
  deliveryDeadline: Dayjs;
  categories: string[];
  standards: Record<StandardCategory, { cash?: string; goods?: string }>;
  fundSource: string;
  budget: string;
  quotas?: Array<{ orgUnitId?: string; maxHouseholds?: number }>;
}

const CODE = /^\d{4}-[a-z0-9][a-z0-9-]{0,40}$/;

/**
 * Defines a holiday campaign (送温暖): occasion, period and delivery deadline, who qualifies, the
 * standard per household by category (cash and/or goods), fund source and budget, quotas per unit.
 * The plan then goes through the approval chain (POST /api/campaigns starts `campaign:<code>`).
 */
export function NewCampaignPage() {
  const { t, lang, label } = useI18n();
  const navigate = useNavigate();
  const { modal } = App.useApp();
  const [form] = Form.useForm<Values>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const year = new Date().getFullYear();
  // fund sources with this year's available balance (all programs): the plan's budget is checked
  // against the campaign program's budget when the plan is approved
  const sources = useLoad(
    () => ok(client.GET('/api/finance/balances', { params: { query: { year } } })),
    [year],
  );
  const fundSources = useMemo(
    () =>
      (sources.data?.items ?? []).map((f) => ({
        value: f.code,
        label: t('campaignNew.source', {
          name: lang === 'zh' ? f.nameZh : f.nameEn,
          available: yuan(f.availableFen, lang),
        }),
      })),
    [sources.data, lang, t],
  );
  const units = useLoad(() => ok(client.GET('/api/org-units')), []);
  const unitOptions = useMemo(
    () =>
      (units.data?.items ?? [])
        .filter((u) => u.active && u.kind === 'grassroots_unit')
        .map((u) => ({ value: u.id, label: `${lang === 'zh' ? u.nameZh : u.nameEn}（${u.code}）` })),
    [units.data, lang],
  );

  const amount = (v: string | undefined) => (v === undefined || v.trim() === '' ? 0 : parseYuan(v));
  const moneyRule = (required: boolean) => ({
    validator: async (_: unknown, v: string | undefined) => {
      if (v === undefined || v.trim() === '') return; // required is its own rule
      const fen = parseYuan(v);
      if (fen === null) throw new Error(t('form.amountFormat', { value: v }));
      if (required && fen <= 0) throw new Error(t('campaignNew.positive'));
    },
  });

  const submit = async (v: Values) => {
    setBusy(true);
    setError(null);
    try {
      const created = await ok(
        client.POST('/api/campaigns', {
          body: {
            code: v.code.trim(),
            occasion: v.occasion,
            name: v.name.trim(),
            periodStart: v.period[0].format('YYYY-MM-DD'),
            periodEnd: v.period[1].format('YYYY-MM-DD'),
            deliveryDeadline: v.deliveryDeadline.format('YYYY-MM-DD'),
            categories: v.categories,
            standards: STANDARD_ROWS.map((category) => ({
              category,
              cashFen: amount(v.standards?.[category]?.cash) ?? 0,
              goods: v.standards?.[category]?.goods?.trim() || null,
            })).filter((s) => s.cashFen > 0 || s.goods),
            fundSource: v.fundSource,
            budgetFen: parseYuan(v.budget) ?? 0,
            quotas: (v.quotas ?? [])
              .filter((q) => q.orgUnitId && q.maxHouseholds !== undefined && q.maxHouseholds !== null)
              .map((q) => ({ orgUnitId: q.orgUnitId!, maxHouseholds: q.maxHouseholds! })),
          },
        }),
      );
      void navigate(`/campaigns/${created.code}`);
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };

  // the plan is restated before it goes to approval
  const confirm = (v: Values) =>
    void modal.confirm({
      title: t('campaignNew.confirmTitle'),
      okText: t('task.confirmOk'),
      cancelText: t('common.cancel'),
      content: (
        <div data-testid="confirm-campaign">
          {t('campaignNew.confirm', {
            name: v.name,
            deadline: fmtDate(v.deliveryDeadline.format('YYYY-MM-DD'), lang),
            budget: yuan(parseYuan(v.budget) ?? 0, lang),
          })}
        </div>
      ),
      onOk: () => submit(v),
    });

  return (
    <div>
      <PageTitle>{t('campaignNew.title')}</PageTitle>
      <Card>
        <ErrorAlert error={error} path="POST /api/campaigns" />
        <ErrorAlert error={sources.error} path="GET /api/finance/balances" />
        <Form<Values>
          form={form}
          layout="vertical"
          style={{ maxWidth: 760 }}
          initialValues={{ categories: [...CATEGORIES], occasion: 'spring_festival' }}
          onFinish={confirm}
          scrollToFirstError
        >
          <Form.Item
            label={t('campaignNew.code')}
            name="code"
            extra={t('campaignNew.codeHelp')}
            rules={[
              { required: true, message: t('login.required', { field: t('campaignNew.code') }) },
              { pattern: CODE, message: t('campaignNew.codeHelp') },
            ]}
          >
            <Input placeholder={`${year + 1}-spring`} maxLength={45} />
          </Form.Item>
          <Form.Item label={t('campaign.occasion')} name="occasion" rules={[{ required: true }]}>
            <Select
              placeholder={t('form.choosePlaceholder')}
              options={OCCASIONS.map((o) => ({ value: o, label: label('campaign.occasion', o) }))}
            />
          </Form.Item>
          <Form.Item
            label={t('campaign.name')}
            name="name"
            rules={[{ required: true, message: t('login.required', { field: t('campaign.name') }) }]}
          >
            <Input maxLength={100} placeholder={t('campaignNew.namePlaceholder', { year: year + 1 })} />
          </Form.Item>
          <Space wrap size="large" align="start">
            <Form.Item
              label={t('campaignNew.period')}
              name="period"
              rules={[{ required: true, message: t('form.choose', { field: t('campaignNew.period') }) }]}
            >
              <DatePicker.RangePicker format={pickerFormat(lang)} />
            </Form.Item>
            <Form.Item
              label={t('campaign.deadline')}
              name="deliveryDeadline"
              dependencies={['period']}
              rules={[
                { required: true, message: t('form.choose', { field: t('campaign.deadline') }) },
                ({ getFieldValue }) => ({
                  validator: async (_: unknown, d: Dayjs | undefined) => {
                    const p = getFieldValue('period') as [Dayjs, Dayjs] | undefined;
                    if (d && p && (d.isBefore(p[0], 'day') || d.isAfter(p[1], 'day')))
                      throw new Error(t('campaignNew.deadlineInPeriod'));
                  },
                }),
              ]}
            >
              <DatePicker format={pickerFormat(lang)} disabledDate={(d) => d.isBefore(dayjs(), 'day')} />
            </Form.Item>
          </Space>
          <Form.Item
            label={t('campaignNew.categories')}
            name="categories"
            extra={t('campaignNew.categoriesHelp')}
          >
            <Checkbox.Group options={CATEGORIES.map((c) => ({ value: c, label: label('category', c) }))} />
          </Form.Item>
          <Typography.Title level={5}>{t('campaignNew.standards')}</Typography.Title>
          <Table
            size="small"
            rowKey="category"
            pagination={false}
            scroll={{ x: 'max-content' }}
            style={{ margin: '8px 0 16px' }}
            dataSource={STANDARD_ROWS.map((category) => ({ category }))}
            columns={[
              {
                title: t('campaignNew.category'),
                dataIndex: 'category',
                render: (c: string) => label('category', c),
              },
              {
                title: t('campaign.cash'),
                key: 'cash',
                render: (_, r) => (
                  <Form.Item
                    name={['standards', r.category, 'cash']}
                    noStyle={false}
                    style={{ margin: 0 }}
                    dependencies={['categories', ['standards', r.category, 'goods']]}
                    rules={[
                      moneyRule(false),
                      ({ getFieldValue }) => ({
                        // every category that qualifies needs a standard: cash, goods or both
                        validator: async (_: unknown, v: string | undefined) => {
                          const chosen = (getFieldValue('categories') as string[] | undefined) ?? [];
                          const goods = getFieldValue(['standards', r.category, 'goods']) as
                            string | undefined;
                          if (chosen.includes(r.category) && !(parseYuan(v) ?? 0) && !goods?.trim())
                            throw new Error(t('campaignNew.standardRequired'));
                        },
                      }),
                    ]}
                  >
                    <Input
                      inputMode="decimal"
                      aria-label={`${label('category', r.category)} ${t('campaign.cash')}`}
                      suffix={lang === 'zh' ? '元' : 'yuan'}
                      style={{ width: 140 }}
                    />
                  </Form.Item>
                ),
              },
              {
                title: t('campaign.goods'),
                key: 'goods',
                render: (_, r) => (
                  <Form.Item name={['standards', r.category, 'goods']} style={{ margin: 0 }}>
                    <Input
                      maxLength={200}
                      aria-label={`${label('category', r.category)} ${t('campaign.goods')}`}
                      style={{ width: 200 }}
                    />
                  </Form.Item>
                ),
              },
            ]}
          />
          <Space wrap size="large" align="start">
            <Form.Item
              label={t('campaignNew.fundSource')}
              name="fundSource"
              rules={[{ required: true, message: t('form.choose', { field: t('campaignNew.fundSource') }) }]}
            >
              <Select
                style={{ minWidth: 200 }}
                loading={sources.loading}
                placeholder={t('form.choosePlaceholder')}
                options={fundSources}
              />
            </Form.Item>
            <Form.Item
              label={t('campaign.budget')}
              name="budget"
              rules={[
                { required: true, message: t('login.required', { field: t('campaign.budget') }) },
                moneyRule(true),
              ]}
            >
              <Input inputMode="decimal" suffix={lang === 'zh' ? '元' : 'yuan'} style={{ width: 180 }} />
            </Form.Item>
          </Space>
          <Typography.Title level={5}>{t('campaignNew.quotas')}</Typography.Title>
          <Typography.Paragraph type="secondary">{t('campaignNew.quotasHelp')}</Typography.Paragraph>
          <Form.List name="quotas">
            {(fields, { add, remove }) => (
              <>
                {fields.map((f) => (
                  <Space key={f.key} wrap align="baseline" data-testid="campaign-quota">
                    <Form.Item
                      name={[f.name, 'orgUnitId']}
                      rules={[{ required: true, message: t('form.choose', { field: t('campaign.unit') }) }]}
                    >
                      <Select
                        showSearch
                        optionFilterProp="label"
                        loading={units.loading}
                        style={{ width: 260, maxWidth: '80vw' }}
                        placeholder={t('campaign.unit')}
                        options={unitOptions}
                      />
                    </Form.Item>
                    <Form.Item
                      name={[f.name, 'maxHouseholds']}
                      rules={[{ required: true, message: t('campaignNew.maxHouseholds') }]}
                    >
                      <InputNumber min={0} precision={0} placeholder={t('campaignNew.maxHouseholds')} />
                    </Form.Item>
                    <MinusCircleOutlined
                      aria-label={t('campaignNew.removeQuota')}
                      onClick={() => remove(f.name)}
                    />
                  </Space>
                ))}
                <Form.Item>
                  <Button type="dashed" onClick={() => add()} icon={<PlusOutlined />}>
                    {t('campaignNew.addQuota')}
                  </Button>
                </Form.Item>
              </>
            )}
          </Form.List>
          <Button type="primary" htmlType="submit" loading={busy} data-testid="campaign-submit">
            {t('campaignNew.submit')}
          </Button>
        </Form>
      </Card>
    </div>
  );
}
