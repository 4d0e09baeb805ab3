import {
  Alert,
  App,
  Button,
  Card,
  Col,
  DatePicker,
  Descriptions,
  Form,
  Input,
  Row,
  Space,
  Typography,
} from 'antd';
import dayjs, { Dayjs } from 'dayjs';
import { useState } from 'react';
import { Link, useParams } from 'react-router-dom';
import { client, newIdempotencyKey, ok } from '../../api';
import { useAuth } from '../../auth';
import {
  ErrorAlert,
  EventTimeline,
  LoadingPage,
  PageTitle,
  StatusTag,
  useLoad,
} from '../../components/common';
import { LoanStatus } from './shared';
import { fmtDate, moneyColumn, parseYuan, pickerFormat, yuan } from '../../format';
import { detailText } from '../../errors';
import { useI18n } from '../../i18n';
import { ResponsiveTable } from '../../components/responsive';

function RepaymentForm({
  loanId,
  outstandingFen,
  onDone,
}: {
  loanId: string;
  /** What the loan page shows as outstanding: the form refuses more before asking the API. */
  outstandingFen: number;
  onDone: () => void;
}) {
  const { t, lang } = useI18n();
  const [busy, setBusy] = useState(false);
  const [form] = Form.useForm<{ amount: string; paidOn: Dayjs; reference: string }>();
  const [key, setKey] = useState(() => newIdempotencyKey('web-repay'));
  const [error, setError] = useState<unknown>(null);
  const [ok, setOk] = useState(false);
  const { modal } = App.useApp();
  // money is posted only after a confirmation restating the amount, date and reference
  const confirm = (v: { amount: string; paidOn: Dayjs; reference: string }) =>
    void modal.confirm({
      title: t('loan.confirmRepaymentTitle'),
      okText: t('task.confirmOk'),
      cancelText: t('common.cancel'),
      content: (
        <div data-testid="confirm-repayment">
          {t('loan.confirmRepayment', {
            amount: yuan(parseYuan(v.amount) ?? 0, lang),
            date: fmtDate(v.paidOn.format('YYYY-MM-DD'), lang),
            reference: v.reference,
          })}
        </div>
      ),
      onOk: () => submit(v),
    });
  const submit = async (v: { amount: string; paidOn: Dayjs; reference: string }) => {
    setError(null);
    setOk(false);
    setBusy(true);
    try {
      await client.POST('/api/loans/{id}/repayments', {
        params: { path: { id: loanId }, header: { 'idempotency-key': key } },
        body: {
          // the form's validator has checked the amount; the API refuses anything else
          amountFen: parseYuan(v.amount) as number,
          paidOn: v.paidOn.format('YYYY-MM-DD'),
          reference: v.reference,
        },
      });
      setOk(true);
      setKey(newIdempotencyKey('web-repay'));
      form.resetFields();
      onDone();
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Card size="small" title={t('loan.recordRepayment')}>
      {ok ? (
        <Alert
          type="success"
          showIcon
          role="status"
          title={t('loan.repaymentRecorded')}
          style={{ marginBottom: 12 }}
        />
      ) : null}
      <Form form={form} layout="vertical" initialValues={{ paidOn: dayjs() }} onFinish={(v) => confirm(v)}>
        <Form.Item
          label={t('common.amountYuan')}
          name="amount"
          rules={[
            { required: true, message: t('login.required', { field: t('common.amountYuan') }) },
            {
              // what is wrong, in the console's language with the amounts in 元 (the API checks again)
              validator: (_, v: string) => {
                if (!v) return Promise.resolve();
                const fen = parseYuan(v);
                if (fen === null || fen <= 0)
                  return Promise.reject(new Error(t('form.amountFormat', { value: v })));
                if (fen > outstandingFen)
                  return Promise.reject(
                    new Error(
                      detailText(lang, {
                        field: 'amountFen',
                        rule: 'not_above_outstanding',
                        params: { amountFen: fen, outstandingFen },
                      }) ?? t('form.amountFormat', { value: v }),
                    ),
                  );
                return Promise.resolve();
              },
            },
          ]}
        >
          <Input inputMode="decimal" />
        </Form.Item>
        <Form.Item
          label={t('loan.paidOn')}
          name="paidOn"
          rules={[{ required: true, message: t('form.choose', { field: t('loan.paidOn') }) }]}
        >
          <DatePicker format={pickerFormat(lang)} />
        </Form.Item>
        <Form.Item
          label={t('loan.reference')}
          name="reference"
          rules={[
            {
              required: true,
              whitespace: true,
              message: t('login.required', { field: t('loan.reference') }),
            },
          ]}
        >
          <Input maxLength={100} />
        </Form.Item>
        <ErrorAlert error={error} path={`POST /api/loans/${loanId}/repayments`} />
        <Button type="primary" htmlType="submit" style={{ marginTop: 12 }} loading={busy}>
          {t('common.submit')}
        </Button>
      </Form>
    </Card>
  );
}

export function LoanDetailPage() {
  const { id } = useParams();
  const { t, lang } = useI18n();
  const { hasRole } = useAuth();
  const { data, error, reload } = useLoad(
    () => ok(client.GET('/api/loans/{id}', { params: { path: { id: id! } } })),
    [id],
  );
  if (error) return <ErrorAlert error={error} path={`GET /api/loans/${id}`} />;
  if (!data) return <LoadingPage />;
  return (
    <div>
      <PageTitle extra={<Link to="/finance/loans">{t('common.back')}</Link>}>
        {t('loan.no')} {data.loanNo}
      </PageTitle>
      <Row gutter={16}>
        <Col xs={24} xl={16}>
          <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
            <Card size="small">
              <Descriptions size="small" column={{ xs: 1, md: 3 }} bordered>
                <Descriptions.Item label={t('common.worker')}>
                  <Link to={`/finance/statement/${data.workerId}`}>{data.workerName}</Link>
                </Descriptions.Item>
                <Descriptions.Item label={t('common.employeeNo')}>{data.employeeNo}</Descriptions.Item>
                <Descriptions.Item label={t('common.status')}>
                  <LoanStatus loan={data} withReason />
                </Descriptions.Item>
                <Descriptions.Item label={t('loan.amount')}>{yuan(data.amountFen, lang)}</Descriptions.Item>
                <Descriptions.Item label={t('loan.outstanding')}>
                  <Typography.Text strong>{yuan(data.outstandingFen, lang)}</Typography.Text>
                </Descriptions.Item>
                <Descriptions.Item label={t('loan.daysOverdue')}>{data.daysOverdue}</Descriptions.Item>
                {data.purpose ? (
                  <Descriptions.Item label={t('loan.purpose')} span={3}>
                    {data.purpose}
                  </Descriptions.Item>
                ) : null}
              </Descriptions>
            </Card>
            <Card size="small" title={t('loan.schedule')}>
              <ResponsiveTable
                size="small"
                rowKey="seq"
                pagination={false}
                dataSource={data.schedule}
                columns={[
                  { title: t('loan.seq'), dataIndex: 'seq' },
                  { title: t('loan.dueDate'), dataIndex: 'dueDate', render: (v: string) => fmtDate(v, lang) },
                  moneyColumn(t('common.amount'), 'amountFen', lang),
                  moneyColumn(t('loan.paid'), 'paidFen', lang),
                  {
                    title: t('common.status'),
                    dataIndex: 'status',
                    render: (v: string) => <StatusTag status={v} prefix="loan.status" />,
                  },
                ]}
              />
            </Card>
            <Card size="small" title={t('loan.ledger')}>
              <ResponsiveTable
                size="small"
                rowKey={(r) => r.id ?? r.reference ?? ''}
                pagination={false}
                dataSource={data.repayments}
                columns={[
                  {
                    title: t('loan.paidOn'),
                    key: 'paidOn',
                    render: (_, r) => fmtDate(r.paidOn ?? r.recordedAt, lang),
                  },
                  moneyColumn(t('common.amount'), 'amountFen', lang),
                  {
                    title: t('loan.reference'),
                    dataIndex: 'reference',
                    render: (v: string | null) => v ?? '—',
                  },
                  {
                    title: t('file.kind'),
                    key: 'kind',
                    render: (_, r) =>
                      r.kindLabel ? (lang === 'zh' ? r.kindLabel.zh : r.kindLabel.en) : (r.kind ?? '—'),
                  },
                ]}
              />
            </Card>
          </Space>
        </Col>
        <Col xs={24} xl={8}>
          <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
            {hasRole('finance') && !['repaid', 'written_off'].includes(data.status) ? (
              <RepaymentForm loanId={data.id} outstandingFen={data.outstandingFen} onDone={reload} />
            ) : null}
            <Card size="small" title={t('task.timeline')}>
              <EventTimeline events={data.timeline} />
            </Card>
          </Space>
        </Col>
      </Row>
    </div>
  );
}
