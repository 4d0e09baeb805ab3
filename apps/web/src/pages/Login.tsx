import { Alert, Button, Card, Form, Input, Space, Typography } from 'antd';
import { useState } from 'react';
import { Navigate, useLocation } from 'react-router-dom';
import { useAuth } from '../auth';
import { ErrorAlert } from '../components/common';
import { useI18n } from '../i18n';

export function LoginPage() {
  const { t, lang, setLang } = useI18n();
  const { session, ended, login } = useAuth();
  const location = useLocation();
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const from = (location.state as { from?: string } | null)?.from;
  if (session) return <Navigate to={from && from !== '/login' ? from : '/inbox'} replace />;
  const submit = async (v: { username: string; password: string }) => {
    setBusy(true);
    setError(null);
    try {
      await login(v.username, v.password);
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };
  return (
    <div
      style={{
        minHeight: '100vh',
        display: 'flex',
        alignItems: 'center',
        justifyContent: 'center',
        background: '#f0f2f5',
      }}
    >
      <Card style={{ width: 400 }}>
        <Space orientation="vertical" style={{ width: '100%' }} size="middle">
          <div style={{ display: 'flex', justifyContent: 'space-between', alignItems: 'center' }}>
            <Typography.Title level={3} style={{ margin: 0 }}>
              {t('login.title')}
            </Typography.Title>
            <Button
              size="small"
              aria-label={t('lang.switchLabel')}
              onClick={() => setLang(lang === 'zh' ? 'en' : 'zh')}
            >
              {t('lang.switch')}
            </Button>
          </div>
          {ended === 'expired' ? (
            <Alert type="warning" showIcon role="status" title={t('session.expired')} />
          ) : null}
          {ended === 'logout' ? (
            <Alert type="success" showIcon role="status" title={t('session.loggedOut')} />
          ) : null}
          <ErrorAlert error={error} />
          <Form
            layout="vertical"
            onFinish={(v: { username: string; password: string }) => void submit(v)}
            requiredMark={false}
          >
            <Form.Item
              label={t('login.username')}
              name="username"
              rules={[{ required: true, message: t('login.required', { field: t('login.username') }) }]}
            >
              <Input autoComplete="username" autoFocus />
            </Form.Item>
            <Form.Item
              label={t('login.password')}
              name="password"
              rules={[{ required: true, message: t('login.required', { field: t('login.password') }) }]}
            >
              <Input.Password autoComplete="current-password" />
            </Form.Item>
            <Button type="primary" htmlType="submit" block loading={busy}>
              {t('login.submit')}
            </Button>
          </Form>
        </Space>
      </Card>
    </div>
  );
}
