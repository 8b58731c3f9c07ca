import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Form, Input } from 'antd';
import { useClient } from '../../auth/AuthContext.js';
import { useFormSubmit } from '../../forms/useFormSubmit.js';
import { useT } from '../../i18n/I18nContext.js';

interface LeadValues {
  summary: string;
  violationCategory?: string;
}

/** Sends a lead about the case's shop to the platform that lists it (a signed webhook follows). */
export function LeadForm({ caseId, category }: { caseId: string; category: string }) {
  const t = useT();
  const client = useClient();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<LeadValues>();
  const create = useMutation({
    mutationFn: (values: LeadValues) =>
      client.leads.create({
        source: 'case',
        caseId,
        summary: values.summary.trim(),
        ...(values.violationCategory?.trim() ? { violationCategory: values.violationCategory.trim() } : {}),
      }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['leads'] }),
  });
  const { submit, busy, error } = useFormSubmit(form, (values) => create.mutateAsync(values), {
    summary: 'summary',
    violationCategory: 'violationCategory',
  });
  return (
    <Form<LeadValues>
      form={form}
      layout="vertical"
      onFinish={submit}
      initialValues={{ violationCategory: category }}
      aria-label={t('lead.send')}
    >
      <Form.Item
        name="summary"
        label={t('lead.summary')}
        extra={t('lead.summaryHelp')}
        rules={[
          { required: true, whitespace: true, message: t('common.required', { field: t('lead.summary') }) },
        ]}
      >
        <Input.TextArea rows={3} maxLength={4000} />
      </Form.Item>
      <Form.Item name="violationCategory" label={t('case.category')}>
        <Input />
      </Form.Item>
      {error ? <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} /> : null}
      <Button htmlType="submit" loading={busy}>
        {t('lead.send')}
      </Button>
    </Form>
  );
}
