import { Alert, Descriptions } from 'antd';
import { client, ok } from '../api';
import { fmtDateTime, yuan } from '../format';
import { useI18n } from '../i18n';
import { useLoad } from './common';

/**
 * The HR payroll cross-check (多部门联合审核) of a file: a warning block while the file's declared
 * income is below its members' payroll by more than the policy threshold; nothing otherwise.
 * Self-contained (loads its own data) so any page can place it: the task page, the file page.
 */
export function IncomeCheckBlock({ fileId }: { fileId: string }) {
  const { t, lang } = useI18n();
  const { data } = useLoad(
    () => ok(client.GET('/api/files/{id}/income-check', { params: { path: { id: fileId } } })),
    [fileId],
  );
  const d = data?.discrepancy;
  if (!data?.flagged || !d) return null;
  return (
    <Alert
      type="warning"
      showIcon
      data-testid="income-discrepancy"
      title={t('incomeCheck.title')}
      description={
        <div>
          <p style={{ margin: '0 0 8px' }}>
            {t('incomeCheck.text', { months: d.months, percent: d.thresholdPercent })}
          </p>
          <Descriptions size="small" column={2}>
            <Descriptions.Item label={t('incomeCheck.declared')}>
              {yuan(d.declaredFen, lang)}
            </Descriptions.Item>
            <Descriptions.Item label={t('incomeCheck.payroll')}>{yuan(d.payrollFen, lang)}</Descriptions.Item>
            <Descriptions.Item label={t('incomeCheck.flaggedAt')}>
              {fmtDateTime(d.flaggedAt, lang)}
            </Descriptions.Item>
            <Descriptions.Item label={t('incomeCheck.policy')}>v{d.policyVersion}</Descriptions.Item>
          </Descriptions>
        </div>
      }
    />
  );
}
