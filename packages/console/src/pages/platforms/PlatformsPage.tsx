import { Alert, Button, Modal, Space, Table, Typography } from 'antd';
import { useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { can } from '../../access/operation-roles.js';
import { useRoles } from '../../auth/AuthContext.js';
import { useI18n } from '../../i18n/I18nContext.js';
import { RegisterPlatformForm } from './PlatformForms.js';
import { usePlatformList } from './platform-queries.js';

export function PlatformsPage() {
  const { t } = useI18n();
  const roles = useRoles();
  const navigate = useNavigate();
  const list = usePlatformList();
  const [registering, setRegistering] = useState(false);
  const figure = (key: string) => (row: Record<string, unknown>) =>
    typeof row[key] === 'number' ? row[key] : '—';
  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <Space style={{ width: '100%', justifyContent: 'space-between' }}>
        <Typography.Title level={2} style={{ margin: 0 }}>
          {t('menu.platforms')}
        </Typography.Title>
        {can(roles, 'registerPlatform') ? (
          <Button type="primary" onClick={() => setRegistering(true)}>
            {t('platform.register')}
          </Button>
        ) : null}
      </Space>
      {list.error ? <Alert type="error" showIcon title={list.error.message} /> : null}
      <Table
        rowKey="platformId"
        loading={list.isPending}
        dataSource={list.data ?? []}
        pagination={false}
        columns={[
          {
            title: t('dashboard.platform'),
            dataIndex: 'name',
            render: (name: string, row) => (
              <Link to={`/platforms/${encodeURIComponent(row.platformId)}`}>{name}</Link>
            ),
          },
          { title: 'ID', dataIndex: 'platformId' },
          { title: t('dashboard.leadsDispatched'), render: figure('leadsDispatched') },
          { title: t('dashboard.takeDowns'), render: figure('takeDowns') },
          { title: t('dashboard.takeDownsInTime'), render: figure('takeDownsInTime') },
          { title: t('dashboard.yellowCards'), render: figure('yellowCards') },
          { title: t('dashboard.redCards'), render: figure('redCards') },
        ]}
      />
      <Modal
        open={registering}
        title={t('platform.register')}
        footer={null}
        onCancel={() => setRegistering(false)}
        destroyOnHidden
      >
        <RegisterPlatformForm
          onDone={(platform) => {
            setRegistering(false);
            navigate(`/platforms/${encodeURIComponent(platform.id)}`);
          }}
        />
      </Modal>
    </Space>
  );
}
