import type { Result } from '@ezhili/sdk';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import {
  Alert,
  Button,
  Col,
  Form,
  Input,
  InputNumber,
  Row,
  Select,
  Space,
  Spin,
  Table,
  Typography,
} from 'antd';
import { useEffect } from 'react';
import { useClient } from '../../auth/AuthContext.js';
import { NESTED } from '../../forms/server-errors.js';
import { useFormSubmit } from '../../forms/useFormSubmit.js';
import { useI18n } from '../../i18n/I18nContext.js';

type RiskModel = Result<'getRiskModel'>;
type ModelValues = Omit<RiskModel, 'version' | 'createdAt' | 'createdBy'>;

/** The fields of a model a PUT takes (the stored model's own bookkeeping removed). */
export function modelInput(model: RiskModel): ModelValues {
  const { version: _version, createdAt: _createdAt, createdBy: _createdBy, ...input } = model;
  return input;
}

/**
 * The risk model: everyone who reads risk sees it; an admin edits the intercept, half-life, tier
 * thresholds and each indicator's weight. The server's field errors (e.g. `#/indicators/3/weight`)
 * show on the field they name.
 */
export function RiskModelForm({ editable }: { editable: boolean }) {
  const { t } = useI18n();
  const client = useClient();
  const queryClient = useQueryClient();
  const model = useQuery({ queryKey: ['risk', 'model'], queryFn: () => client.risk.getModel() });
  const [form] = Form.useForm<ModelValues>();
  const save = useMutation({
    mutationFn: (values: ModelValues) => client.risk.putModel(values),
    onSuccess: (saved) => queryClient.setQueryData(['risk', 'model'], saved),
  });
  useEffect(() => {
    if (model.data) form.setFieldsValue(modelInput(model.data));
  }, [model.data, form]);
  const { submit, busy, error } = useFormSubmit(
    form,
    async (values) => {
      // Unedited parts of each indicator (transform, caps, levels) travel as they were.
      const base = modelInput(model.data!);
      await save.mutateAsync({
        ...base,
        ...values,
        tiers: { ...base.tiers, ...values.tiers },
        indicators: base.indicators.map((indicator, index) => ({
          ...indicator,
          ...values.indicators?.[index],
        })),
      });
    },
    {
      name: 'name',
      description: 'description',
      intercept: 'intercept',
      halfLifeDays: 'halfLifeDays',
      tiers: NESTED,
      indicators: NESTED,
      leadTier: 'leadTier',
    },
    () => model.data && form.setFieldsValue(modelInput(model.data)),
  );
  if (model.error) return <Alert type="error" showIcon title={model.error.message} />;
  if (!model.data) return <Spin />;
  const number = (label: string) => [
    { required: true, type: 'number' as const, message: t('risk.numberRequired', { field: label }) },
  ];
  return (
    <Form<ModelValues>
      form={form}
      layout="vertical"
      onFinish={submit}
      disabled={!editable}
      aria-label={t('risk.model')}
    >
      <Typography.Paragraph type="secondary">
        {t('risk.modelVersion', { version: model.data.version, by: model.data.createdBy })}
      </Typography.Paragraph>
      <Row gutter={16}>
        <Col xs={24} md={12}>
          <Form.Item name="name" label={t('risk.modelName')}>
            <Input maxLength={200} />
          </Form.Item>
        </Col>
        <Col xs={12} md={6}>
          <Form.Item name="intercept" label={t('risk.intercept')} rules={number(t('risk.intercept'))}>
            <InputNumber style={{ width: '100%' }} step={0.1} />
          </Form.Item>
        </Col>
        <Col xs={12} md={6}>
          <Form.Item
            name="halfLifeDays"
            label={t('risk.halfLife')}
            rules={[
              ...number(t('risk.halfLife')),
              { type: 'number', min: 1, max: 3650, message: t('risk.halfLifeRange') },
            ]}
          >
            <InputNumber style={{ width: '100%' }} />
          </Form.Item>
        </Col>
      </Row>
      <Form.Item name="description" label={t('risk.modelDescription')}>
        <Input.TextArea rows={2} maxLength={4000} />
      </Form.Item>
      <Space wrap>
        {(['B', 'C', 'D'] as const).map((tier) => (
          <Form.Item
            key={tier}
            name={['tiers', tier]}
            label={t('risk.tierFrom', { tier })}
            rules={[
              ...number(t('risk.tierFrom', { tier })),
              { type: 'number', min: 0, max: 100, message: t('risk.tierRange') },
            ]}
          >
            <InputNumber />
          </Form.Item>
        ))}
        <Form.Item name="leadTier" label={t('risk.leadTier')}>
          <Select
            style={{ width: 100 }}
            options={(['A', 'B', 'C', 'D'] as const).map((tier) => ({ value: tier, label: tier }))}
          />
        </Form.Item>
      </Space>
      <Table
        size="small"
        rowKey={(_, index) => String(index)}
        pagination={false}
        dataSource={model.data.indicators}
        columns={[
          {
            title: t('risk.indicator'),
            render: (_, indicator) =>
              indicator.name ??
              indicator.indicator ??
              (indicator.feature ? (indicator.feature.field ?? indicator.feature.source) : '—'),
          },
          { title: t('risk.transform'), render: (_, indicator) => indicator.transform ?? '—' },
          {
            title: t('risk.weight'),
            render: (_, __, index) => (
              <Form.Item
                name={['indicators', index, 'weight']}
                rules={number(t('risk.weight'))}
                style={{ margin: 0 }}
              >
                <InputNumber step={0.05} aria-label={`${t('risk.weight')} ${index + 1}`} />
              </Form.Item>
            ),
          },
        ]}
      />
      {error ? <Alert type="error" showIcon title={error} style={{ margin: '12px 0' }} /> : null}
      {editable ? (
        <Button type="primary" htmlType="submit" loading={busy} style={{ marginTop: 12 }}>
          {t('risk.saveModel')}
        </Button>
      ) : null}
    </Form>
  );
}
