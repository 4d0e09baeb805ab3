import { Card, Col, Descriptions, Form, Input, Row, Select, Space, Typography } from 'antd';
import { useState } from 'react';
import { Link, useParams } from 'react-router-dom';
import { client, ok } from '../api';
import type { CaseStatus, CaseView } from '../api/types';
import { AttachmentsCard } from '../components/attachments';
import { ErrorAlert, EventTimeline, LoadingPage, PageTitle, StatusTag, useLoad } from '../components/common';
import { ResponsiveTable } from '../components/responsive';
import { WorkerDescriptions } from '../components/file';
import { fmtDateTime, yuan, moneyColumn } from '../format';
import { useI18n } from '../i18n';

const CASE_STATUSES: CaseStatus[] = [
  'submitted',
  'pending_approval',
  'returned',
  'awaiting_funds',
  'in_notice',
  'awaiting_payment',
  'paid',
  'follow_up',
  'closed',
  'rejected',
  'withdrawn',
  'expired',
];

export function CasesPage() {
  const { t, lang, label } = useI18n();
  const [status, setStatus] = useState<CaseStatus>();
  const [program, setProgram] = useState<string>();
  const [q, setQ] = useState('');
  const programs = useLoad(() => ok(client.GET('/api/programs')), []);
  const { data, error, loading } = useLoad(
    () => ok(client.GET('/api/cases', { params: { query: { status, program, limit: 200 } } })),
    [status, program],
  );
  const items = (data?.items ?? []).filter(
    (c) => !q || c.workerName.includes(q) || c.caseNo.toLowerCase().includes(q.toLowerCase()),
  );
  return (
    <div>
      <PageTitle>{t('menu.cases')}</PageTitle>
      <Card style={{ marginBottom: 16 }}>
        <Form layout="inline" style={{ rowGap: 8 }}>
          <Form.Item label={t('common.search')} htmlFor="cases-q">
            <Input
              id="cases-q"
              allowClear
              placeholder={t('common.searchPlaceholder')}
              value={q}
              onChange={(e) => setQ(e.target.value)}
            />
          </Form.Item>
          <Form.Item label={t('common.status')} htmlFor="cases-status">
            <Select
              id="cases-status"
              allowClear
              style={{ width: 160 }}
              placeholder={t('common.all')}
              value={status}
              onChange={setStatus}
              options={CASE_STATUSES.map((s) => ({ value: s, label: label('status', s) }))}
            />
          </Form.Item>
          <Form.Item label={t('task.program')} htmlFor="cases-program">
            <Select
              id="cases-program"
              allowClear
              style={{ width: 200 }}
              placeholder={t('common.all')}
              value={program}
              onChange={setProgram}
              options={(programs.data?.items ?? []).map((p) => ({
                value: p.code,
                label: lang === 'zh' ? p.nameZh : p.nameEn,
              }))}
            />
          </Form.Item>
        </Form>
      </Card>
      <ErrorAlert error={error} />
      <Card>
        <ResponsiveTable<CaseView>
          rowKey="id"
          loading={loading}
          dataSource={items}
          pagination={{ pageSize: 20, hideOnSinglePage: true }}
          columns={[
            {
              title: t('case.no'),
              dataIndex: 'caseNo',
              render: (v: string, r) => <Link to={`/cases/${r.id}`}>{v}</Link>,
            },
            { title: t('common.worker'), dataIndex: 'workerName' },
            { title: t('common.orgUnit'), dataIndex: 'orgUnitName' },
            {
              title: t('task.program'),
              key: 'program',
              // the policy's Chinese name in Chinese; the dictionary's English name in English
              render: (_, r) => (lang === 'zh' ? r.programName : label('program', r.program)),
            },
            moneyColumn(t('common.amount'), 'amountFen', lang),
            {
              title: t('common.status'),
              dataIndex: 'status',
              render: (v: string) => <StatusTag status={v} />,
            },
            {
              title: t('common.createdAt'),
              dataIndex: 'createdAt',
              render: (v: string) => fmtDateTime(v, lang),
            },
          ]}
        />
      </Card>
    </div>
  );
}

export function CaseDetailPage() {
  const { id } = useParams();
  const { t, lang, label } = useI18n();
  const { data, error, reload } = useLoad(async () => {
    const c = await ok(client.GET('/api/cases/{id}', { params: { path: { id: id! } } }));
    const worker = await ok(client.GET('/api/workers/{id}', { params: { path: { id: c.workerId } } }));
    return { c, worker };
  }, [id]);
  if (error) return <ErrorAlert error={error} />;
  if (!data) return <LoadingPage />;
  const { c, worker } = data;
  return (
    <div>
      <PageTitle extra={<Link to="/cases">{t('common.back')}</Link>}>
        {t('subject.aid_case')} {c.caseNo}
      </PageTitle>
      <Row gutter={16}>
        <Col xs={24} xl={16}>
          <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
            <Card size="small" title={t('task.case')}>
              <Descriptions size="small" column={{ xs: 1, md: 2 }} bordered>
                <Descriptions.Item label={t('case.no')}>{c.caseNo}</Descriptions.Item>
                <Descriptions.Item label={t('common.status')}>
                  <StatusTag status={c.status} />
                </Descriptions.Item>
                <Descriptions.Item label={t('task.program')}>
                  {lang === 'zh' ? c.programName : label('program', c.program)}
                </Descriptions.Item>
                <Descriptions.Item label={t('common.amount')}>
                  <Typography.Text strong>{yuan(c.amountFen, lang)}</Typography.Text>
                </Descriptions.Item>
                <Descriptions.Item label={t('common.reason')} span={2}>
                  {c.reason}
                </Descriptions.Item>
              </Descriptions>
            </Card>
            <Card size="small" title={t('common.worker')}>
              <WorkerDescriptions worker={worker} />
              {worker.fileId ? (
                <div style={{ marginTop: 8 }}>
                  <Link to={`/files/${worker.fileId}`}>{t('task.file')}</Link>
                </div>
              ) : null}
            </Card>
            <AttachmentsCard
              sources={[{ kind: 'cases', id: c.id }]}
              upload={{ kind: 'cases', id: c.id }}
              onUploaded={reload}
            />
          </Space>
        </Col>
        <Col xs={24} xl={8}>
          <Card size="small" title={t('case.history')}>
            <EventTimeline events={c.history} />
          </Card>
        </Col>
      </Row>
    </div>
  );
}
