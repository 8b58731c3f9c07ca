import { Typography } from 'antd';
import { useT } from '../../i18n/I18nContext.js';

export function PlatformsPage() {
  const t = useT();
  return (
    <Typography.Title level={2} style={{ margin: 0 }}>
      {t('menu.platforms')}
    </Typography.Title>
  );
}
