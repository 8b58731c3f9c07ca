import type { Schema } from '@ezhili/sdk';
import { Alert, Button, Descriptions, Form, Input, Space, Tag } from 'antd';
import { formatDateTime } from '../../format/dates.js';
import { useFormSubmit } from '../../forms/useFormSubmit.js';
import { useI18n } from '../../i18n/I18nContext.js';
import { usePlaceLegalHold, useReleaseLegalHold } from './case-queries.js';

type LegalHold = Schema<'LegalHold'>;

/** Shown beside the case title while the case is on legal hold. */
export function LegalHoldTag({ hold }: { hold: LegalHold | null | undefined }) {
  const { t } = useI18n();
  return hold ? <Tag color="purple">{t('hold.onHold')}</Tag> : null;
}

/**
 * The case's legal hold: who placed it, when and why, and the toggle (a reason each way, both
 * audited) for those who may decide it. A held case is left whole by retention (docs/retention.md).
 */
export function LegalHoldPanel({
  caseId,
  hold,
  canDecide,
}: {
  caseId: string;
  hold: LegalHold | null;
  canDecide: boolean;
}) {
  const { t, locale } = useI18n();
  const [form] = Form.useForm<{ reason: string }>();
  const place = usePlaceLegalHold(caseId);
  const release = useReleaseLegalHold(caseId);
  const { submit, busy, error } = useFormSubmit(
    form,
    (values) => (hold ? release : place).mutateAsync({ reason: values.reason.trim() }),
    { reason: 'reason' },
  );
  return (
    <Space orientation="vertical" style={{ width: '100%' }}>
      {hold ? (
        <Descriptions size="small" column={1}>
          <Descriptions.Item label={t('hold.reason')}>{hold.reason}</Descriptions.Item>
          <Descriptions.Item label={t('hold.placed')}>
            {formatDateTime(hold.placedAt, locale)} · {hold.placedBy}
          </Descriptions.Item>
        </Descriptions>
      ) : (
        <Alert type="info" showIcon title={t('hold.none')} />
      )}
      {canDecide ? (
        <Form
          form={form}
          layout="vertical"
          onFinish={submit}
          aria-label={hold ? t('hold.release') : t('hold.place')}
        >
          <Form.Item
            name="reason"
            label={t('hold.reason')}
            extra={hold ? t('hold.releaseHelp') : t('hold.placeHelp')}
            rules={[
              {
                required: true,
                whitespace: true,
                message: t('common.required', { field: t('hold.reason') }),
              },
            ]}
          >
            <Input.TextArea rows={2} maxLength={2000} />
          </Form.Item>
          {error ? <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} /> : null}
          <Button type={hold ? 'default' : 'primary'} danger={Boolean(hold)} htmlType="submit" loading={busy}>
            {hold ? t('hold.release') : t('hold.place')}
          </Button>
        </Form>
      ) : null}
    </Space>
  );
}
