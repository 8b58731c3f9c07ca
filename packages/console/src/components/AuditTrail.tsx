import { useQuery } from '@tanstack/react-query';
import { Alert, Table, Typography } from 'antd';
import { useClient } from '../auth/AuthContext.js';
import { formatDateTime } from '../format/dates.js';
import { useI18n } from '../i18n/I18nContext.js';

/** The audit events about one subject (a case, a reward claim, …), for auditors and admins. */
export function AuditTrail({ subjectType, subjectId }: { subjectType: string; subjectId: string }) {
  const { t, locale } = useI18n();
  const client = useClient();
  const events = useQuery({
    queryKey: ['audit', 'subject', subjectType, subjectId],
    queryFn: () => client.audit.listEvents({ subjectType, subjectId, limit: 100 }),
  });
  if (events.error) return <Alert type="error" showIcon title={events.error.message} />;
  return (
    <Table
      size="small"
      rowKey="seq"
      loading={events.isPending}
      dataSource={events.data?.items ?? []}
      pagination={false}
      columns={[
        { title: '#', dataIndex: 'seq' },
        { title: t('common.at'), dataIndex: 'at', render: (at: string) => formatDateTime(at, locale) },
        { title: t('audit.action'), dataIndex: 'action' },
        {
          title: t('common.by'),
          dataIndex: 'actor',
          render: (actor: { type: string; id: string }) => `${actor.type}:${actor.id}`,
        },
        {
          title: t('audit.details'),
          dataIndex: 'details',
          render: (details: Record<string, unknown>) => (
            <Typography.Text code style={{ fontSize: 12 }}>
              {JSON.stringify(details)}
            </Typography.Text>
          ),
        },
      ]}
    />
  );
}
