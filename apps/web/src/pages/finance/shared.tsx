import { DownloadOutlined } from '@ant-design/icons';
import { Button, Space, Tag } from 'antd';
import { useState } from 'react';
import { download } from '../../api';
import type { LoanView } from '../../api/types';
import { ErrorAlert, StatusTag } from '../../components/common';
import { fmtDate } from '../../format';
import { useI18n } from '../../i18n';

/** 导出 Excel / CSV of what a finance page shows (`?format=xlsx|csv`, with the bearer token). */
export function ExportButtons({
  path,
  query,
  name,
}: {
  path: string;
  query?: Record<string, string | undefined>;
  name: string;
}) {
  const { t } = useI18n();
  const [error, setError] = useState<unknown>(null);
  const run = (format: 'xlsx' | 'csv') =>
    download(path, { ...query, format }, `${name}.${format}`).catch((e: unknown) => setError(e));
  return (
    <Space wrap>
      <Button icon={<DownloadOutlined />} onClick={() => void run('xlsx')}>
        {t('common.exportXlsx')}
      </Button>
      <Button onClick={() => void run('csv')}>{t('common.exportCsv')}</Button>
      {error ? <ErrorAlert error={error} path={path} /> : null}
    </Space>
  );
}

/** A loan's status; a paused collection is its own status (暂停催收) with the reason and since when. */
export function LoanStatus({
  loan,
  withReason,
}: {
  loan: Pick<LoanView, 'status' | 'pausedReason' | 'pausedSince'>;
  withReason?: boolean;
}) {
  const { t, lang, label } = useI18n();
  if (!loan.pausedReason) return <StatusTag status={loan.status} prefix="loan.status" />;
  const reason = label('pauseReason', loan.pausedReason);
  return (
    <Space size={4} wrap data-testid="loan-paused">
      <Tag color="purple">{t('loan.paused')}</Tag>
      <StatusTag status={loan.status} prefix="loan.status" />
      {withReason ? (
        <span>{t('loan.pausedBecause', { reason, since: fmtDate(loan.pausedSince, lang) })}</span>
      ) : (
        <span>{reason}</span>
      )}
    </Space>
  );
}
