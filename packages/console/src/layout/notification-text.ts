import type { Translate } from '../i18n/I18nContext.js';
import type { Notification } from './notification-queries.js';

/** What a notification says, in the console's language: the same few fields as its email. */
export function notificationText(t: Translate, n: Notification): string {
  const code = n.identityCode ?? '';
  const subject = n.identityCode ? t('notification.case', { code }) : t('notification.shopLead');
  const deadline = n.deadline ? t(`notification.deadline.${n.deadline}`) : '';
  return t(`notification.${n.kind}`, { code, subject, deadline });
}
