import { Space, Tabs, Typography } from 'antd';
import { can } from '../../access/operation-roles.js';
import { useRoles } from '../../auth/AuthContext.js';
import { useI18n } from '../../i18n/I18nContext.js';
import { RiskBacktests } from './RiskBacktests.js';
import { RiskModelForm } from './RiskModelForm.js';
import { RiskOverview } from './RiskOverview.js';
import { RiskRunPanel } from './RiskRunPanel.js';

export function RiskPage() {
  const { t } = useI18n();
  const roles = useRoles();
  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <Typography.Title level={2} style={{ margin: 0 }}>
        {t('menu.risk')}
      </Typography.Title>
      <Tabs
        items={[
          { key: 'overview', label: t('risk.overview'), children: <RiskOverview /> },
          ...(can(roles, 'createRiskRun')
            ? [{ key: 'run', label: t('risk.run'), children: <RiskRunPanel /> }]
            : []),
          {
            key: 'model',
            label: t('risk.model'),
            children: <RiskModelForm editable={can(roles, 'putRiskModel')} />,
          },
          ...(can(roles, 'listRiskBacktests')
            ? [{ key: 'backtests', label: t('risk.backtests'), children: <RiskBacktests /> }]
            : []),
        ]}
      />
    </Space>
  );
}
