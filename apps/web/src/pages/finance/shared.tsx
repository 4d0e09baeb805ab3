import { DownloadOutlined } from '@ant-design/icons';
import { Button, Space } from 'antd';
import { useState } from 'react';
import { download } from '../../api';
import { ErrorAlert } from '../../components/common';
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
    <Space>
      <Button icon={<DownloadOutlined />} onClick={() => void run('xlsx')}>
        {t('common.exportXlsx')}
      </Button>
      <Button onClick={() => void run('csv')}>{t('common.exportCsv')}</Button>
      {error ? <ErrorAlert error={error} path={path} /> : null}
    </Space>
  );
}
