import { Alert, App, Button, Card, Form, Input, Space } from 'antd';
import { useState } from 'react';
import { useNavigate } from 'react-router-dom';
import { client, ok } from '../api';
import { useAuth } from '../auth';
import { ErrorAlert, PageTitle } from '../components/common';
import { useI18n } from '../i18n';

interface Values {
  currentPassword: string;
  newPassword: string;
  confirm: string;
}

/** My own password: required after an admin created or reset the account (every other call is refused until then). */
export function ChangePasswordPage() {
  const { t } = useI18n();
  const { session, adopt } = useAuth();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const forced = !!session?.user.mustChangePassword;
  const submit = async (v: Values) => {
    setBusy(true);
    setError(null);
    try {
      const r = await ok(
        client.POST('/api/auth/change-password', {
          body: { currentPassword: v.currentPassword, newPassword: v.newPassword },
        }),
      );
      adopt(r);
      void message.success(t('pw.changed'));
      void navigate('/inbox', { replace: true });
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Card style={{ maxWidth: 520 }}>
      <PageTitle>{t('pw.title')}</PageTitle>
      <Space orientation="vertical" style={{ width: '100%' }}>
        {forced ? (
          <Alert type="warning" showIcon role="status" title={t('pw.forced')} data-testid="pw-forced" />
        ) : null}
        <Alert type="info" showIcon title={t('pw.rules')} />
        <ErrorAlert error={error} />
        <Form layout="vertical" onFinish={(v: Values) => void submit(v)} requiredMark={false}>
          <Form.Item label={t('pw.current')} name="currentPassword" rules={[{ required: true }]}>
            <Input.Password autoComplete="current-password" />
          </Form.Item>
          <Form.Item label={t('pw.new')} name="newPassword" rules={[{ required: true }]}>
            <Input.Password autoComplete="new-password" />
          </Form.Item>
          <Form.Item
            label={t('pw.confirm')}
            name="confirm"
            dependencies={['newPassword']}
            rules={[
              { required: true },
              ({ getFieldValue }) => ({
                validator: (_, value) =>
                  !value || getFieldValue('newPassword') === value
                    ? Promise.resolve()
                    : Promise.reject(new Error(t('pw.mismatch'))),
              }),
            ]}
          >
            <Input.Password autoComplete="new-password" />
          </Form.Item>
          <Button type="primary" htmlType="submit" loading={busy}>
            {t('common.save')}
          </Button>
        </Form>
      </Space>
    </Card>
  );
}
