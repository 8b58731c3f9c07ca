import {
  Alert,
  Button,
  Descriptions,
  Form,
  Input,
  Popconfirm,
  Select,
  Space,
  Switch,
  Typography,
} from 'antd';
import { useState } from 'react';
import { formatYuan, yuanToFen } from '../../format/money.js';
import { useFormSubmit } from '../../forms/useFormSubmit.js';
import { useI18n } from '../../i18n/I18nContext.js';
import {
  type RewardClaim,
  useApprovePayout,
  useDetermine,
  usePropose,
  useRewardRules,
} from './reward-queries.js';

interface ProposalValues {
  level: number;
  internalWhistleblower: boolean;
  reasons: string;
}

/** The case handler proposes a level of the rule, with reasons. */
export function ProposeForm({ claim }: { claim: RewardClaim }) {
  const { t } = useI18n();
  const rules = useRewardRules();
  const [form] = Form.useForm<ProposalValues>();
  const propose = usePropose(claim.id);
  const { submit, busy, error } = useFormSubmit(
    form,
    (values) =>
      propose.mutateAsync({
        level: values.level,
        internalWhistleblower: values.internalWhistleblower,
        reasons: values.reasons.trim(),
      }),
    { level: 'level', internalWhistleblower: 'internalWhistleblower', reasons: 'reasons' },
  );
  return (
    <Form<ProposalValues>
      form={form}
      layout="vertical"
      onFinish={submit}
      initialValues={{ internalWhistleblower: false }}
      aria-label={t('reward.propose')}
    >
      <Form.Item
        name="level"
        label={t('reward.level')}
        rules={[{ required: true, message: t('common.required', { field: t('reward.level') }) }]}
      >
        <Select
          options={(rules.data?.rules.levels ?? []).map((level) => ({
            value: level.level,
            label: `${t('reward.levelN', { level: level.level })} · ${level.description}`,
          }))}
        />
      </Form.Item>
      <Form.Item
        name="internalWhistleblower"
        label={t('reward.internalWhistleblower')}
        valuePropName="checked"
        extra={t('reward.internalHelp')}
      >
        <Switch />
      </Form.Item>
      <Form.Item
        name="reasons"
        label={t('reward.reasons')}
        rules={[
          { required: true, whitespace: true, message: t('common.required', { field: t('reward.reasons') }) },
        ]}
      >
        <Input.TextArea rows={3} maxLength={5000} />
      </Form.Item>
      {error ? <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} /> : null}
      <Button type="primary" htmlType="submit" loading={busy}>
        {t('reward.propose')}
      </Button>
    </Form>
  );
}

interface DeterminationValues {
  amountYuan: string;
  reason?: string;
}

/**
 * The committee determines the amount: the rule's amount and bounds beside the field; another
 * amount must lie within the bounds and needs a reason. Typed in yuan, sent in fen.
 */
export function DetermineForm({ claim }: { claim: RewardClaim }) {
  const { t, locale } = useI18n();
  const [form] = Form.useForm<DeterminationValues>();
  const determine = useDetermine(claim.id);
  const amountYuan = Form.useWatch('amountYuan', form);
  const typedFen = amountYuan === undefined ? null : yuanToFen(amountYuan);
  const differs = typedFen !== null && typedFen !== claim.ruleAmountFen;
  const bounds = claim.amountBounds;
  const { submit, busy, error } = useFormSubmit(
    form,
    (values) => {
      const amountFen = yuanToFen(values.amountYuan);
      return determine.mutateAsync(
        amountFen === claim.ruleAmountFen || amountFen === null
          ? {}
          : { amountFen, ...(values.reason?.trim() ? { reason: values.reason.trim() } : {}) },
      );
    },
    { amountFen: 'amountYuan', reason: 'reason' },
  );
  return (
    <Form<DeterminationValues>
      form={form}
      layout="vertical"
      onFinish={submit}
      initialValues={{
        amountYuan: claim.ruleAmountFen === null ? '' : (claim.ruleAmountFen / 100).toFixed(2),
      }}
      aria-label={t('reward.determine')}
    >
      <Descriptions size="small" column={1} bordered style={{ marginBottom: 12 }}>
        <Descriptions.Item label={t('reward.ruleAmount')}>
          {formatYuan(claim.ruleAmountFen, locale)}
        </Descriptions.Item>
        <Descriptions.Item label={t('reward.bounds')}>
          {bounds ? `${formatYuan(bounds.minFen, locale)} – ${formatYuan(bounds.maxFen, locale)}` : '—'}
        </Descriptions.Item>
      </Descriptions>
      <Form.Item
        name="amountYuan"
        label={t('reward.amountYuan')}
        rules={[
          { required: true, message: t('common.required', { field: t('reward.amountYuan') }) },
          {
            validator: async (_, value?: string) => {
              if (value === undefined || value === '') return;
              const fen = yuanToFen(value);
              if (fen === null) throw new Error(t('transition.penaltyInvalid'));
              if (bounds && (fen < bounds.minFen || fen > bounds.maxFen)) {
                throw new Error(
                  t('reward.outOfBounds', {
                    min: formatYuan(bounds.minFen, locale),
                    max: formatYuan(bounds.maxFen, locale),
                  }),
                );
              }
            },
          },
        ]}
      >
        <Input inputMode="decimal" addonBefore="¥" />
      </Form.Item>
      <Form.Item
        name="reason"
        label={t('reward.deviationReason')}
        extra={t('reward.deviationHelp')}
        dependencies={['amountYuan']}
        rules={
          differs
            ? [
                {
                  required: true,
                  whitespace: true,
                  message: t('common.required', { field: t('reward.deviationReason') }),
                },
              ]
            : []
        }
      >
        <Input.TextArea rows={2} maxLength={5000} />
      </Form.Item>
      {error ? <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} /> : null}
      <Button type="primary" htmlType="submit" loading={busy}>
        {t('reward.determine')}
      </Button>
    </Form>
  );
}

/** Finance approves the determined amount; the payout module pays it exactly once. */
export function ApprovePayoutButton({ claim }: { claim: RewardClaim }) {
  const { t, locale } = useI18n();
  const approve = useApprovePayout(claim.id);
  const [note, setNote] = useState('');
  const [error, setError] = useState<string | null>(null);
  return (
    <Space orientation="vertical" style={{ width: '100%' }}>
      <Typography.Text>
        {t('reward.approveAmount', { amount: formatYuan(claim.amountFen, locale) })}
      </Typography.Text>
      <Input.TextArea
        aria-label={t('reward.note')}
        placeholder={t('reward.note')}
        rows={2}
        maxLength={2000}
        value={note}
        onChange={(event) => setNote(event.target.value)}
      />
      <Popconfirm
        title={t('reward.approveConfirm', { amount: formatYuan(claim.amountFen, locale) })}
        onConfirm={() =>
          approve
            .mutateAsync(note.trim() ? { note: note.trim() } : {})
            .then(() => setError(null))
            .catch((caught: unknown) => setError(caught instanceof Error ? caught.message : String(caught)))
        }
      >
        <Button type="primary" loading={approve.isPending}>
          {t('reward.approve')}
        </Button>
      </Popconfirm>
      {error ? <Alert type="error" showIcon title={error} /> : null}
    </Space>
  );
}
