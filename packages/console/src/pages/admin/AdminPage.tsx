import type { Schema } from '@ezhili/sdk';
import { useQuery } from '@tanstack/react-query';
import { Alert, Button, Card, Modal, Space, Table, Tabs, Tag, Typography } from 'antd';
import { useState } from 'react';
import { ALL_ROLES } from '../../access/operation-roles.js';
import { pagesFor } from '../../access/pages.js';
import { useClient, useStaff } from '../../auth/AuthContext.js';
import { formatDateTime } from '../../format/dates.js';
import { useI18n } from '../../i18n/I18nContext.js';
import { PartnerForm } from './PartnerForm.js';
import { RetentionPanel } from './RetentionPanel.js';

type Partner = Schema<'Partner'>;

function Partners() {
  const { t, locale } = useI18n();
  const client = useClient();
  const partners = useQuery({ queryKey: ['partners'], queryFn: () => client.partners.list() });
  const [editing, setEditing] = useState<Partner | 'new' | null>(null);
  return (
    <Space orientation="vertical" style={{ width: '100%' }}>
      <Button type="primary" onClick={() => setEditing('new')}>
        {t('partner.register')}
      </Button>
      {partners.error ? <Alert type="error" showIcon title={partners.error.message} /> : null}
      <Table<Partner>
        rowKey="id"
        loading={partners.isPending}
        dataSource={partners.data?.items ?? []}
        pagination={false}
        columns={[
          { title: t('partner.id'), dataIndex: 'id' },
          { title: t('partner.name'), dataIndex: 'name' },
          {
            title: t('partner.origins'),
            dataIndex: 'allowedOrigins',
            render: (origins: string[]) => origins.map((origin) => <Tag key={origin}>{origin}</Tag>),
          },
          {
            title: t('partner.enabled'),
            dataIndex: 'enabled',
            render: (enabled: boolean) => (
              <Tag color={enabled ? 'green' : 'red'}>{enabled ? t('common.yes') : t('common.no')}</Tag>
            ),
          },
          {
            title: t('case.updatedAt'),
            dataIndex: 'updatedAt',
            render: (at: string) => formatDateTime(at, locale),
          },
          {
            title: t('common.actions'),
            render: (_, partner) => (
              <Button size="small" onClick={() => setEditing(partner)}>
                {t('partner.edit')}
              </Button>
            ),
          },
        ]}
      />
      <Modal
        open={editing !== null}
        title={editing === 'new' ? t('partner.register') : t('partner.edit')}
        footer={null}
        onCancel={() => setEditing(null)}
        destroyOnHidden
      >
        {editing ? (
          <PartnerForm partner={editing === 'new' ? undefined : editing} onDone={() => setEditing(null)} />
        ) : null}
      </Modal>
    </Space>
  );
}

/**
 * Staff accounts: the contract has no operation to list or change them (they are managed with the
 * `ezhili user` commands on the server, or in the OIDC provider); the page shows the roles and what
 * each may open, and the commands.
 */
function StaffAndRoles() {
  const { t } = useI18n();
  const me = useStaff();
  return (
    <Space orientation="vertical" style={{ width: '100%' }}>
      <Alert type="info" showIcon title={t('admin.staffCli')} />
      <Card size="small" title={t('admin.commands')}>
        <Typography.Paragraph code copyable>
          ezhili user add --email E --name N --role R [--role R2] [--district CODE]
        </Typography.Paragraph>
        <Typography.Paragraph code copyable>
          ezhili user disable EMAIL [--enable]
        </Typography.Paragraph>
      </Card>
      <Table
        rowKey="role"
        size="small"
        pagination={false}
        dataSource={ALL_ROLES.map((role) => ({ role }))}
        columns={[
          {
            title: t('admin.role'),
            dataIndex: 'role',
            render: (role: (typeof ALL_ROLES)[number]) => (
              <>
                {t(`role.${role}`)} <Typography.Text code>{role}</Typography.Text>{' '}
                {me.roles.includes(role) ? <Tag color="blue">{t('admin.you')}</Tag> : null}
              </>
            ),
          },
          {
            title: t('admin.pages'),
            render: (_, row) => pagesFor([row.role]).map((page) => <Tag key={page.key}>{t(page.label)}</Tag>),
          },
        ]}
      />
    </Space>
  );
}

export function AdminPage() {
  const { t } = useI18n();
  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <Typography.Title level={2} style={{ margin: 0 }}>
        {t('menu.admin')}
      </Typography.Title>
      <Tabs
        items={[
          { key: 'partners', label: t('partner.title'), children: <Partners /> },
          { key: 'staff', label: t('admin.staff'), children: <StaffAndRoles /> },
          { key: 'retention', label: t('retention.title'), children: <RetentionPanel /> },
        ]}
      />
    </Space>
  );
}
