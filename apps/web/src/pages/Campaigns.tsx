import { CameraOutlined, DownloadOutlined } from '@ant-design/icons';
import {
  Alert,
  Button,
  Card,
  DatePicker,
  Descriptions,
  Form,
  Input,
  List,
  Modal,
  Progress,
  Segmented,
  Space,
  Table,
  Tag,
  Typography,
  Upload,
} from 'antd';
import dayjs, { Dayjs } from 'dayjs';
import { useState } from 'react';
import { Link, useParams } from 'react-router-dom';
import { client, download, formData, ok } from '../api';
import type {
  HolidayCampaignRecipient as CampaignRecipient,
  HolidayCampaignUnitProgress as CampaignUnitProgress,
  HolidayCampaignView as CampaignView,
} from '../api/types';
import { useAuth } from '../auth';
import { ErrorAlert, PageTitle, StatusTag, useLoad } from '../components/common';
import { fmtDate, parseYuan, pickerFormat, yuan } from '../format';
import { useI18n } from '../i18n';

const UNIT_ROLES = ['caseworker', 'branch_chair', 'union_chair', 'admin'];

/** Campaigns (送温暖) of my subtree and above. */
export function CampaignsPage() {
  const { t, lang, label } = useI18n();
  const list = useLoad(() => ok(client.GET('/api/campaigns')), []);
  const { hasRole } = useAuth();
  return (
    <div>
      <PageTitle
        extra={
          hasRole('admin', 'union_chair') ? (
            <Link to="/campaigns/new">
              <Button type="primary">{t('campaignNew.open')}</Button>
            </Link>
          ) : null
        }
      >
        {t('campaign.title')}
      </PageTitle>
      <Card>
        <ErrorAlert error={list.error} path="GET /api/campaigns" />
        <Table<CampaignView>
          rowKey="id"
          loading={list.loading}
          dataSource={list.data?.items ?? []}
          scroll={{ x: 'max-content' }}
          locale={{ emptyText: t('campaign.empty') }}
          pagination={{ pageSize: 20, hideOnSinglePage: true }}
          columns={[
            {
              title: t('campaign.name'),
              key: 'name',
              render: (_, c) => <Link to={`/campaigns/${c.code}`}>{c.name}</Link>,
            },
            {
              title: t('campaign.occasion'),
              dataIndex: 'occasion',
              render: (v: string) => label('campaign.occasion', v),
            },
            {
              title: t('campaign.deadline'),
              dataIndex: 'deliveryDeadline',
              render: (v: string) => fmtDate(v, lang),
            },
            {
              title: t('campaign.households'),
              dataIndex: 'households',
              render: (v: number | null) => v ?? '—',
            },
            { title: t('campaign.budget'), dataIndex: 'budgetFen', render: (v: number) => yuan(v, lang) },
            {
              title: t('common.status'),
              dataIndex: 'status',
              render: (v: string) => <StatusTag status={v} />,
            },
          ]}
        />
      </Card>
    </div>
  );
}

interface DeliveryValues {
  deliveredOn: Dayjs;
  cash: string;
  goods?: string;
  visitors: string;
}

