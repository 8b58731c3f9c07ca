import { Alert, Button, Form, Input, Popconfirm, Select, Space } from 'antd';
import { useState } from 'react';
import { useDistricts } from '../../app/reference-queries.js';
import { yuanToFen } from '../../format/money.js';
import { useFormSubmit } from '../../forms/useFormSubmit.js';
import { useI18n } from '../../i18n/I18nContext.js';
import type { CaseState } from './case-filters.js';
import { useTransition } from './case-queries.js';

type Outcome = 'violation_confirmed' | 'not_confirmed' | 'referred';

interface CloseValues {
  outcome: Outcome;
  penaltyYuan?: string;
  summary: string;
}

/** Closing a case: the outcome, the penalty in yuan (sent in fen) for a confirmed violation, a summary. */
export function CloseCaseForm({ caseId }: { caseId: string }) {
  const { t } = useI18n();
  const [form] = Form.useForm<CloseValues>();
  const transition = useTransition(caseId);
  const outcome = Form.useWatch('outcome', form);
  const { submit, busy, error } = useFormSubmit(
    form,
    (values) => {
      const penaltyFen =
        values.outcome === 'violation_confirmed' ? yuanToFen(values.penaltyYuan ?? '') : null;
      return transition.mutateAsync({
        action: 'close',
        outcome: values.outcome,
        summary: values.summary.trim(),
        ...(penaltyFen !== null ? { penaltyFen } : {}),
      });
    },
    { outcome: 'outcome', penaltyFen: 'penaltyYuan', summary: 'summary' },
  );
  return (
    <Form<CloseValues> form={form} layout="vertical" onFinish={submit} aria-label={t('transition.close')}>
      <Form.Item
        name="outcome"
        label={t('case.outcome')}
        rules={[{ required: true, message: t('common.required', { field: t('case.outcome') }) }]}
      >
        <Select
          options={(['violation_confirmed', 'not_confirmed', 'referred'] as const).map((value) => ({
            value,
            label: t(`case.outcome.${value}`),
          }))}
        />
      </Form.Item>
      {outcome === 'violation_confirmed' ? (
        <Form.Item
          name="penaltyYuan"
          label={t('transition.penaltyYuan')}
          extra={t('transition.penaltyHelp')}
          rules={[
            { required: true, message: t('common.required', { field: t('transition.penaltyYuan') }) },
            {
              validator: async (_, value?: string) => {
                if (value === undefined || value === '') return;
                const fen = yuanToFen(value);
                if (fen === null || fen > 100_000_000_000) throw new Error(t('transition.penaltyInvalid'));
              },
            },
          ]}
        >
          <Input inputMode="decimal" addonBefore="¥" />
        </Form.Item>
      ) : null}
      <Form.Item
        name="summary"
        label={t('transition.summary')}
        extra={t('transition.summaryHelp')}
        rules={[
          {
            required: true,
            whitespace: true,
            message: t('common.required', { field: t('transition.summary') }),
          },
        ]}
      >
        <Input.TextArea rows={3} maxLength={5000} />
      </Form.Item>
      {error ? <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} /> : null}
      <Button type="primary" danger htmlType="submit" loading={busy}>
        {t('transition.close')}
      </Button>
    </Form>
  );
}

interface RerouteValues {
  classification: 'general' | 'complex';
  districtCode?: string;
  reason: string;
}

/** Sending a case to another unit: general → a district bureau, complex → the detachment. */
export function RerouteForm({ caseId }: { caseId: string }) {
  const { t, locale } = useI18n();
  const districts = useDistricts();
  const [form] = Form.useForm<RerouteValues>();
  const transition = useTransition(caseId);
  const classification = Form.useWatch('classification', form);
  const { submit, busy, error } = useFormSubmit(
    form,
    (values) =>
      transition.mutateAsync({
        action: 'reroute',
        classification: values.classification,
        reason: values.reason.trim(),
        ...(values.classification === 'general' && values.districtCode
          ? { districtCode: values.districtCode }
          : {}),
      }),
    { classification: 'classification', districtCode: 'districtCode', reason: 'reason' },
  );
  return (
    <Form<RerouteValues> form={form} layout="vertical" onFinish={submit} aria-label={t('transition.reroute')}>
      <Form.Item
        name="classification"
        label={t('case.classification')}
        rules={[{ required: true, message: t('common.required', { field: t('case.classification') }) }]}
      >
        <Select
          options={(['general', 'complex'] as const).map((value) => ({
            value,
            label: t(`case.classification.${value}`),
          }))}
        />
      </Form.Item>
      {classification === 'general' ? (
        <Form.Item name="districtCode" label={t('case.district')} extra={t('transition.districtHelp')}>
          <Select
            allowClear
            options={(districts.data ?? []).map((district) => ({
              value: district.code,
              label: locale === 'zh-CN' ? district.nameZh : district.nameEn,
            }))}
          />
        </Form.Item>
      ) : null}
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
      <Button htmlType="submit" loading={busy}>
        {t('transition.reroute')}
      </Button>
    </Form>
  );
}

/** "Start the investigation": one confirmed click. */
export function InvestigateButton({ caseId, state }: { caseId: string; state: CaseState }) {
  const { t } = useI18n();
  const transition = useTransition(caseId);
  const [error, setError] = useState<string | null>(null);
  if (state !== 'triaged') return null;
  return (
    <Space orientation="vertical">
      <Popconfirm
        title={t('transition.investigateConfirm')}
        onConfirm={() =>
          transition
            .mutateAsync({ action: 'investigate' })
            .catch((caught: unknown) => setError(caught instanceof Error ? caught.message : String(caught)))
        }
      >
        <Button type="primary" loading={transition.isPending}>
          {t('transition.investigate')}
        </Button>
      </Popconfirm>
      {error ? <Alert type="error" showIcon title={error} /> : null}
    </Space>
  );
}
