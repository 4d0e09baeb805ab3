import { DownloadOutlined, UploadOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Form, Progress, Space, Typography } from 'antd';
import { useEffect, useRef, useState } from 'react';
import { Link } from 'react-router-dom';
import { client, download, formData, ok } from '../../api';
import { useAuth } from '../../auth';
import type { ImportView } from '../../api/types';
import { ErrorAlert, PageTitle, StatusTag } from '../../components/common';
import { detailText } from '../../errors';
import { fmtDate, yuan } from '../../format';
import { useI18n } from '../../i18n';
import { ResponsiveTable } from '../../components/responsive';

/** Payroll-deduction import. */
export function ImportsPage() {
  const { t, lang } = useI18n();
  const { hasRole } = useAuth();
  // the API takes imports from finance only; the template from finance, auditors and admins
  const mayImport = hasRole('finance');
  const [file, setFile] = useState<File | null>(null);
  const [importId, setImportId] = useState<string | null>(null);
  const [result, setResult] = useState<ImportView | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const input = useRef<HTMLInputElement>(null);

  useEffect(() => {
    if (!importId) return;
    let live = true;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const poll = async () => {
      try {
        const r = await ok(client.GET('/api/repayment-imports/{id}', { params: { path: { id: importId } } }));
        if (!live) return;
        setResult(r);
        if (r.status === 'running') timer = setTimeout(() => void poll(), 700);
      } catch (e) {
        if (live) setError(e);
      }
    };
    void poll();
    return () => {
      live = false;
      if (timer) clearTimeout(timer);
    };
  }, [importId]);

  const upload = async () => {
    if (!file) return;
    setBusy(true);
    setError(null);
    setResult(null);
    try {
      const r = await ok(client.POST('/api/repayment-imports', { body: { file }, bodySerializer: formData }));
      setImportId(r.id);
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };

  const pct = result && result.totalRows ? Math.floor((100 * result.processedRows) / result.totalRows) : 0;
  return (
    <div>
      <PageTitle extra={hasRole('finance', 'auditor', 'admin') ? <TemplateButton /> : null}>
        {t('import.title')}
      </PageTitle>
      {mayImport ? null : (
        <Alert type="info" showIcon title={t('import.financeOnly')} style={{ marginBottom: 16 }} />
      )}
      <Card style={{ marginBottom: 16, display: mayImport ? undefined : 'none' }}>
        <Form layout="inline" onFinish={() => void upload()}>
          <Form.Item label={t('import.file')} htmlFor="import-file">
            <Space wrap>
              {/* the native file input stays (keyboard, screen readers); its browser-language text is hidden */}
              <input
                ref={input}
                id="import-file"
                type="file"
                className="visually-hidden"
                accept=".csv,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
                onChange={(e) => setFile(e.target.files?.[0] ?? null)}
              />
              <Button icon={<UploadOutlined />} onClick={() => input.current?.click()}>
                {t('import.choose')}
              </Button>
              <Typography.Text type={file ? undefined : 'secondary'}>
                {file ? file.name : t('import.noFile')}
              </Typography.Text>
            </Space>
          </Form.Item>
          <Form.Item>
            <Button
              type="primary"
              htmlType="submit"
              icon={<UploadOutlined />}
              disabled={!file}
              loading={busy}
            >
              {t('import.upload')}
            </Button>
          </Form.Item>
        </Form>
      </Card>
      <ErrorAlert error={error} path="POST /api/repayment-imports" />
      {result ? (
        <Card title={`${t('import.progress')} · ${result.fileName}`} data-testid="import-result">
          <Space orientation="vertical" style={{ width: '100%' }}>
            <Space>
              <StatusTag status={result.status} prefix="import.status" />
              <Typography.Text>
                {t('import.summary', {
                  total: result.totalRows,
                  accepted: result.accepted,
                  duplicate: result.duplicate,
                  rejected: result.rejected,
                })}
              </Typography.Text>
            </Space>
            <Progress
              percent={result.status === 'done' ? 100 : pct}
              status={
                result.status === 'failed' ? 'exception' : result.status === 'done' ? 'success' : 'active'
              }
              aria-label={t('import.progress')}
            />
            <ResponsiveTable
              size="small"
              rowKey="rowNo"
              title={() => t('import.rows')}
              pagination={{ pageSize: 50, hideOnSinglePage: true }}
              dataSource={result.rows}
              rowClassName={(r) => (r.outcome === 'rejected' ? 'row-overdue' : '')}
              columns={[
                { title: t('import.rowNo'), dataIndex: 'rowNo' },
                { title: t('common.employeeNo'), dataIndex: 'employeeNo' },
                { title: t('loan.no'), dataIndex: 'loanNo' },
                {
                  title: t('common.amount'),
                  dataIndex: 'amountFen',
                  align: 'right',
                  render: (v: number | null) => yuan(v, lang),
                },
                {
                  title: t('loan.paidOn'),
                  dataIndex: 'paidOn',
                  render: (v?: string | null) => fmtDate(v, lang),
                },
                { title: t('loan.reference'), dataIndex: 'reference' },
                {
                  title: t('import.outcome'),
                  dataIndex: 'outcome',
                  render: (v: string) => <StatusTag status={v} prefix="import" />,
                },
                {
                  title: t('common.reason'),
                  key: 'reason',
                  // the reason as a rule of the error catalog, in the user's language
                  render: (_, r) =>
                    r.reasonRule
                      ? (detailText(lang, {
                          field: r.reasonField ?? '',
                          rule: r.reasonRule,
                          params: r.reasonParams,
                        }) ?? '')
                      : (r.reason ?? ''),
                },
              ]}
            />
            <Link to="/finance/aging">{t('menu.aging')}</Link>
          </Space>
        </Card>
      ) : null}
    </div>
  );
}

/** 下载导入模板: an XLSX with the Chinese headers the import accepts. */
function TemplateButton() {
  const { t } = useI18n();
  const [error, setError] = useState<unknown>(null);
  return (
    <Space>
      <Button
        icon={<DownloadOutlined />}
        data-testid="import-template"
        onClick={() => {
          setError(null);
          download('/api/repayment-imports/template', {}, 'repayment-import-template.xlsx').catch(
            (e: unknown) => setError(e),
          );
        }}
      >
        {t('import.template')}
      </Button>
      {error ? <ErrorAlert error={error} /> : null}
    </Space>
  );
}
