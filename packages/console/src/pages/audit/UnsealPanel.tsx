import type { RequestBody, Result } from '@ezhili/sdk';
import { useMutation } from '@tanstack/react-query';
import {
  Alert,
  Button,
  Card,
  Col,
  Descriptions,
  Form,
  Input,
  Modal,
  Row,
  Space,
  Tag,
  Typography,
} from 'antd';
import { useState } from 'react';
import { can } from '../../access/operation-roles.js';
import { useClient, useRoles } from '../../auth/AuthContext.js';
import { formatDateTime } from '../../format/dates.js';
import { useFormSubmit } from '../../forms/useFormSubmit.js';
import { useI18n } from '../../i18n/I18nContext.js';

type UnsealRequest = Result<'getUnsealRequest'>;
type Identity = NonNullable<UnsealRequest['identity']>;

function RequestState({ request }: { request: UnsealRequest }) {
  const { t, locale } = useI18n();
  return (
    <Descriptions size="small" bordered column={1}>
      <Descriptions.Item label="ID">{request.id}</Descriptions.Item>
      <Descriptions.Item label={t('case.id')}>{request.caseId}</Descriptions.Item>
      <Descriptions.Item label={t('case.identityCode')}>{request.identityCode}</Descriptions.Item>
      <Descriptions.Item label={t('unseal.state')}>
        <Tag>{t(`unseal.state.${request.state}`)}</Tag>{' '}
        {t('unseal.approvals', { count: request.approvals.length, threshold: request.threshold })}
      </Descriptions.Item>
      <Descriptions.Item label={t('unseal.legalBasis')}>{request.legalBasis}</Descriptions.Item>
      <Descriptions.Item label={t('common.reason')}>{request.reason}</Descriptions.Item>
      <Descriptions.Item label={t('unseal.requestedBy')}>{request.requestedBy}</Descriptions.Item>
      <Descriptions.Item label={t('unseal.expiresAt')}>
        {formatDateTime(request.expiresAt, locale)}
      </Descriptions.Item>
    </Descriptions>
  );
}

/** Asks to open a case's reporter identity; the one-time key is shown here once, kept nowhere. */
function CreateRequest() {
  const { t } = useI18n();
  const client = useClient();
  const [form] = Form.useForm<{ caseId: string; legalBasis: string; reason: string }>();
  const [created, setCreated] = useState<Result<'createUnsealRequest'> | null>(null);
  const create = useMutation({
    mutationFn: (body: RequestBody<'createUnsealRequest'>) => client.unseal.create(body),
    gcTime: 0,
  });
  const { submit, busy, error } = useFormSubmit(
    form,
    async (values) =>
      setCreated(
        await create.mutateAsync({
          caseId: values.caseId.trim(),
          legalBasis: values.legalBasis.trim(),
          reason: values.reason.trim(),
        }),
      ),
    { caseId: 'caseId', legalBasis: 'legalBasis', reason: 'reason' },
  );
  return (
    <Space orientation="vertical" style={{ width: '100%' }}>
      <Form form={form} layout="vertical" onFinish={submit} aria-label={t('unseal.create')}>
        <Form.Item
          name="caseId"
          label={t('case.id')}
          rules={[
            { required: true, message: t('common.required', { field: t('case.id') }) },
            { pattern: /^case_[0-9a-z]{26}$/, message: t('unseal.caseIdInvalid') },
          ]}
        >
          <Input placeholder="case_…" />
        </Form.Item>
        <Form.Item
          name="legalBasis"
          label={t('unseal.legalBasis')}
          rules={[{ required: true, whitespace: true, min: 3, message: t('unseal.legalBasisInvalid') }]}
        >
          <Input maxLength={500} />
        </Form.Item>
        <Form.Item
          name="reason"
          label={t('common.reason')}
          rules={[{ required: true, whitespace: true, min: 10, message: t('unseal.reasonInvalid') }]}
        >
          <Input.TextArea rows={3} maxLength={5000} />
        </Form.Item>
        {error ? <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} /> : null}
        <Button type="primary" htmlType="submit" loading={busy}>
          {t('unseal.create')}
        </Button>
      </Form>
      {created ? (
        <Alert
          type="warning"
          showIcon
          title={t('unseal.keyOnce', { id: created.id })}
          description={
            <Typography.Text code copyable style={{ wordBreak: 'break-all' }}>
              {created.oneTimeKey}
            </Typography.Text>
          }
          closable={{ onClose: () => setCreated(null) }}
        />
      ) : null}
    </Space>
  );
}

