import { Button, Card, Col, Form, Input, Row, Select, Space, Tag } from 'antd';
import { useState } from 'react';
import { Link, useParams } from 'react-router-dom';
import { client, ok } from '../api';
import { useAuth } from '../auth';
import type { FileQuery, FileView } from '../api/types';
import { AttachmentsCard } from '../components/attachments';
import { ErrorAlert, EventTimeline, LoadingPage, PageTitle, StatusTag, useLoad } from '../components/common';
import { ResponsiveTable } from '../components/responsive';
import { FileSections, HouseholdSection, WorkerDescriptions } from '../components/file';
import { IncomeCheckBlock } from '../components/income-check';
import { fmtDateTime } from '../format';
import { useI18n } from '../i18n';
import { HelpPlanCard } from '../components/help-plan';

const FILE_STATUSES: Array<NonNullable<FileQuery['status']>> = [
  'investigating',
  'pending_approval',
  'returned',
  'in_notice',
  'active',
  'rejected',
  'withdrawn',
  'closed',
];

export function FilesPage() {
  const { t, lang, label } = useI18n();
  const [status, setStatus] = useState<FileQuery['status']>();
  const [category, setCategory] = useState<FileQuery['category']>();
  const [q, setQ] = useState('');
  const { data, error, loading } = useLoad(
    () => ok(client.GET('/api/files', { params: { query: { status, category, limit: 200 } } })),
    [status, category],
  );
  const items = (data?.items ?? []).filter(
    (f) => !q || f.workerName.includes(q) || f.fileNo.toLowerCase().includes(q.toLowerCase()),
  );
  return (
    <div>
      <PageTitle>{t('menu.files')}</PageTitle>
      <Card style={{ marginBottom: 16 }}>
        <Form layout="inline" style={{ rowGap: 8 }}>
          <Form.Item label={t('common.search')} htmlFor="files-q">
            <Input
              id="files-q"
              allowClear
              placeholder={t('common.searchPlaceholder')}
              value={q}
              onChange={(e) => setQ(e.target.value)}
            />
          </Form.Item>
          <Form.Item label={t('common.status')} htmlFor="files-status">
            <Select
              id="files-status"
              allowClear
              style={{ width: 160 }}
              placeholder={t('common.all')}
              value={status}
              onChange={setStatus}
              options={FILE_STATUSES.map((s) => ({ value: s, label: label('status', s) }))}
            />
          </Form.Item>
          <Form.Item label={t('file.category')} htmlFor="files-cat">
            <Select
              id="files-cat"
              allowClear
              style={{ width: 160 }}
              placeholder={t('common.all')}
              value={category}
              onChange={setCategory}
              options={(['deep', 'relative', 'accident'] as const).map((s) => ({
                value: s,
                label: label('category', s),
              }))}
            />
          </Form.Item>
        </Form>
      </Card>
      <ErrorAlert error={error} />
      <Card>
        <ResponsiveTable<FileView>
          rowKey="id"
          loading={loading}
          dataSource={items}
          pagination={{ pageSize: 20, hideOnSinglePage: true }}
          columns={[
            {
              title: t('file.no'),
              dataIndex: 'fileNo',
              render: (v: string, r) => (
                <Space size={4}>
                  <Link to={`/files/${r.id}`}>{v}</Link>
                  {r.incomeDiscrepancy ? (
                    <Tag color="warning" data-testid="income-discrepancy-mark">
                      {t('incomeCheck.mark')}
                    </Tag>
                  ) : null}
                </Space>
              ),
            },
            { title: t('common.worker'), dataIndex: 'workerName' },
            { title: t('common.orgUnit'), dataIndex: 'orgUnitName' },
            {
              title: t('file.causes'),
              dataIndex: 'causes',
              render: (v: string[]) => v.map((c) => <Tag key={c}>{label('cause', c)}</Tag>),
            },
            {
              title: t('file.category'),
              dataIndex: 'category',
              render: (v: string | null) => label('category', v),
            },
            {
              title: t('common.status'),
              dataIndex: 'status',
              render: (v: string) => <StatusTag status={v} />,
            },
            { title: t('file.openedAt'), dataIndex: 'openedAt', render: (v: string) => fmtDateTime(v, lang) },
          ]}
        />
      </Card>
    </div>
  );
}

export function FileDetailPage() {
  const { id } = useParams();
  const { t } = useI18n();
  const { hasRole } = useAuth();
  const { data, error, reload } = useLoad(async () => {
    const file = await ok(client.GET('/api/files/{id}', { params: { path: { id: id! } } }));
    const [worker, household] = await Promise.all([
      ok(client.GET('/api/workers/{id}', { params: { path: { id: file.workerId } } })),
      ok(client.GET('/api/households/{id}', { params: { path: { id: file.householdId } } })),
    ]);
    return { file, worker, household };
  }, [id]);
  if (error) return <ErrorAlert error={error} />;
  if (!data) return <LoadingPage />;
  return (
    <div>
      <PageTitle extra={<Link to="/files">{t('common.back')}</Link>}>
        {t('task.file')} {data.file.fileNo}
      </PageTitle>
      <Row gutter={16}>
        <Col xs={24} xl={16}>
          <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
            <Card size="small" title={t('common.worker')}>
              <WorkerDescriptions worker={data.worker} />
            </Card>
            <IncomeCheckBlock fileId={data.file.id} />
            <FileSections file={data.file} />
            <HelpPlanCard fileId={data.file.id} active={data.file.status === 'active'} />
            <HouseholdSection household={data.household} />
            <AttachmentsCard
              sources={[{ kind: 'files', id: data.file.id }]}
              upload={{ kind: 'files', id: data.file.id }}
              onUploaded={reload}
            />
          </Space>
        </Col>
        <Col xs={24} xl={8}>
          <Card size="small" title={t('task.timeline')}>
            <EventTimeline events={data.file.timeline} />
          </Card>
          {/* only caseworkers file applications (POST /api/cases) */}
          {hasRole('caseworker') ? (
            <Space style={{ marginTop: 16 }}>
              <Link to={`/cases/new?workerId=${data.file.workerId}`}>
                <Button>{t('menu.newCase')}</Button>
              </Link>
            </Space>
          ) : null}
        </Col>
      </Row>
    </div>
  );
}
