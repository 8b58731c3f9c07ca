import type { RequestBody, Schema } from '@ezhili/sdk';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Form, Input, Select, Switch } from 'antd';
import { useClient } from '../../auth/AuthContext.js';
import { useFormSubmit } from '../../forms/useFormSubmit.js';
import { useT } from '../../i18n/I18nContext.js';

type Partner = Schema<'Partner'>;

/** The contract's origin pattern: `https://host[:port]`, `https://*.example.com`, `http://localhost:*`. */
export const ORIGIN_PATTERN = /^https?:\/\/(\*\.)?[A-Za-z0-9.-]+(:([0-9]{1,5}|\*))?$/;

interface PartnerValues {
  id: string;
  name: string;
  allowedOrigins: string[];
  enabled: boolean;
}

/** Registers a widget partner, or edits one (name, allowed origins, on/off). */
export function PartnerForm({ partner, onDone }: { partner?: Partner; onDone(): void }) {
  const t = useT();
  const client = useClient();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<PartnerValues>();
  const save = useMutation({
    mutationFn: (values: PartnerValues) => {
      const allowedOrigins = [...new Set(values.allowedOrigins.map((origin) => origin.trim()))];
      if (partner) {
        const update: RequestBody<'updatePartner'> = {
          name: values.name.trim(),
          allowedOrigins,
          enabled: values.enabled,
        };
        return client.partners.update(partner.id, update);
      }
      return client.partners.register({ id: values.id.trim(), name: values.name.trim(), allowedOrigins });
    },
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['partners'] }),
  });
  const { submit, busy, error } = useFormSubmit(
    form,
    (values) => save.mutateAsync(values),
    {
      id: 'id',
      name: 'name',
      allowedOrigins: 'allowedOrigins',
      enabled: 'enabled',
    },
    onDone,
  );
  return (
    <Form<PartnerValues>
      form={form}
      layout="vertical"
      onFinish={submit}
      initialValues={partner ? { ...partner } : { allowedOrigins: [], enabled: true }}
      aria-label={partner ? t('partner.edit') : t('partner.register')}
    >
      <Form.Item
        name="id"
        label={t('partner.id')}
        extra={t('partner.idHelp')}
        rules={[
          { required: true, message: t('common.required', { field: t('partner.id') }) },
          { pattern: /^[a-z0-9][a-z0-9-]{1,62}$/, message: t('partner.idInvalid') },
        ]}
      >
        <Input disabled={partner !== undefined} />
      </Form.Item>
      <Form.Item
        name="name"
        label={t('partner.name')}
        rules={[
          { required: true, whitespace: true, message: t('common.required', { field: t('partner.name') }) },
        ]}
      >
        <Input maxLength={200} />
      </Form.Item>
      <Form.Item
        name="allowedOrigins"
        label={t('partner.origins')}
        extra={t('partner.originsHelp')}
        rules={[
          { required: true, type: 'array', min: 1, message: t('partner.originsRequired') },
          {
            validator: async (_, origins?: string[]) => {
              const bad = (origins ?? []).filter((origin) => !ORIGIN_PATTERN.test(origin.trim()));
              if (bad.length > 0) throw new Error(t('partner.originInvalid', { origins: bad.join(', ') }));
            },
          },
        ]}
      >
        <Select mode="tags" tokenSeparators={[' ', ',']} open={false} aria-label={t('partner.origins')} />
      </Form.Item>
      {partner ? (
        <Form.Item name="enabled" label={t('partner.enabled')} valuePropName="checked">
          <Switch />
        </Form.Item>
      ) : null}
      {error ? <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} /> : null}
      <Button type="primary" htmlType="submit" loading={busy}>
        {partner ? t('common.save') : t('partner.register')}
      </Button>
    </Form>
  );
}
