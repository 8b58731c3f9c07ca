import type { NotificationDeadline, NotificationKind } from './notification-records.js';

/** What an email says about one notification: never more than these fields (no reporter, no case content). */
export interface NotificationContent {
  kind: NotificationKind;
  identityCode: string | null;
  deadline: NotificationDeadline | null;
  dueDate: string;
  link: string;
}

const DEADLINE_NAMES: Record<NotificationDeadline, { zh: string; en: string }> = {
  acknowledgement: { zh: '受理确认', en: 'acknowledgement' },
  feedback: { zh: '反馈', en: 'feedback' },
  lead_acknowledgement: { zh: '平台确认线索', en: "the platform's acknowledgement" },
  lead_action: { zh: '平台处置线索', en: "the platform's action" },
};

/** One line in each language; both languages always, as the recipient's is not known. */
export function describeNotification(n: NotificationContent): { zh: string; en: string } {
  const code = n.identityCode ?? '';
  const deadline = n.deadline ? DEADLINE_NAMES[n.deadline] : undefined;
  const subject = n.identityCode
    ? { zh: `案件 ${code}`, en: `Case ${code}` }
    : { zh: '店铺线索', en: 'A shop lead' };
  switch (n.kind) {
    case 'case_in_queue':
      return {
        zh: `新案件 ${code} 已进入本单位队列，${deadline?.zh}期限 ${n.dueDate}。`,
        en: `New case ${code} is in your unit's queue; ${deadline?.en} due ${n.dueDate}.`,
      };
    case 'case_assigned':
      return {
        zh: `案件 ${code} 已分派给您，${deadline?.zh}期限 ${n.dueDate}。`,
        en: `Case ${code} has been assigned to you; ${deadline?.en} due ${n.dueDate}.`,
      };
    case 'case_deadline_soon':
      return {
        zh: `${subject.zh}的${deadline?.zh}期限将至：${n.dueDate}。`,
        en: `${subject.en}: ${deadline?.en} due ${n.dueDate}.`,
      };
    case 'case_overdue':
      return {
        zh: `${subject.zh}的${deadline?.zh}已逾期（期限 ${n.dueDate}）。`,
        en: `${subject.en}: ${deadline?.en} overdue (was due ${n.dueDate}).`,
      };
    default:
      return {
        zh: `${subject.zh}：${deadline?.zh}已逾期（期限 ${n.dueDate}）。`,
        en: `${subject.en}: ${deadline?.en} is overdue (was due ${n.dueDate}).`,
      };
  }
}

const FOOTER = [
  '—',
  '本邮件不含举报人信息和案件内容；请登录监管控制台查看。',
  'This message carries no reporter data and no case content; sign in to the console to see the case.',
];

export function renderNotificationEmail(n: NotificationContent): { subject: string; body: string } {
  const line = describeNotification(n);
  return {
    subject: `[ezhili] ${line.zh} / ${line.en}`,
    body: [line.zh, line.en, '', n.link, '', ...FOOTER, ''].join('\n'),
  };
}

export function renderDigestEmail(
  day: string,
  items: readonly NotificationContent[],
): { subject: string; body: string } {
  const lines = items.flatMap((n) => {
    const line = describeNotification(n);
    return [`• ${line.zh}`, `  ${line.en}`, `  ${n.link}`, ''];
  });
  return {
    subject: `[ezhili] ${day} 通知摘要（${items.length} 条）/ Daily digest: ${items.length} notification${items.length === 1 ? '' : 's'}`,
    body: [`${day}`, '', ...lines, ...FOOTER, ''].join('\n'),
  };
}
