import type { RequestBody } from '@ezhili/sdk';
import { Alert, Button, Form, Input, Radio, Select } from 'antd';
import { useFormSubmit } from '../../forms/useFormSubmit.js';
import { useT } from '../../i18n/I18nContext.js';
import { useTriage } from './case-queries.js';

type Decision = RequestBody<'triageCase'>['decision'];

interface TriageValues {
  decision: Decision;
  classification?: 'general' | 'complex';
  reason?: string;
  duplicateOfCaseId?: string;
}

/** Intake's decision on a received case: accept (route by classification), reject, or merge. */
export function TriageForm({ caseId }: { caseId: string }) {
  const t = useT();
  const [form] = Form.useForm<TriageValues>();
  const triage = useTriage(caseId);
  const decision = Form.useWatch('decision', form);
  const { submit, busy, error } = useFormSubmit(
    form,
    (values) =>
      triage.mutateAsync({
        decision: values.decision,
        ...(values.decision === 'accept' && values.classification
          ? { classification: values.classification }
          : {}),
        ...(values.reason?.trim() ? { reason: values.reason.trim() } : {}),
        ...(values.decision === 'merge' && values.duplicateOfCaseId
          ? { duplicateOfCaseId: values.duplicateOfCaseId.trim() }
          : {}),
      }),
    { classification: 'classification', reason: 'reason', duplicateOfCaseId: 'duplicateOfCaseId' },
  );
  return (
    <Form<TriageValues>
      form={form}
      layout="vertical"
      onFinish={submit}
      initialValues={{ decision: 'accept' }}
    >
      <Form.Item name="decision" label={t('triage.decision')}>
        <Radio.Group
          options={(['accept', 'reject', 'merge'] as const).map((value) => ({
            value,
            label: t(`triage.decision.${value}`),
          }))}
        />
      </Form.Item>
      {decision === 'accept' || decision === undefined ? (
        <Form.Item
          name="classification"
          label={t('case.classification')}
          extra={t('triage.classificationHelp')}
          rules={[{ required: true, message: t('common.required', { field: t('case.classification') }) }]}
        >
          <Select
            options={(['general', 'complex'] as const).map((value) => ({
              value,
              label: t(`case.classification.${value}`),
            }))}
          />
        </Form.Item>
      ) : null}
      {decision === 'merge' ? (
        <Form.Item
          name="duplicateOfCaseId"
          label={t('triage.duplicateOf')}
          rules={[{ required: true, message: t('common.required', { field: t('triage.duplicateOf') }) }]}
        >
          <Input />
        </Form.Item>
      ) : null}
      <Form.Item
        name="reason"
        label={t('common.reason')}
        rules={
          decision === 'reject'
            ? [
                {
                  required: true,
                  whitespace: true,
                  message: t('common.required', { field: t('common.reason') }),
                },
              ]
            : []
        }
      >
        <Input.TextArea rows={2} maxLength={2000} />
      </Form.Item>
      {error ? <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} /> : null}
      <Button type="primary" htmlType="submit" loading={busy}>
        {t('triage.submit')}
      </Button>
    </Form>
  );
}
