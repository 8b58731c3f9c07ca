import type { RequestBody, Schema } from '@ezhili/sdk';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import {
  Alert,
  Button,
  Card,
  Descriptions,
  Drawer,
  Form,
  Input,
  List,
  Radio,
  Select,
  Space,
  Table,
  Tag,
  Typography,
} from 'antd';
import { useState } from 'react';
import { can } from '../../access/operation-roles.js';
import { useClient, useRoles } from '../../auth/AuthContext.js';
import { formatDateTime } from '../../format/dates.js';
import { useFormSubmit } from '../../forms/useFormSubmit.js';
import { useI18n } from '../../i18n/I18nContext.js';

type RelistingRequest = Schema<'RelistingRequest'>;
type RelistingStatus = Schema<'RelistingStatus'>;

const STATUS_COLOURS: Record<RelistingStatus, string> = {
  pending: 'gold',
  approved: 'green',
  rejected: 'red',
};

interface DecisionValues {
  outcome: 'approved' | 'rejected';
  reasons: string;
}

/** A decision on a relisting request: approve or reject, always with reasons. */
export function RelistingDecisionForm({ request }: { request: RelistingRequest }) {
  const { t } = useI18n();
  const client = useClient();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<DecisionValues>();
  const decide = useMutation({
    mutationFn: (body: RequestBody<'decideRelistingRequest'>) => client.relisting.decide(request.id, body),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['relisting'] }),
  });
  const { submit, busy, error } = useFormSubmit(
    form,
    (values) => decide.mutateAsync({ outcome: values.outcome, reasons: values.reasons.trim() }),
    { outcome: 'outcome', reasons: 'reasons' },
  );
  return (
    <Form<DecisionValues> form={form} layout="vertical" onFinish={submit} aria-label={t('relisting.decide')}>
      <Form.Item
        name="outcome"
        label={t('relisting.outcome')}
        rules={[{ required: true, message: t('common.required', { field: t('relisting.outcome') }) }]}
      >
        <Radio.Group
          options={[
            { value: 'approved', label: t('relisting.status.approved') },
            { value: 'rejected', label: t('relisting.status.rejected') },
          ]}
        />
      </Form.Item>
      <Form.Item
        name="reasons"
        label={t('common.reason')}
        rules={[
          { required: true, whitespace: true, message: t('common.required', { field: t('common.reason') }) },
        ]}
      >
        <Input.TextArea rows={3} maxLength={4000} />
      </Form.Item>
      {error ? <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} /> : null}
      <Button type="primary" htmlType="submit" loading={busy}>
        {t('relisting.decide')}
      </Button>
    </Form>
  );
}