/** Confirms one household's delivery: date, cash and/or goods, who visited, a photo or signed receipt. */
function DeliveryForm({
  code,
  recipient,
  onDone,
  onCancel,
}: {
  code: string;
  recipient: CampaignRecipient;
  onDone: () => void;
  onCancel: () => void;
}) {
  const { t, lang } = useI18n();
  const [form] = Form.useForm<DeliveryValues>();
  const [photo, setPhoto] = useState<{ id: string; name: string } | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const upload = async (file: File) => {
    setBusy(true);
    setError(null);
    try {
      const a = await ok(
        client.POST('/api/campaign-recipients/{id}/attachments', {
          params: { path: { id: recipient.id } },
          body: { file },
          bodySerializer: formData,
        }),
      );
      setPhoto({ id: a.id, name: a.fileName });
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };
  const submit = async (v: DeliveryValues) => {
    const cashFen = parseYuan(v.cash);
    if (cashFen === null) {
      form.setFields([{ name: 'cash', errors: [t('campaign.cashInvalid')] }]);
      return;
    }
    setBusy(true);
    setError(null);
    try {
      await client.POST('/api/campaigns/{code}/recipients/{id}/delivery', {
        params: { path: { code, id: recipient.id } },
        body: {
          deliveredOn: v.deliveredOn.format('YYYY-MM-DD'),
          cashFen,
          goods: v.goods?.trim() || null,
          visitors: v.visitors,
          attachmentId: photo?.id ?? null,
        },
      });
      onDone();
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Modal
      open
      title={`${t('campaign.confirmDelivery')} · ${recipient.workerName}`}
      onCancel={onCancel}
      footer={null}
      width="min(560px, 100vw)"
      style={{ top: 12, maxWidth: '100vw', paddingInline: 0 }}
      destroyOnHidden
    >
      <ErrorAlert error={error} path="POST /api/campaigns/{code}/recipients/{id}/delivery" />
      <Form<DeliveryValues>
        form={form}
        layout="vertical"
        initialValues={{
          deliveredOn: dayjs(),
          cash: (recipient.cashFen / 100).toFixed(2),
          goods: recipient.goods ?? '',
        }}
        onFinish={(v) => void submit(v)}
      >
        <Form.Item label={t('campaign.deliveredOn')} name="deliveredOn" rules={[{ required: true }]}>
          <DatePicker format={pickerFormat(lang)} inputReadOnly style={{ width: '100%' }} />
        </Form.Item>
        <Form.Item
          label={t('campaign.cash')}
          name="cash"
          extra={t('campaign.standard', { amount: yuan(recipient.cashFen, lang) })}
          rules={[{ required: true, message: t('login.required', { field: t('campaign.cash') }) }]}
        >
          <Input inputMode="decimal" suffix={lang === 'zh' ? '元' : 'yuan'} />
        </Form.Item>
        <Form.Item label={t('campaign.goods')} name="goods">
          <Input maxLength={200} />
        </Form.Item>
        <Form.Item
          label={t('campaign.visitors')}
          name="visitors"
          rules={[{ required: true, message: t('login.required', { field: t('campaign.visitors') }) }]}
        >
          <Input maxLength={200} />
        </Form.Item>
        <Form.Item label={t('campaign.photo')} htmlFor={`delivery-photo-${recipient.id}`}>
          <Space wrap>
            <Upload
              id={`delivery-photo-${recipient.id}`}
              accept="image/jpeg,image/png,.jpg,.jpeg,.png,.pdf,application/pdf"
              capture="environment"
              showUploadList={false}
              multiple={false}
              disabled={busy}
              customRequest={({ file }) => void upload(file as File)}
            >
              <Button icon={<CameraOutlined />} loading={busy}>
                {t('campaign.takePhoto')}
              </Button>
            </Upload>
            {photo ? (
              <Typography.Text type="success" role="status" data-testid="delivery-photo">
                {t('attach.uploaded', { name: photo.name })}
              </Typography.Text>
            ) : null}
          </Space>
        </Form.Item>
        <Button type="primary" htmlType="submit" block loading={busy} size="large">
          {t('campaign.confirm')}
        </Button>
      </Form>
    </Modal>
  );
}

function UndeliveredForm({
  code,
  recipient,
  onDone,
  onCancel,
}: {
  code: string;
  recipient: CampaignRecipient;
  onDone: () => void;
  onCancel: () => void;
}) {
  const { t } = useI18n();
  const [error, setError] = useState<unknown>(null);
  const submit = async (v: { reason: string }) => {
    try {
      await client.POST('/api/campaigns/{code}/recipients/{id}/undelivered', {
        params: { path: { code, id: recipient.id } },
        body: { reason: v.reason },
      });
      onDone();
    } catch (e) {
      setError(e);
    }
  };
  return (
    <Modal
      open
      title={`${t('campaign.undelivered')} · ${recipient.workerName}`}
      onCancel={onCancel}
      footer={null}
      width="min(560px, 100vw)"
    >
      <ErrorAlert error={error} />
      <Form layout="vertical" onFinish={(v: { reason: string }) => void submit(v)}>
        <Form.Item
          label={t('campaign.reason')}
          name="reason"
          rules={[{ required: true, message: t('login.required', { field: t('campaign.reason') }) }]}
        >
          <Input.TextArea rows={3} maxLength={500} />
        </Form.Item>
        <Button type="primary" htmlType="submit" block>
          {t('common.submit')}
        </Button>
      </Form>
    </Modal>
  );
}

/** One campaign: progress per unit, the report, and the household list a unit works through on a phone. */
export function CampaignDetailPage() {
  const { code = '' } = useParams();
  const { t, lang, label } = useI18n();
  const { hasRole } = useAuth();
  const [status, setStatus] = useState<'pending' | 'delivered' | 'undelivered'>('pending');
  const [delivering, setDelivering] = useState<CampaignRecipient | null>(null);
  const [refusing, setRefusing] = useState<CampaignRecipient | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  const detail = useLoad(
    () => ok(client.GET('/api/campaigns/{code}', { params: { path: { code } } })),
    [code],
  );
  const recipients = useLoad(
    () =>
      ok(client.GET('/api/campaigns/{code}/recipients', { params: { path: { code }, query: { status } } })),
    [code, status],
  );
  const c = detail.data;
  const mayDeliver = hasRole(...UNIT_ROLES) && (c?.status === 'delivering' || c?.status === 'escalated');
  const reload = (name: string) => {
    setDone(name);
    setDelivering(null);
    setRefusing(null);
    detail.reload();
    recipients.reload();
  };
  return (
    <div>
      <PageTitle
        extra={
          <Button
            icon={<DownloadOutlined />}
            onClick={() =>
              void download(
                `/api/campaigns/${code}/report`,
                { format: 'xlsx' },
                `campaign-${code}.xlsx`,
              ).catch(setError)
            }
          >
            {t('campaign.report')}
          </Button>
        }
      >
        {c?.name ?? code}
      </PageTitle>
      <ErrorAlert error={detail.error ?? error} path="GET /api/campaigns/{code}" />
      {c ? (
        <Card size="small" style={{ marginBottom: 12 }}>
          <Descriptions size="small" column={{ xs: 1, sm: 2, lg: 4 }}>
            <Descriptions.Item label={t('common.status')}>
              <StatusTag status={c.status} />
            </Descriptions.Item>
            <Descriptions.Item label={t('campaign.occasion')}>
              {label('campaign.occasion', c.occasion)}
            </Descriptions.Item>
            <Descriptions.Item label={t('campaign.deadline')}>
              {fmtDate(c.deliveryDeadline, lang)}
            </Descriptions.Item>
            <Descriptions.Item label={t('campaign.budget')}>{yuan(c.budgetFen, lang)}</Descriptions.Item>
          </Descriptions>
          <Table<CampaignUnitProgress>
            rowKey="unitId"
            size="small"
            data-testid="campaign-units"
            dataSource={c.units}
            pagination={false}
            scroll={{ x: 'max-content' }}
            columns={[
              { title: t('campaign.unit'), dataIndex: 'unitName' },
              {
                title: t('campaign.progress'),
                key: 'p',
                render: (_, u) => (
                  <Progress
                    percent={
                      u.households ? Math.round(((u.delivered + u.undelivered) * 100) / u.households) : 0
                    }
                    size="small"
                    style={{ minWidth: 100 }}
                  />
                ),
              },
              { title: t('campaign.delivered'), dataIndex: 'delivered' },
              { title: t('campaign.pending'), dataIndex: 'pending' },
              { title: t('campaign.spent'), dataIndex: 'spentFen', render: (v: number) => yuan(v, lang) },
            ]}
          />
        </Card>
      ) : null}
      {done ? (
        <Alert
          type="success"
          showIcon
          role="status"
          title={t('campaign.recorded', { name: done })}
          style={{ marginBottom: 12 }}
        />
      ) : null}
      <Card
        size="small"
        title={t('campaign.households')}
        extra={
          <Segmented
            size="small"
            value={status}
            onChange={(v) => setStatus(v as typeof status)}
            options={(['pending', 'delivered', 'undelivered'] as const).map((s) => ({
              value: s,
              label: t(`campaign.${s}`),
            }))}
          />
        }
      >
        <ErrorAlert error={recipients.error} />
        <List<CampaignRecipient>
          loading={recipients.loading}
          dataSource={recipients.data?.items ?? []}
          pagination={{ pageSize: 20, hideOnSinglePage: true, simple: true }}
          renderItem={(r) => (
            <List.Item data-testid="campaign-recipient" key={r.id}>
              <Space orientation="vertical" style={{ width: '100%' }} size={4}>
                <Space wrap>
                  <Typography.Text strong>{r.workerName}</Typography.Text>
                  <Tag>{label('category', r.category)}</Tag>
                  {r.escalated ? <Tag color="red">{t('campaign.escalated')}</Tag> : null}
                </Space>
                <Typography.Text type="secondary">
                  {r.householdCode} · {r.unitName} · {r.cashFen ? yuan(r.cashFen, lang) : ''} {r.goods ?? ''}
                </Typography.Text>
                {r.delivery ? (
                  <Typography.Text>
                    {t('campaign.deliveredLine', {
                      date: fmtDate(r.delivery.deliveredOn, lang),
                      who: r.delivery.visitors,
                    })}
                    {r.delivery.attachmentId ? ` · ${t('campaign.withPhoto')}` : ''}
                  </Typography.Text>
                ) : null}
                {r.undeliveredReason ? (
                  <Typography.Text type="warning">{r.undeliveredReason}</Typography.Text>
                ) : null}
                {mayDeliver && r.status === 'pending' ? (
                  <Space wrap>
                    <Button type="primary" onClick={() => setDelivering(r)}>
                      {t('campaign.confirmDelivery')}
                    </Button>
                    <Button onClick={() => setRefusing(r)}>{t('campaign.undelivered')}</Button>
                  </Space>
                ) : null}
              </Space>
            </List.Item>
          )}
        />
      </Card>
      {delivering ? (
        <DeliveryForm
          code={code}
          recipient={delivering}
          onCancel={() => setDelivering(null)}
          onDone={() => reload(delivering.workerName)}
        />
      ) : null}
      {refusing ? (
        <UndeliveredForm
          code={code}
          recipient={refusing}
          onCancel={() => setRefusing(null)}
          onDone={() => reload(refusing.workerName)}
        />
      ) : null}
    </div>
  );
}
