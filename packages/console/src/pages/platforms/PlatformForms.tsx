import type { RequestBody, Schema } from '@ezhili/sdk';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Form, Input, Select, Switch } from 'antd';
import { useClient } from '../../auth/AuthContext.js';
import { useFormSubmit } from '../../forms/useFormSubmit.js';
import { useT } from '../../i18n/I18nContext.js';
import type { Platform } from './platform-queries.js';

type Jwks = Schema<'Jwks'>;

/** A JWKS pasted as JSON: the keys the platform signs its calls with. Null when it is not one. */
export function parseJwks(text: string): Jwks | null {
  try {
    const value = JSON.parse(text) as unknown;
    if (typeof value !== 'object' || value === null || !Array.isArray((value as { keys?: unknown }).keys))
      return null;
    return (value as { keys: unknown[] }).keys.length > 0 ? (value as Jwks) : null;
  } catch {
    return null;
  }
}

interface RegistrationValues {
  name: string;
  webhookUrl?: string;
  jwks: string;
  contactName: string;
  contactEmail: string;
}

/** Admin: registers a delivery platform with its public keys, webhook URL and a contact. */
export function RegisterPlatformForm({ onDone }: { onDone(platform: Platform): void }) {
  const t = useT();
  const client = useClient();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<RegistrationValues>();
  const register = useMutation({
    mutationFn: (body: RequestBody<'registerPlatform'>) => client.platforms.register(body),
    onSuccess: (platform) => {
      void queryClient.invalidateQueries({ queryKey: ['platforms'] });
      onDone(platform);
    },
  });
  const { submit, busy, error } = useFormSubmit(
    form,
    (values) =>
      register.mutateAsync({
        name: values.name.trim(),
        jwks: parseJwks(values.jwks)!,
        webhookUrl: values.webhookUrl?.trim() ? values.webhookUrl.trim() : null,
        contacts: [{ name: values.contactName.trim(), email: values.contactEmail.trim() }],
      }),
    { name: 'name', jwks: 'jwks', webhookUrl: 'webhookUrl', contacts: 'contactEmail' },
  );
  return (
    <Form<RegistrationValues>
      form={form}
      layout="vertical"
      onFinish={submit}
      aria-label={t('platform.register')}
    >
      <Form.Item
        name="name"
        label={t('platform.name')}
        rules={[
          { required: true, whitespace: true, message: t('common.required', { field: t('platform.name') }) },
        ]}
      >
        <Input maxLength={200} />
      </Form.Item>
      <Form.Item
        name="webhookUrl"
        label={t('platform.webhookUrl')}
        rules={[{ type: 'url', message: t('platform.urlInvalid') }]}
      >
        <Input placeholder="https://" />
      </Form.Item>
      <Form.Item
        name="jwks"
        label={t('platform.jwks')}
        extra={t('platform.jwksHelp')}
        rules={[
          { required: true, message: t('common.required', { field: t('platform.jwks') }) },
          {
            validator: async (_, value?: string) => {
              if (value && parseJwks(value) === null) throw new Error(t('platform.jwksInvalid'));
            },
          },
        ]}
      >
        <Input.TextArea rows={4} spellCheck={false} />
      </Form.Item>
      <Form.Item
        name="contactName"
        label={t('platform.contactName')}
        rules={[
          {
            required: true,
            whitespace: true,
            message: t('common.required', { field: t('platform.contactName') }),
          },
        ]}
      >
        <Input maxLength={200} />
      </Form.Item>
      <Form.Item
        name="contactEmail"
        label={t('platform.contactEmail')}
        rules={[
          { required: true, message: t('common.required', { field: t('platform.contactEmail') }) },
          { type: 'email', message: t('login.emailInvalid') },
        ]}
      >
        <Input />
      </Form.Item>
      {error ? <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} /> : null}
      <Button type="primary" htmlType="submit" loading={busy}>
        {t('platform.register')}
      </Button>
    </Form>
  );
}

interface SettingsValues {
  webhookUrl?: string;
  webhookEnabled: boolean;
  jwks?: string;
}

