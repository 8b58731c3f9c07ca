import { EzhiliRateLimitError } from '@ezhili/sdk';
import { Alert, Button, Card, Divider, Form, Input, Typography } from 'antd';
import { useState } from 'react';
import { Navigate, useLocation, useNavigate } from 'react-router';
import { useAuth } from '../../auth/AuthContext.js';
import { isSignedOutError } from '../../auth/console-auth.js';
import { useI18n } from '../../i18n/I18nContext.js';

interface LoginForm {
  email: string;
  password: string;
}

export function LoginPage() {
  const { state, signIn, auth } = useAuth();
  const { t, locale, setLocale } = useI18n();
  const navigate = useNavigate();
  const location = useLocation();
  const from = (location.state as { from?: string; expired?: boolean } | null) ?? {};
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  if (state.status === 'signedIn') return <Navigate to={from.from ?? '/'} replace />;

  const onFinish = async (values: LoginForm) => {
    setBusy(true);
    setError(null);
    try {
      await signIn(values.email.trim(), values.password);
      navigate(from.from ?? '/', { replace: true });
    } catch (caught) {
      if (isSignedOutError(caught)) setError(t('login.failed'));
      else if (caught instanceof EzhiliRateLimitError) setError(t('login.rateLimited'));
      else setError(caught instanceof Error ? caught.message : t('common.error'));
    } finally {
      setBusy(false);
    }
  };

  return (
    <main className="login-page">
      <Card style={{ width: 380, margin: '12vh auto' }}>
        <Typography.Title level={3}>{t('app.title')}</Typography.Title>
        <Typography.Paragraph type="secondary">{t('login.title')}</Typography.Paragraph>
        {from.expired && !error ? <Alert type="warning" title={t('session.expired')} showIcon /> : null}
        {error ? <Alert type="error" title={error} showIcon role="alert" /> : null}
        {auth.methods.oidcUrl ? (
          <>
            <Button block href={auth.methods.oidcUrl} style={{ marginTop: 16 }}>
              {t('login.oidc')}
            </Button>
            {auth.methods.password ? <Divider plain>{t('login.or')}</Divider> : null}
          </>
        ) : null}
        {auth.methods.password ? (
          <Form<LoginForm>
            layout="vertical"
            onFinish={onFinish}
            requiredMark={false}
            style={{ marginTop: 16 }}
          >
            <Form.Item
              label={t('login.email')}
              name="email"
              rules={[
                { required: true, message: t('common.required', { field: t('login.email') }) },
                { type: 'email', message: t('login.emailInvalid') },
              ]}
            >
              <Input autoComplete="username" />
            </Form.Item>
            <Form.Item
              label={t('login.password')}
              name="password"
              rules={[{ required: true, message: t('common.required', { field: t('login.password') }) }]}
            >
              <Input.Password autoComplete="current-password" />
            </Form.Item>
            <Button type="primary" htmlType="submit" block loading={busy}>
              {t('login.submit')}
            </Button>
          </Form>
        ) : null}
        <Typography.Paragraph type="secondary" style={{ marginTop: 16 }}>
          {t('login.demoHint')}
        </Typography.Paragraph>
        <Button type="link" onClick={() => setLocale(locale === 'zh-CN' ? 'en-US' : 'zh-CN')}>
          {t('language.switch')}
        </Button>
      </Card>
    </main>
  );
}