/** An auditor's share (k of n open the identity for the requester). */
function SubmitShare() {
  const { t } = useI18n();
  const client = useClient();
  const [form] = Form.useForm<{ requestId: string; share: string }>();
  const [after, setAfter] = useState<UnsealRequest | null>(null);
  const share = useMutation({
    mutationFn: (values: { requestId: string; share: string }) =>
      client.unseal.submitShare(values.requestId.trim(), { share: values.share.trim() }),
    gcTime: 0,
  });
  const { submit, busy, error } = useFormSubmit(
    form,
    async (values) => setAfter(await share.mutateAsync(values)),
    {
      share: 'share',
    },
  );
  return (
    <Space orientation="vertical" style={{ width: '100%' }}>
      <Form form={form} layout="vertical" onFinish={submit} aria-label={t('unseal.submitShare')}>
        <RequestIdField />
        <Form.Item
          name="share"
          label={t('unseal.share')}
          extra={t('unseal.shareHelp')}
          rules={[
            { required: true, message: t('common.required', { field: t('unseal.share') }) },
            { pattern: /^EZA1\.[^.]+\.[A-Za-z0-9_-]+$/, message: t('unseal.shareInvalid') },
          ]}
        >
          <Input.Password autoComplete="off" />
        </Form.Item>
        {error ? <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} /> : null}
        <Button type="primary" htmlType="submit" loading={busy}>
          {t('unseal.submitShare')}
        </Button>
      </Form>
      {after ? <RequestState request={after} /> : null}
    </Space>
  );
}

/**
 * The requester opens an approved request with the one-time key: the identity is shown once in a
 * dialog, held only in this component's state (not in the query cache, never stored), and gone
 * when the dialog closes. The server answers with `Cache-Control: no-store`.
 */
function OpenRequest() {
  const { t } = useI18n();
  const client = useClient();
  const [form] = Form.useForm<{ requestId: string; oneTimeKey?: string }>();
  const [state, setState] = useState<UnsealRequest | null>(null);
  const [identity, setIdentity] = useState<Identity | null>(null);
  const lookUp = useMutation({
    mutationFn: (values: { requestId: string; oneTimeKey?: string }) =>
      client.unseal.get(
        values.requestId.trim(),
        values.oneTimeKey?.trim() ? { unsealKey: values.oneTimeKey.trim() } : {},
      ),
    gcTime: 0,
  });
  const { submit, busy, error } = useFormSubmit(
    form,
    async (values) => {
      const { identity: opened, ...request } = await lookUp.mutateAsync(values);
      setState(request);
      if (opened) setIdentity(opened);
      lookUp.reset();
    },
    {},
  );
  return (
    <Space orientation="vertical" style={{ width: '100%' }}>
      <Form form={form} layout="vertical" onFinish={submit} aria-label={t('unseal.lookUp')}>
        <RequestIdField />
        <Form.Item name="oneTimeKey" label={t('unseal.oneTimeKey')} extra={t('unseal.oneTimeKeyHelp')}>
          <Input.Password autoComplete="off" />
        </Form.Item>
        {error ? <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} /> : null}
        <Button htmlType="submit" loading={busy}>
          {t('unseal.lookUp')}
        </Button>
      </Form>
      {state ? <RequestState request={state} /> : null}
      {identity ? (
        <Modal
          open
          title={t('unseal.identityTitle')}
          onCancel={() => setIdentity(null)}
          onOk={() => setIdentity(null)}
          okText={t('unseal.close')}
          cancelButtonProps={{ style: { display: 'none' } }}
          destroyOnHidden
          maskClosable={false}
        >
          <Alert type="warning" showIcon title={t('unseal.identityOnce')} style={{ marginBottom: 12 }} />
          <Descriptions size="small" bordered column={1}>
            <Descriptions.Item label={t('unseal.realName')}>{identity.realName}</Descriptions.Item>
            <Descriptions.Item label={t('unseal.residentId')}>{identity.residentId}</Descriptions.Item>
            <Descriptions.Item label={t('unseal.phone')}>{identity.phone}</Descriptions.Item>
            <Descriptions.Item label={t('unseal.bank')}>
              {identity.bankAccount.bankName} · {identity.bankAccount.accountName} ·{' '}
              {identity.bankAccount.accountNumber}
            </Descriptions.Item>
            <Descriptions.Item label={t('unseal.identityVersion')}>
              {identity.identityVersion}
            </Descriptions.Item>
          </Descriptions>
        </Modal>
      ) : null}
    </Space>
  );
}

export function UnsealPanel() {
  const { t } = useI18n();
  const roles = useRoles();
  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <Alert type="info" showIcon title={t('unseal.explain')} />
      <Row gutter={[16, 16]}>
        {can(roles, 'createUnsealRequest') ? (
          <Col xs={24} xl={8}>
            <Card size="small" title={t('unseal.create')}>
              <CreateRequest />
            </Card>
          </Col>
        ) : null}
        {can(roles, 'submitUnsealShare') ? (
          <Col xs={24} xl={8}>
            <Card size="small" title={t('unseal.submitShare')}>
              <SubmitShare />
            </Card>
          </Col>
        ) : null}
        <Col xs={24} xl={8}>
          <Card size="small" title={t('unseal.lookUp')}>
            <OpenRequest />
          </Card>
        </Col>
      </Row>
    </Space>
  );
}

/** The unseal request's id, required: the share form and the look-up form both ask for it. */
function RequestIdField() {
  const { t } = useI18n();
  return (
    <Form.Item
      name="requestId"
      label={t('unseal.requestId')}
      rules={[
        { required: true, whitespace: true, message: t('common.required', { field: t('unseal.requestId') }) },
      ]}
    >
      <Input />
    </Form.Item>
  );
}