/** Admin: the webhook endpoint, and key rotation (a new JWKS replaces the old keys). */
export function PlatformSettingsForm({ platform }: { platform: Platform }) {
  const t = useT();
  const client = useClient();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<SettingsValues>();
  const update = useMutation({
    mutationFn: (body: RequestBody<'updatePlatform'>) => client.platforms.update(platform.id, body),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['platforms', platform.id] }),
  });
  const { submit, busy, error } = useFormSubmit(
    form,
    (values) =>
      update.mutateAsync({
        webhookUrl: values.webhookUrl?.trim() ? values.webhookUrl.trim() : null,
        webhookEnabled: values.webhookEnabled,
        ...(values.jwks?.trim() ? { jwks: parseJwks(values.jwks)! } : {}),
      }),
    { webhookUrl: 'webhookUrl', webhookEnabled: 'webhookEnabled', jwks: 'jwks' },
  );
  return (
    <Form<SettingsValues>
      form={form}
      layout="vertical"
      onFinish={submit}
      initialValues={{ webhookUrl: platform.webhookUrl ?? '', webhookEnabled: platform.webhookEnabled }}
      aria-label={t('platform.settings')}
    >
      <Form.Item
        name="webhookUrl"
        label={t('platform.webhookUrl')}
        rules={[{ type: 'url', message: t('platform.urlInvalid') }]}
      >
        <Input />
      </Form.Item>
      <Form.Item name="webhookEnabled" label={t('platform.webhookEnabled')} valuePropName="checked">
        <Switch />
      </Form.Item>
      <Form.Item
        name="jwks"
        label={t('platform.rotateKeys')}
        extra={t('platform.rotateHelp')}
        rules={[
          {
            validator: async (_, value?: string) => {
              if (value?.trim() && parseJwks(value) === null) throw new Error(t('platform.jwksInvalid'));
            },
          },
        ]}
      >
        <Input.TextArea rows={4} spellCheck={false} />
      </Form.Item>
      {error ? <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} /> : null}
      <Button type="primary" htmlType="submit" loading={busy}>
        {t('common.save')}
      </Button>
    </Form>
  );
}

interface CardValues {
  color: 'yellow' | 'red';
  reason: string;
  period?: string;
  ruleId?: string;
}

/** The detachment or an admin issues a yellow or red card (the platform gets a webhook). */
export function IssueCardForm({
  platformId,
  proposal,
}: {
  platformId: string;
  proposal?: { color: 'yellow' | 'red'; ruleId: string; reason: string; period: string } | undefined;
}) {
  const t = useT();
  const client = useClient();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<CardValues>();
  const issue = useMutation({
    mutationFn: (body: RequestBody<'issuePlatformCard'>) => client.scorecards.issueCard(platformId, body),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['platforms', platformId] }),
  });
  const { submit, busy, error } = useFormSubmit(
    form,
    (values) =>
      issue.mutateAsync({
        color: values.color,
        reason: values.reason.trim(),
        ...(values.period?.trim() ? { period: values.period.trim() } : {}),
        ...(values.ruleId?.trim() ? { ruleId: values.ruleId.trim() } : {}),
      }),
    { color: 'color', reason: 'reason', period: 'period', ruleId: 'ruleId' },
  );
  return (
    <Form<CardValues>
      form={form}
      layout="vertical"
      onFinish={submit}
      initialValues={proposal ?? { color: 'yellow' }}
      aria-label={t('card.issue')}
    >
      <Form.Item name="color" label={t('card.color')}>
        <Select
          options={[
            { value: 'yellow', label: t('card.yellow') },
            { value: 'red', label: t('card.red') },
          ]}
        />
      </Form.Item>
      <Form.Item
        name="period"
        label={t('card.period')}
        rules={[{ pattern: /^[0-9]{4}-(Q[1-4]|0[1-9]|1[0-2])$/, message: t('card.periodInvalid') }]}
      >
        <Input placeholder="2026-Q4 / 2026-12" />
      </Form.Item>
      <Form.Item name="ruleId" label={t('card.rule')}>
        <Input maxLength={100} />
      </Form.Item>
      <Form.Item
        name="reason"
        label={t('common.reason')}
        rules={[
          { required: true, whitespace: true, message: t('common.required', { field: t('common.reason') }) },
        ]}
      >
        <Input.TextArea rows={2} maxLength={2000} />
      </Form.Item>
      {error ? <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} /> : null}
      <Button type="primary" danger htmlType="submit" loading={busy}>
        {t('card.issue')}
      </Button>
    </Form>
  );
}