function RequestDrawer({ request, onClose }: { request: RelistingRequest | null; onClose(): void }) {
  const { t, locale } = useI18n();
  const roles = useRoles();
  if (!request) return null;
  const { review, attestation } = request;
  return (
    <Drawer
      open
      size={620}
      title={t('relisting.request', { id: request.id })}
      onClose={onClose}
      destroyOnHidden
    >
      <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
        <Descriptions size="small" column={1} bordered>
          <Descriptions.Item label={t('dashboard.platform')}>{request.platformId}</Descriptions.Item>
          <Descriptions.Item label={t('case.shop')}>{request.shopId}</Descriptions.Item>
          <Descriptions.Item label={t('relisting.licence')}>
            {review.licence.number}
            {review.licence.expiresOn ? ` · ${t('relisting.expires', { on: review.licence.expiresOn })}` : ''}
          </Descriptions.Item>
          <Descriptions.Item label={t('relisting.summary')}>{review.summary}</Descriptions.Item>
        </Descriptions>
        <Card size="small" title={t('relisting.checklist')}>
          <List
            size="small"
            dataSource={review.checklist}
            renderItem={(entry) => (
              <List.Item>
                <Tag color={entry.passed ? 'green' : 'red'}>
                  {entry.passed ? t('relisting.passed') : t('relisting.failed')}
                </Tag>
                {entry.item}
                {entry.note ? <Typography.Text type="secondary"> — {entry.note}</Typography.Text> : null}
              </List.Item>
            )}
          />
        </Card>
        <Card size="small" title={t('relisting.evidence')}>
          <List
            size="small"
            dataSource={review.rectificationEvidence}
            renderItem={(evidence) => (
              <List.Item>
                <Space orientation="vertical" size={0}>
                  <span>{evidence.description}</span>
                  {Object.entries(evidence)
                    .filter(([key, value]) => key !== 'description' && typeof value === 'string')
                    .map(([key, value]) => (
                      <Typography.Text key={key} type="secondary" style={{ wordBreak: 'break-all' }}>
                        {key}: {String(value)}
                      </Typography.Text>
                    ))}
                </Space>
              </List.Item>
            )}
          />
        </Card>
        <Card size="small" title={t('relisting.attestation')}>
          <Typography.Paragraph type="secondary">{t('relisting.attestationHelp')}</Typography.Paragraph>
          <Descriptions size="small" column={1}>
            <Descriptions.Item label="kid">{attestation.kid}</Descriptions.Item>
            <Descriptions.Item label="alg">{attestation.alg}</Descriptions.Item>
            <Descriptions.Item label="jti">{attestation.jti}</Descriptions.Item>
            <Descriptions.Item label={t('relisting.signedAt')}>
              {formatDateTime(attestation.signedAt, locale)}
            </Descriptions.Item>
            <Descriptions.Item label={t('relisting.bodySha256')}>
              <Typography.Text code copyable style={{ wordBreak: 'break-all' }}>
                {attestation.bodySha256}
              </Typography.Text>
            </Descriptions.Item>
            <Descriptions.Item label={t('relisting.signature')}>
              <Typography.Text code copyable style={{ wordBreak: 'break-all', fontSize: 11 }}>
                {attestation.signature}
              </Typography.Text>
            </Descriptions.Item>
          </Descriptions>
        </Card>
        {request.decision ? (
          <Alert
            type={request.decision.outcome === 'approved' ? 'success' : 'warning'}
            showIcon
            title={`${t(`relisting.status.${request.decision.outcome}`)} · ${formatDateTime(request.decision.decidedAt, locale)}`}
            description={request.decision.reasons}
          />
        ) : can(roles, 'decideRelistingRequest') ? (
          <Card size="small" title={t('relisting.decide')}>
            <RelistingDecisionForm request={request} />
          </Card>
        ) : null}
      </Space>
    </Drawer>
  );
}

export function RelistingPage() {
  const { t, locale } = useI18n();
  const client = useClient();
  const [status, setStatus] = useState<RelistingStatus | undefined>('pending');
  const [selected, setSelected] = useState<string | null>(null);
  const requests = useQuery({
    queryKey: ['relisting', status ?? 'all'],
    queryFn: () => client.relisting.list({ ...(status ? { status } : {}), limit: 200 }),
  });
  const rows = requests.data?.items ?? [];
  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <Typography.Title level={2} style={{ margin: 0 }}>
        {t('menu.relisting')}
      </Typography.Title>
      <Select
        aria-label={t('relisting.statusLabel')}
        allowClear
        placeholder={t('common.all')}
        style={{ width: 180 }}
        value={status}
        onChange={setStatus}
        options={(['pending', 'approved', 'rejected'] as const).map((value) => ({
          value,
          label: t(`relisting.status.${value}`),
        }))}
      />
      {requests.error ? <Alert type="error" showIcon title={requests.error.message} /> : null}
      <Table<RelistingRequest>
        rowKey="id"
        loading={requests.isPending}
        dataSource={rows}
        onRow={(request) => ({ onClick: () => setSelected(request.id), style: { cursor: 'pointer' } })}
        columns={[
          { title: 'ID', dataIndex: 'id' },
          { title: t('dashboard.platform'), dataIndex: 'platformId' },
          { title: t('case.shop'), dataIndex: 'shopId' },
          {
            title: t('relisting.statusLabel'),
            dataIndex: 'status',
            render: (value: RelistingStatus) => (
              <Tag color={STATUS_COLOURS[value]}>{t(`relisting.status.${value}`)}</Tag>
            ),
          },
          {
            title: t('relisting.checklist'),
            render: (_, request) =>
              `${request.review.checklist.filter((entry) => entry.passed).length}/${request.review.checklist.length}`,
          },
          {
            title: t('relisting.submittedAt'),
            dataIndex: 'submittedAt',
            render: (at: string) => formatDateTime(at, locale),
          },
          { title: 'kid', render: (_, request) => request.attestation.kid },
        ]}
      />
      <RequestDrawer
        request={rows.find((request) => request.id === selected) ?? null}
        onClose={() => setSelected(null)}
      />
    </Space>
  );
}
