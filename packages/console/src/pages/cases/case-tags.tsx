import { Space, Tag } from 'antd';
import { useT } from '../../i18n/I18nContext.js';
import type { CaseSummary } from './case-filters.js';

const STATE_COLOURS = {
  received: 'gold',
  triaged: 'blue',
  investigating: 'purple',
  closed: 'green',
} as const;

export function CaseStateTag({ item }: { item: Pick<CaseSummary, 'state' | 'outcome'> }) {
  const t = useT();
  return (
    <Space size={4}>
      <Tag color={STATE_COLOURS[item.state]}>{t(`case.state.${item.state}`)}</Tag>
      {item.outcome ? <Tag>{t(`case.outcome.${item.outcome}`)}</Tag> : null}
    </Space>
  );
}

export function OverdueTags({ item }: { item: Pick<CaseSummary, 'deadlines' | 'state'> }) {
  const t = useT();
  if (item.state === 'closed' || item.deadlines.overdue.length === 0) return <span>—</span>;
  return (
    <Space size={4}>
      {item.deadlines.overdue.map((kind) => (
        <Tag key={kind} color="red">
          {t(`case.overdue.${kind}`)}
        </Tag>
      ))}
    </Space>
  );
}
