import { Space, Tabs, Typography } from 'antd';
import { useI18n } from '../../i18n/I18nContext.js';
import { AuditEvents } from './AuditEvents.js';
import { ChainVerification } from './ChainVerification.js';
import { UnsealPanel } from './UnsealPanel.js';

export function AuditPage() {
  const { t } = useI18n();
  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <Typography.Title level={2} style={{ margin: 0 }}>
        {t('menu.audit')}
      </Typography.Title>
      <Tabs
        items={[
          { key: 'events', label: t('audit.events'), children: <AuditEvents /> },
          { key: 'verify', label: t('audit.verify'), children: <ChainVerification /> },
          { key: 'unseal', label: t('unseal.title'), children: <UnsealPanel /> },
        ]}
      />
    </Space>
  );
}
