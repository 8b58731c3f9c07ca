import { Result } from 'antd';
import { useT } from '../i18n/I18nContext.js';

export function NotFound() {
  const t = useT();
  return <Result status="404" title="404" subTitle={t('common.notFound')} />;
}
