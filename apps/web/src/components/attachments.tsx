import { PaperClipOutlined, UploadOutlined } from '@ant-design/icons';
import { Button, Card, Empty, Form, List, Space, Typography, Upload } from 'antd';
import { useState } from 'react';
import { client, download, formData, ok } from '../api';
import type { AttachmentView } from '../api/types';
import { useAuth } from '../auth';
import { fmtDateTime } from '../format';
import { useI18n } from '../i18n';
import { ErrorAlert, useLoad } from './common';

export type AttachmentSource = { kind: 'files' | 'cases'; id: string };

/** What the API accepts (it checks the content too). */
export const ATTACHMENT_ACCEPT =
  '.pdf,.jpg,.jpeg,.png,.xlsx,.docx,application/pdf,image/jpeg,image/png,' +
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet,' +
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document';

const UPLOAD_ROLES = ['caseworker', 'branch_chair', 'union_chair', 'admin'];

export function fmtSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${Math.round(bytes / 1024)} KB`;
  return `${(Math.round((bytes * 10) / (1024 * 1024)) / 10).toFixed(1)} MB`;
}

/** `GET /api/files/{id}/attachments` and `/api/cases/{id}/attachments` (never the content). */
function list(s: AttachmentSource): Promise<AttachmentView[]> {
  const params = { path: { id: s.id } };
  return ok(
    s.kind === 'files'
      ? client.GET('/api/files/{id}/attachments', { params })
      : client.GET('/api/cases/{id}/attachments', { params }),
  );
}

function uploadTo(s: AttachmentSource, file: File): Promise<AttachmentView> {
  const init = { params: { path: { id: s.id } }, body: { file }, bodySerializer: formData };
  return ok(
    s.kind === 'files'
      ? client.POST('/api/files/{id}/attachments', init)
      : client.POST('/api/cases/{id}/attachments', init),
  );
}

async function loadAll(
  sources: AttachmentSource[],
): Promise<Array<AttachmentView & { source: AttachmentSource }>> {
  const lists = await Promise.all(
    sources.map(async (s) => (await list(s)).map((a) => ({ ...a, source: s }))),
  );
  return lists.flat();
}

/**
 * The 附件 card: the attachments of a file and/or a case, each a download link (fetched with the bearer
 * token; the API audits every read), and optionally an upload to `upload`.
 */
export function AttachmentsCard({
  sources,
  upload,
  onUploaded,
}: {
  sources: AttachmentSource[];
  upload?: AttachmentSource;
  /** called after an upload (the page reloads its timeline, which now has 上传附件) */
  onUploaded?: () => void;
}) {
  const { t, lang } = useI18n();
  const { hasRole } = useAuth();
  const key = sources.map((s) => `${s.kind}:${s.id}`).join(',');
  const { data, error, loading, reload } = useLoad(() => loadAll(sources), [key]);
  const [actionError, setActionError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const [uploaded, setUploaded] = useState<string | null>(null);
  const mayUpload = !!upload && hasRole(...UPLOAD_ROLES);
  const inputId = upload ? `attachment-upload-${upload.id}` : undefined;

  const send = async (file: File) => {
    if (!upload) return;
    setBusy(true);
    setActionError(null);
    setUploaded(null);
    try {
      const a = await uploadTo(upload, file);
      setUploaded(a.fileName);
      reload();
      onUploaded?.();
    } catch (e) {
      setActionError(e);
    } finally {
      setBusy(false);
    }
  };

  const open = async (a: AttachmentView) => {
    setActionError(null);
    try {
      await download(`/api/attachments/${a.id}/content`, {}, a.fileName);
    } catch (e) {
      setActionError(e);
    }
  };

  const items = data ?? [];
  return (
    <Card size="small" title={t('task.attachments')} data-testid="attachments" loading={loading && !data}>
      <Space orientation="vertical" style={{ width: '100%' }}>
        {mayUpload ? (
          <Form layout="inline">
            <Form.Item label={t('attach.upload')} htmlFor={inputId} help={t('attach.rules')}>
              <Upload
                id={inputId}
                accept={ATTACHMENT_ACCEPT}
                showUploadList={false}
                multiple={false}
                disabled={busy}
                customRequest={({ file }) => void send(file as File)}
              >
                <Button icon={<UploadOutlined />} loading={busy}>
                  {t('attach.choose')}
                </Button>
              </Upload>
            </Form.Item>
          </Form>
        ) : null}
        {uploaded ? (
          <Typography.Text type="success" role="status" data-testid="attachment-uploaded">
            {t('attach.uploaded', { name: uploaded })}
          </Typography.Text>
        ) : null}
        <ErrorAlert error={actionError ?? error} />
        {items.length ? (
          <List
            size="small"
            dataSource={items}
            renderItem={(a) => (
              <List.Item
                data-testid="attachment"
                extra={
                  <Typography.Text type="secondary">
                    {fmtSize(a.sizeBytes)} · {a.uploadedByName} · {fmtDateTime(a.createdAt, lang)}
                  </Typography.Text>
                }
              >
                <Space size={6}>
                  <PaperClipOutlined aria-hidden />
                  <a
                    href={`/api/attachments/${a.id}/content`}
                    onClick={(e) => {
                      e.preventDefault();
                      void open(a);
                    }}
                    title={t('attach.download')}
                  >
                    {a.fileName}
                  </a>
                  {sources.length > 1 ? (
                    <Typography.Text type="secondary">
                      {t(a.source.kind === 'files' ? 'attach.ofFile' : 'attach.ofCase')}
                    </Typography.Text>
                  ) : null}
                </Space>
              </List.Item>
            )}
          />
        ) : !loading ? (
          <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('task.noAttachments')} />
        ) : null}
      </Space>
    </Card>
  );
}
