import type { Schema } from '@ezhili/sdk';
import { Alert, Button, Form, Input, Select, Space, Typography } from 'antd';
import { useStaff } from '../../auth/AuthContext.js';
import { useFormSubmit } from '../../forms/useFormSubmit.js';
import { useI18n } from '../../i18n/I18nContext.js';
import { useAssignOfficer, useOfficers } from './case-queries.js';

type CaseDetail = Schema<'CaseDetail'>;
type Officer = Schema<'Officer'>;

interface OfficerValues {
  officerId?: string;
  reason?: string;
}

/** The officers who may handle a case: those of the unit (and district) it is routed to. */
export function officersOfUnit(officers: readonly Officer[], item: CaseDetail): Officer[] {
  return officers.filter(
    (officer) => officer.unit === item.assignedUnit && officer.districtCode === item.assignedDistrictCode,
  );
}

/**
 * Assigning the case to a named officer of its unit, re-assigning it, or handing it back to the
 * unit (no officer chosen). The server checks the officer belongs to the unit regardless.
 */
export function OfficerForm({ item }: { item: CaseDetail }) {
  const { t } = useI18n();
  const me = useStaff();
  const [form] = Form.useForm<OfficerValues>();
  const officers = useOfficers();
  const assign = useAssignOfficer(item.id);
  const candidates = officersOfUnit(officers.data ?? [], item);
  const { submit, busy, error } = useFormSubmit(
    form,
    (values) =>
      assign.mutateAsync({
        officerId: values.officerId ?? null,
        ...(values.reason?.trim() ? { reason: values.reason.trim() } : {}),
      }),
    { officerId: 'officerId', reason: 'reason' },
  );
  const canTake = candidates.some((officer) => officer.id === me.id) && item.assignedOfficer?.id !== me.id;
  return (
    <Form<OfficerValues>
      form={form}
      layout="vertical"
      onFinish={submit}
      aria-label={t('officer.assign')}
      initialValues={{ officerId: item.assignedOfficer?.id }}
    >
      <Typography.Paragraph type="secondary">{t('officer.help')}</Typography.Paragraph>
      <Form.Item name="officerId" label={t('officer.officer')} extra={t('officer.clearHelp')}>
        <Select
          allowClear
          loading={officers.isPending}
          placeholder={t('officer.unassigned')}
          options={candidates.map((officer) => ({ value: officer.id, label: officer.displayName }))}
        />
      </Form.Item>
      <Form.Item name="reason" label={t('common.reason')}>
        <Input maxLength={500} />
      </Form.Item>
      {error ? <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} /> : null}
      <Space>
        <Button type="primary" htmlType="submit" loading={busy}>
          {t('officer.assign')}
        </Button>
        {canTake ? (
          <Button loading={busy} onClick={() => void submit({ officerId: me.id })}>
            {t('officer.takeMyself')}
          </Button>
        ) : null}
      </Space>
    </Form>
  );
}
