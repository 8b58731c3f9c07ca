import { Alert, Descriptions, Space, Spin, Timeline, Typography } from 'antd';
import { useParams } from 'react-router';
import { useDistrictName } from '../../app/reference-queries.js';
import { formatDateTime } from '../../format/dates.js';
import { useI18n } from '../../i18n/I18nContext.js';
import { useCase } from './case-queries.js';
import { CaseStateTag, OverdueTags } from './case-tags.js';

export function CaseDetailPage() {
  const { caseId = '' } = useParams();
  const { t, locale } = useI18n();
  const districtName = useDistrictName();
  const detail = useCase(caseId);
  if (detail.error) return <Alert type="error" showIcon title={detail.error.message} />;
  if (!detail.data) return <Spin />;
  const item = detail.data;
  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }}>
      <Typography.Title level={2} style={{ margin: 0 }}>
        {item.id}
      </Typography.Title>
      <Descriptions bordered size="small" column={{ xs: 1, md: 2, xl: 3 }}>
        <Descriptions.Item label={t('case.identityCode')}>{item.identityCode}</Descriptions.Item>
        <Descriptions.Item label={t('case.state')}>
          <CaseStateTag item={item} />
        </Descriptions.Item>
        <Descriptions.Item label={t('case.overdue')}>
          <OverdueTags item={item} />
        </Descriptions.Item>
        <Descriptions.Item label={t('case.category')}>{item.category}</Descriptions.Item>
        <Descriptions.Item label={t('case.district')}>{districtName(item.districtCode)}</Descriptions.Item>
        <Descriptions.Item label={t('case.unit')}>{t(`case.unit.${item.assignedUnit}`)}</Descriptions.Item>
        <Descriptions.Item label={t('case.receivedAt')}>
          {formatDateTime(item.receivedAt, locale)}
        </Descriptions.Item>
      </Descriptions>
      <Timeline
        items={item.transitions.map((transition) => ({
          children: `${formatDateTime(transition.at, locale)} · ${transition.action} → ${t(`case.state.${transition.toState}`)}`,
        }))}
      />
    </Space>
  );
}
